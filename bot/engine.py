"""The engine: one input of one user in, neutral replies out, everything saved in between.

For each input: load the user and the flow on top of their stack, restore the flow's shared
machine's model at the saved state, fire the input, apply the effects the flow emitted,
save, and commit it all in one transaction before any reply leaves. It hosts whatever
flows its ``Registry`` holds and speaks none of their vocabulary: states, steps, buttons
and texts come from each flow's spec (``flows/spec.py``).
"""

from __future__ import annotations

import logging

import bot.handlers  # noqa: F401 (registers every effect handler)
from bot import asks, buttons, commands, effects, non_text, reminders, texts
from bot.clock import Clock
from bot.limits import check_text, guarded
from bot.replies import Input, Reply, refused
from bot.storage import Contact, Progress, Store, User
from flows import REGISTRY
from flows import validators as v
from flows.effects import StartFlow
from flows.model import Context, FlowModel
from flows.render import render
from flows.runner import Result
from flows.spec import FlowSpec, Registry

log = logging.getLogger(__name__)

NUDGE_REFRESH = 15 * 60  # seconds: the idle nudge is moved at most this often per user


class Turn:
    """One input's working set: the user, the flow on top, its model; the host of effects."""

    def __init__(self, engine: Engine, user: User, stamp: str) -> None:
        self.engine = engine
        self.store = engine.store
        self.registry = engine.registry
        self.user = user
        self.stamp = stamp
        self.now = engine.clock.now()
        self.spec: FlowSpec = engine.registry.root
        self.ref: int | None = None
        self.model: FlowModel = None  # type: ignore[assignment]
        self.contact: Contact | None = None
        self.root_model: FlowModel = None  # type: ignore[assignment]
        self.start_request: StartFlow | None = None

    @property
    def contact_id(self) -> int | None:
        """The contact the open flow is about, if any."""
        return self.contact.id if self.contact else None

    @property
    def flow(self):
        return self.spec.flow

    def reminders_changed(self) -> None:
        """A reminder was written or moved: front ends wake their timer."""
        self.engine.reminders_added += 1


