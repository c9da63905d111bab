"""Feeds one input to a flow: validate at the step, store the answer, fire the transition.

One ``Flow`` (and so one ``transitions.Machine``) exists per flow for the whole process; each
input moves a short-lived model that the engine restored from storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from transitions import Machine

from flows import copy
from flows import validators as v
from flows.model import FlowModel
from flows.steps import Option, Step
from flows.when import NeedsTime, WhenError, ensure_ahead, parse_when

KEEP = "keep"


@dataclass(frozen=True)
class Texts:
    """A flow's own copy: step titles by number, prompts by state, button labels by key.

    The coach's flows keep theirs in ``flows/copy.py``; a new flow may bring its own.
    """

    titles: dict[int, str]
    prompts: dict[str, str]
    labels: dict[str, str]
    # Other wordings of some prompts and titles, by the name a model's ``variant()`` gives.
    variant_prompts: dict[str, dict[str, str]] = field(default_factory=dict)
    variant_titles: dict[str, dict[int, str]] = field(default_factory=dict)

    def prompt(self, state: str, variant: str | None = None) -> str:
        """A step's text, in the variant's wording where it has one."""
        return self.variant_prompts.get(variant or "", {}).get(state) or self.prompts[state]

    def titles_for(self, variant: str | None = None) -> dict[int, str]:
        """The step titles, in the variant's wording where it has one."""
        return {**self.titles, **self.variant_titles.get(variant or "", {})}


@dataclass
class Result:
    """What became of one input: an error to re-ask with, or a move (maybe out of the flow)."""

    error: str | None = None
    leave: bool = False


