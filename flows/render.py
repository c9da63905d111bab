"""Turns a model at a step into a neutral prompt: text and the choices to offer."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows import copy
from flows.model import FlowModel
from flows.runner import KEEP, Flow
from flows.scripts import Fields, show_time

LABEL_MAX = 48


@dataclass
class Prompt:
    """What a step shows: its text and its choices as (value, label) pairs."""

    text: str
    choices: list[tuple[str, str]] = field(default_factory=list)


def render(flow: Flow, model: FlowModel, user_name: str = "", header: bool = True) -> Prompt:
    """The current step of ``model`` as text and choices."""
    step = flow.step(model)
    variant = model.variant()
    titles = flow.texts.titles_for(variant)
    body = flow.texts.prompt(step.state, variant).format_map(Fields(model, user_name))
    said = model.flags.get("said")
    if said and not step.extra.get("said_inline"):
        body = f"{said}\n\n{body}"
    if header:
        head = copy.STEP_HEADER.format(
            number=step.number, total=flow.total, title=titles[step.number]
        )
        body = f"{head}\n\n{body}"
    choices = [(o.value, flow.label(o.label)) for o in step.all_options(model)]
    kept = flow.kept_answer(step, model)
    if kept:
        shown = show_time(kept, model.context.tz) if step.kind == "when" else kept
        given = bool(step.field and model.answers.get(step.field))
        template = copy.KEEP_LABEL if given else copy.USE_LABEL
        choices.insert(0, (KEEP, _short(template.format(value=shown))))
    return Prompt(body, choices)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "\u2026"