class Engine:
    """Runs the registered flows for every user over one SQLite store."""

    def __init__(
        self, store: Store, clock: Clock | None = None, registry: Registry | None = None, seed=None
    ) -> None:
        self.store = store
        self.clock = clock or Clock()
        self.registry = registry or REGISTRY
        self.seed = seed  # PRACTICE_SEED: flows that draw at random repeat their draws
        self._delivered: list[int] = []
        # Counts reminders written or moved; front ends wake the scheduler when it changes.
        self.reminders_added = 0
        self._nudged: dict[int, tuple[float, bool]] = {}  # user -> (when, half-finished)

    # -- entry points ------------------------------------------------------------------
    @guarded  # an input over a per-user cap is rolled back and answered (bot/limits.py)
    def handle(
        self,
        user_id: int,
        inp: Input,
        *,
        update_id: int | None = None,
        first_name: str | None = None,
    ) -> list[Reply]:
        """Process one input and return the replies; the answer is committed first."""
        stamp = self.clock.now().isoformat()
        with self.store.transaction():
            self._flush_delivered(stamp)
            if update_id is not None:
                seen, unsent = self.store.seen_update(update_id)
                if seen:
                    return [Reply.from_json(r) for r in unsent or []]
            turn = self._load(user_id, first_name, stamp)
            replies = self._dispatch(turn, inp)
            if not turn.user.erased:  # after /delete nothing about the user is written
                self._save(turn)
                check_text(self.store, user_id, inp)
            if update_id is not None:
                self.store.record_update(update_id, user_id, [r.to_json() for r in replies], stamp)
        return replies

    def delivered(self, update_id: int) -> None:
        """The replies of an update reached the user; noted with the next transaction."""
        self._delivered.append(update_id)

    def flush_delivered(self) -> None:
        """Write pending delivery marks now (at shutdown)."""
        if self._delivered:
            with self.store.transaction():
                self._flush_delivered(self.clock.now().isoformat())

    def _flush_delivered(self, stamp: str) -> None:
        for update_id in self._delivered:
            self.store.mark_sent(update_id, stamp)
        self._delivered.clear()

    # -- loading and saving ------------------------------------------------------------
    def _load(self, user_id: int, first_name: str | None, stamp: str) -> Turn:
        user = self.store.load_user(user_id)
        if user is None:
            user = User(user_id, first_name, is_new=True)
            self.store.insert_user(user, stamp)
        elif first_name and user.first_name != first_name:
            user.first_name = first_name
        user.blocked = False
        turn = Turn(self, user, stamp)
        while user.stack and not self._open(turn, *user.stack[-1]):
            user.stack.pop()  # a contact gone, or a flow no longer hosted
        if not user.stack:
            self._open(turn, self.registry.root.name, None)
        return turn

    def _open(self, turn: Turn, name: str, ref: int | None) -> bool:
        """Make flow ``name`` (about contact ``ref``) the turn's current one."""
        spec = self.registry.get(name)
        if spec is None:
            return False
        contact = None
        if spec.per == "contact":
            contact = self.store.load_contact(ref) if ref is not None else None
            if contact is None or contact.user_id != turn.user.user_id:
                return False
        root = self.registry.root
        uid = turn.user.user_id
        if turn.root_model is None or spec is root:
            turn.root_model = self._model(root, self.store.load_progress(uid, root.name, 0), turn)
        if spec is root:
            model = turn.root_model
        else:
            model = self._model(spec, self.store.load_progress(uid, spec.name, ref or 0), turn)
            model.context.contact = contact.info() if contact else {}
        turn.spec, turn.ref, turn.model, turn.contact = spec, ref, model, contact
        self._refresh_contacts(turn)
        return True

    def _model(self, spec: FlowSpec, p: Progress | None, turn: Turn) -> FlowModel:
        profile = turn.root_model.answers if turn.root_model is not None else {}
        ctx = Context(turn.now, turn.user.tz, profile, favourites=turn.user.favourites)
        ctx.user_name, ctx.seed = self.user_name(turn), self.seed
        ctx.waiting = reminders.waiting_for(self.store.conn, turn.user, ctx)
        if p is None:
            model = spec.flow.model_cls(spec.flow.initial, context=ctx)
        else:
            model = spec.flow.model_cls(p.state, p.answers, p.history, ctx, p.flags)
        if turn.root_model is None:
            ctx.profile = model.answers
        return model

    def _refresh_contacts(self, turn: Turn) -> None:
        if turn.model.state not in turn.spec.list_states:
            return
        flow = self.registry.contact_flow
        turn.model.context.contacts = [
            {"id": c.id, "label": c.label, "stage": self.stage_of(c), "started": c.started}
            for c in self.store.contacts_of(turn.user.user_id, flow.name if flow else "")
        ]

    def stage_of(self, contact: Contact) -> str:
        """Where a contact stands, from the state of its set-up."""
        flow = self.registry.contact_flow
        if flow is None:
            return ""
        return flow.stage_of(contact.state or flow.flow.initial, contact.answers)

    def _save_model(self, turn: Turn) -> None:
        m = turn.model
        row = Progress(turn.user.user_id, turn.spec.name, turn.ref or 0, m.state, m.answers)
        row.flags, row.history = m.flags, m.history
        self.store.save_progress(row, turn.stamp)

    def _save(self, turn: Turn) -> None:
        self._save_model(turn)
        self.store.save_user(turn.user, turn.stamp)
        half = self._half_finished(turn)
        now = turn.now.timestamp()
        last = self._nudged.get(turn.user.user_id)
        if last is None or last[1] != half or now - last[0] > NUDGE_REFRESH:
            reminders.touch_nudge(self.store.conn, turn.user.user_id, half, turn.now)
            self._nudged[turn.user.user_id] = (now, half)

    def _half_finished(self, turn: Turn) -> bool:
        root = self.registry.root
        if root.unfinished and root.unfinished(turn.root_model):
            return True
        if turn.spec.per == "contact":  # a per-user side flow (a rehearsal) is no plan
            return turn.model.state not in turn.spec.final_states
        if turn.root_model.state == root.flow.initial and not turn.root_model.history:
            return False
        flow = self.registry.contact_flow
        uid = turn.user.user_id
        return bool(flow) and self.store.has_open_subjects(uid, flow.name, flow.final_states)

    # -- the flow stack ----------------------------------------------------------------
    def push(self, turn: Turn, name: str, ref: int | None, notice="", answers=None, args=None):
        """Open flow ``name`` on top; a new one begins with ``answers``; ``args`` restart it."""
        self._save_model(turn)
        stack = [f for f in turn.user.stack if f != [name, ref]]
        if stack and stack[-1][0] == name:
            stack.pop()
        if not self._open(turn, name, ref):
            self._open(turn, *(turn.user.stack[-1] if turn.user.stack else (turn.spec.name, None)))
            return [self.show(turn, texts.NO_SUCH_CONTACT)]
        turn.user.stack = [*stack, [name, ref]]
        if turn.model.state == turn.flow.initial:
            turn.model.answers.update(answers or {})
        if turn.spec.start and (args is not None or turn.model.state == turn.flow.initial):
            turn.flow.fire(turn.model, turn.spec.start, value=args)
        opened = turn.spec.text("opened", label=turn.contact.label if turn.contact else "")
        return [self.show(turn, _join(notice, opened))]

    def pop(self, turn: Turn) -> list[Reply]:
        """Close the flow on top; the one below gets its result and carries on."""
        done, label = turn.spec, turn.contact.label if turn.contact else ""
        result = {"flow": done.name, "ref": turn.ref, "answers": dict(turn.model.answers)}
        self._save_model(turn)
        if turn.user.stack:
            turn.user.stack.pop()
        if not (turn.user.stack and self._open(turn, *turn.user.stack[-1])):
            turn.user.stack = []
            self._open(turn, self.registry.root.name, None)
        if turn.spec.on_return:
            turn.flow.fire(turn.model, turn.spec.on_return, value=result)
        self._refresh_contacts(turn)
        extra = self._apply_effects(turn)
        return extra + [self.show(turn, done.text("finished", label=label))]

    def run_flow_command(self, turn: Turn, spec: FlowSpec, trigger: str | None) -> list[Reply]:
        """A command owned by a flow: bring that flow to the top and fire its trigger there."""
        turn.user.overlay = None
        names = [self.registry.root.name] + [name for name, _ in turn.user.stack]
        if spec.name not in names:
            self.push(turn, spec.name, None)
        opened = "" if spec.name in names else spec.text("opened", label="")
        if spec is turn.spec:
            return self.after_move(turn, opened, result=_fire(turn.model, spec, trigger))
        depth = names.index(spec.name)
        target = Turn(self, turn.user, turn.stamp)
        target.root_model = turn.root_model
        self._open(target, spec.name, turn.user.stack[depth - 1][1] if depth else None)
        result = _fire(target.model, spec, trigger)
        if result.error:
            return [self.current_reply(turn, result.error)]
        self._save_model(turn)
        turn.user.stack = turn.user.stack[:depth]
        turn.spec, turn.ref, turn.model = target.spec, target.ref, target.model
        turn.contact, turn.root_model = target.contact, target.root_model
        self._refresh_contacts(turn)
        return self.after_move(turn)

    def restart(self, turn: Turn, user: User) -> None:
        """Erase everything about the user and start them afresh (after /reset)."""
        self.store.delete_user(user.user_id)
        self._nudged.pop(user.user_id, None)
        self.store.insert_user(user, turn.stamp)
        turn.user, turn.root_model = user, None  # type: ignore[assignment]
        self._open(turn, self.registry.root.name, None)

    # -- dispatch ----------------------------------------------------------------------
    def _dispatch(self, turn: Turn, inp: Input) -> list[Reply]:
        if inp.kind == "button":
            return self._press(turn, inp.text)
        if inp.kind == "media":
            return non_text.media(self, turn, inp.media)
        if inp.kind == "contact_card":
            return non_text.contact_card(self, turn, inp)
        text = v.clean_text(inp.text, multiline=True)
        if text.startswith("/") and len(text) < 40 and " " not in text.strip():
            return commands.run(self, turn, text[1:].split("@")[0].lower())
        if turn.user.overlay:
            return asks.answer(self, turn, text)
        if not text:
            return [Reply(texts.EMPTY, self.choices(turn))]
        return self.after_move(turn, result=turn.flow.answer_text(turn.model, text))

    def after_move(self, turn: Turn, notice: str = "", result: Result | None = None) -> list[Reply]:
        """Apply what the flow asked for, then show the step it is at now."""
        result = result or Result()
        extra = self._apply_effects(turn)
        if result.error:
            return extra + [Reply(result.error, self.choices(turn))]
        if result.leave:
            return extra + self.pop(turn)
        if turn.start_request is not None:
            asked, turn.start_request = turn.start_request, None
            return extra + self.push(turn, asked.flow, asked.ref, notice, asked.answers, asked.args)
        return extra + [self.show(turn, notice)]

    def _apply_effects(self, turn: Turn) -> list[Reply]:
        found, turn.model.effects = turn.model.effects, []
        extra = effects.apply(found, turn)
        self._refresh_contacts(turn)
        return extra

    # -- showing -----------------------------------------------------------------------
    def show(self, turn: Turn, notice: str = "") -> Reply:
        """The current step, after a one-off question it needs first (zone, name)."""
        asked = asks.needed(self, turn, notice)
        if asked is not None:
            return asked
        prompt = render(turn.flow, turn.model, self.user_name(turn))
        return Reply(_join(notice, prompt.text), self.wrap(turn, prompt.choices))

    def current_reply(self, turn: Turn, notice: str = "") -> Reply:
        """What the user is being asked right now: a one-off question, or the step."""
        if turn.user.overlay:
            return Reply(_join(notice, asks.prompt(self, turn)), asks.choices(turn))
        return self.show(turn, notice)

    def choices(self, turn: Turn) -> list[tuple[str, str]]:
        """The buttons of whatever is being asked right now."""
        if turn.user.overlay:
            return asks.choices(turn)
        prompt = render(turn.flow, turn.model, self.user_name(turn), header=False)
        return self.wrap(turn, prompt.choices)

    def wrap(self, turn: Turn, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Button data for a step's choices, in the flow's own scope."""
        ref = turn.ref if turn.spec.per == "contact" else None
        state, scope = turn.model.state, turn.spec.scope
        return [(buttons.step(scope, ref, state, value), lbl) for value, lbl in choices]

    @staticmethod
    def user_name(turn: Turn) -> str:
        """The name the user gives on calls (else Telegram's first name)."""
        return turn.user.name or turn.user.first_name or ""

    def aside(self, turn: Turn, reply: Reply) -> list[Reply]:
        """A reply that is not the step (a list, a status), then the step again."""
        reply.aside = True
        return [reply, self.current_reply(turn)]

    # -- buttons -----------------------------------------------------------------------
    def _press(self, turn: Turn, data: str) -> list[Reply]:
        button = buttons.parse(data)
        if button is None:
            return [refused(self.current_reply(turn, texts.BAD_BUTTON))]
        if button.scope in buttons.HANDLERS:  # a reminder's, the bank's, the dashboard's
            return buttons.HANDLERS[button.scope](self, turn, button)
        if button.scope == buttons.QUESTION:
            if turn.user.overlay != button.question:
                return [refused(self.current_reply(turn, texts.STALE_BUTTON))]
            return asks.answer(self, turn, button.value, pressed=True)
        spec = self.registry.by_scope(button.scope)
        if spec is None or (spec.per == "contact") != (button.ref is not None):
            return [refused(self.current_reply(turn, texts.BAD_BUTTON))]
        if spec.per == "contact":
            owner = self.store.load_contact(button.ref)
            if owner is None or owner.user_id != turn.user.user_id:
                return [refused(self.current_reply(turn, texts.BAD_BUTTON))]
        if turn.spec is not spec or turn.ref != button.ref:
            return [refused(self.current_reply(turn, texts.STALE_BUTTON))]
        if turn.user.overlay or button.state != turn.model.state:
            return [refused(self.current_reply(turn, texts.STALE_BUTTON))]
        return self.after_move(turn, result=turn.flow.choose(turn.model, button.value))


@effects.handles(StartFlow)
def _start_flow(effect: StartFlow, turn: Turn) -> None:
    """Open another flow once this input's move is done."""
    turn.start_request = effect


def _fire(model: FlowModel, spec: FlowSpec, trigger: str | None) -> Result:
    return spec.flow.command(model, trigger) if trigger else Result()


def _join(notice: str, text: str) -> str:
    return f"{notice}\n\n{text}" if notice else text