class Flow:
    """A flow's steps and its one shared state machine."""

    def __init__(
        self,
        name: str,
        model_cls: type[FlowModel],
        states: list[Any],
        transitions: list[dict[str, Any]],
        steps: dict[str, Step],
        total: int,
        initial: str,
        texts: Texts | None = None,
    ) -> None:
        self.name = name
        self.texts = texts or Texts(
            copy.TITLES[name],
            copy.PROMPTS,
            copy.LABELS,
            copy.VARIANT_PROMPTS,
            copy.VARIANT_TITLES,
        )
        self.model_cls = model_cls
        self.steps = steps
        self.total = total
        self.initial = initial
        self.states, self.transitions = states, transitions  # kept for the diagrams
        self.machine = Machine(
            model=None,
            states=states,
            transitions=transitions,
            initial=initial,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=True,
        )

    # -- moving ------------------------------------------------------------------------
    def fire(self, model: FlowModel, trigger: str, value: Any = None) -> bool:
        """Fire ``trigger`` on the shared machine for this model; remember the way back."""
        event = self.machine.events.get(trigger)
        if event is None or model.state not in event.transitions:
            return False  # no such move from here (quietly: transitions would log a warning)
        before = model.state
        moved = event.trigger(model, value=value)
        if moved and model.state != before and before in self.steps:
            model.remember(before)
        return bool(moved)

    def back(self, model: FlowModel) -> bool:
        """Return one step, keeping the answer given there so it can be kept or changed."""
        model.flags.pop("partial_when", None)
        model.flags.pop("said", None)
        left = model.state
        while model.history:
            previous = model.history.pop()
            step = self.steps.get(previous)
            if step is None or previous == model.state or step.extra.get("passing"):
                continue
            self.machine.set_state(previous, model)
            model.after_back(left)
            return True
        return False

    def command(self, model: FlowModel, trigger: str) -> Result:
        """Fire a trigger a command asked for; say why not when it cannot move."""
        if not self.fire(model, trigger):
            return Result(error=copy.blocked(model.state, trigger))
        return Result()

    def step(self, model: FlowModel) -> Step:
        """The step the model is at."""
        return self.steps[model.state]

    def label(self, key: str) -> str:
        """A button's text; a key not in the flow's labels is already the text."""
        return self.texts.labels.get(key, key)

    def is_state(self, state: str) -> bool:
        """True when ``state`` is a real state of this flow's machine."""
        return state in self.machine.states

    # -- inputs ------------------------------------------------------------------------
    def answer_text(self, model: FlowModel, text: str) -> Result:
        """Take typed text at the current step."""
        model.flags.pop("said", None)
        step = self.step(model)
        rephrases = step.extra.get("rephrases")
        picked = (
            self._match_label(step, model, text)
            or self._match_number(step, model, text)
            or self._match_yes_no(step, model, text)
        )
        if rephrases and picked is None and not _is_small_number(text):
            self.fire(model, "rephrase")
            return self.answer_text(model, text)
        option = self._match_label(step, model, text) or self._match_keep(step, model, text)
        if option is None and step.kind in ("info", "confirm", "choice"):
            option = self._match_number(step, model, text) or self._match_yes_no(step, model, text)
            if option is None and (
                step.kind != "choice" or step.parse is None or _is_small_number(text)
            ):
                return Result(error=self._pick_one(step, model, text))
        if option is not None:
            return self.choose(model, option.value)
        return self._accept(step, model, text)

    def choose(self, model: FlowModel, value: str) -> Result:
        """Take a button press (or a typed label) at the current step."""
        model.flags.pop("said", None)
        step = self.step(model)
        if value == KEEP:
            kept = self.kept_answer(step, model)
            if kept is None and step.kind == "when" and model.answers.get(step.field):
                kept = str(model.answers[step.field])  # passed: _accept says so
            if kept is None:
                return Result(error=copy.NOTHING_TO_KEEP)
            return self._accept(step, model, kept, raw=False)
        option = next((o for o in step.all_options(model) if o.value == value), None)
        if option is None:
            return Result(error=self._pick_one(step, model, value))
        if option.trigger == "leave":
            self.fire(model, "leave")  # a flow may tidy up as it closes (most have no such move)
            return Result(leave=True)
        if step.field and step.kind in ("choice", "confirm") and option.store:
            model.answers[step.field] = option.value
        if not self.fire(model, option.trigger, value=option.value):
            return Result(error=copy.blocked(model.state, option.trigger))
        return Result()

    def skip(self, model: FlowModel) -> Result:
        """Pass over an optional step; elsewhere say why not."""
        model.flags.pop("said", None)
        step = self.step(model)
        if not step.optional:
            return Result(error=copy.cannot_skip(step.state))
        model.flags.pop("partial_when", None)
        if step.field and step.kind != "list":
            model.answers[step.field] = None
        if not self.fire(model, step.skip_trigger):
            return Result(error=copy.blocked(model.state, step.skip_trigger))
        return Result()

    def kept_answer(self, step: Step, model: FlowModel) -> str | None:
        """The answer a "keep" button re-uses: the one given before, else a suggestion."""
        if step.kind not in ("text", "when") or not step.field:
            return None
        given = model.answers.get(step.field)
        kept = str(given) if given else (step.prefill(model) if step.prefill else None)
        if kept and step.kind == "when" and model.context is not None:
            if datetime.fromisoformat(kept) < model.context.now:
                return None  # a time that has passed is no answer to keep
        return kept

    def answer_card(self, model: FlowModel, name: str, phone: str) -> tuple[Result, str] | None:
        """A shared contact card at a step that takes one: the result and what was used.

        None when this step does not take a card, or the card lacks what it needs.
        """
        use = self.step(model).extra.get("card")
        if use == "name" and name:
            if phone:
                model.flags["card_phone"] = phone
            return self.answer_text(model, name), "name"
        if use == "phone" and phone:
            return self.answer_text(model, phone), "phone"
        return None

    # -- internals ---------------------------------------------------------------------
    def _accept(self, step: Step, model: FlowModel, text: str, raw: bool = True) -> Result:
        try:
            value = self._parse(step, model, text, raw)
        except (v.Invalid, WhenError) as err:
            return Result(error=str(err))
        if step.guard:
            flagged = v.job_ask_reasons(value)
            if flagged:
                model.flags["flagged"] = flagged
                model.flags["flagged_field"] = step.field
            else:
                model.flags.pop("flagged", None)
                model.flags.pop("flagged_field", None)
        if step.field and step.kind != "list":
            model.answers[step.field] = value
        if not self.fire(model, step.text_trigger, value=value):
            return Result(error=copy.blocked(model.state, step.text_trigger))
        return Result()

    def _parse(self, step: Step, model: FlowModel, text: str, raw: bool) -> Any:
        if step.kind == "when":
            return self._parse_when(model, text, raw)
        if step.parse is None:
            raise v.Invalid(self._pick_one(step, model, text))
        return step.parse(text)

    @staticmethod
    def _parse_when(model: FlowModel, text: str, raw: bool) -> str:
        """A typed time; a day given alone is remembered and joined to the time typed next."""
        ctx = model.context
        tz = ctx.tz or "UTC"
        if not raw:  # a kept answer: still refused once its time has passed
            ensure_ahead(datetime.fromisoformat(text), ctx.now, tz)
            return text
        pending = model.flags.pop("partial_when", None)
        partial = pending.get("text") if isinstance(pending, dict) else None
        if partial and pending.get("state") != model.state:
            partial = None
        if partial:
            try:
                return parse_when(f"{partial} {text}", ctx.now, tz).isoformat()
            except WhenError:
                pass
        try:
            return parse_when(text, ctx.now, tz).isoformat()
        except NeedsTime:
            model.flags["partial_when"] = {"state": model.state, "text": text}
            raise

    def _match_label(self, step: Step, model: FlowModel, text: str) -> Option | None:
        wanted = text.strip().casefold()
        for option in step.all_options(model):
            if self.label(option.label).casefold() == wanted or option.value.casefold() == wanted:
                return option
        return None

    def _match_number(self, step: Step, model: FlowModel, text: str) -> Option | None:
        options = step.all_options(model)
        if text.strip().isdecimal():  # not isdigit: "³" is a digit that int() refuses
            index = int(text.strip())
            if 1 <= index <= len(options):
                return options[index - 1]
        return None

    def _match_keep(self, step: Step, model: FlowModel, text: str) -> Option | None:
        """On a typed step with a keep button, its number ("1") or its label picks it."""
        kept = self.kept_answer(step, model)
        if not kept:
            return None
        typed = " ".join(text.split()).casefold()
        if typed in ("1", "keep", "keep it", "use", "use it", "same"):
            return Option(KEEP, KEEP)
        for template in (copy.KEEP_LABEL, copy.USE_LABEL):
            prefix = template.format(value="").casefold()
            if typed.startswith(prefix) and typed != prefix:
                rest = typed[len(prefix) :].rstrip("\u2026")
                if " ".join(kept.split()).casefold().startswith(rest):
                    return Option(KEEP, KEEP)
        return None

    def _match_yes_no(self, step: Step, model: FlowModel, text: str) -> Option | None:
        """ "yes" picks the first button of a confirmation (or a lone button), "no" the second."""
        options = step.all_options(model)
        if step.kind not in ("confirm", "info") or not options:
            return None
        try:
            yes = v.yes_no(text)
        except v.Invalid:
            return None
        if yes:
            return options[0]
        return options[1] if step.kind == "confirm" and len(options) > 1 else None

    def _pick_one(self, step: Step, model: FlowModel, text: str) -> str:
        labels = [self.label(o.label) for o in step.all_options(model)]
        return copy.pick_one(labels)


def _is_small_number(text: str) -> bool:
    """A typed number that can only mean "the button with this number"."""
    text = text.strip().rstrip(".")
    return text.isdecimal() and len(text) <= 2
