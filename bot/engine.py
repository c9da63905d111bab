"""The engine: one input of one user in, neutral replies out, everything saved in between.

For each input it loads the user's progress from SQLite, restores the shared machine's model
at the saved state, fires the transition, applies the flow's effects, and commits it all in
one transaction before any reply leaves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot import buttons, reminders, texts
from bot.calendar_file import ics_filename, meeting_ics
from bot.clock import Clock
from bot.commands import COMMANDS
from bot.questions import QUESTIONS
from bot.replies import Document, Input, Reply
from bot.status import status_text
from bot.storage import Contact, Store, User
from flows import PREP, SETUP
from flows import validators as v
from flows.model import Context, FlowModel
from flows.render import render
from flows.runner import Flow, Result
from flows.scripts import call_card, person_name
from flows.setup import STAGE_OF_STATE
from flows.when import WhenError, format_when, parse_timezone, zone_label

log = logging.getLogger(__name__)

FINAL_SETUP_STATES = {"done", "closed"}
# Preparation steps that show or pick from the contact list (loaded only there).
CONTACT_STATES = {"review", "choose_contact"}
NUDGE_REFRESH = 15 * 60  # seconds: the idle nudge is moved at most this often per user
TEXT_KINDS = {"text", "list", "when"}


@dataclass
class Turn:
    """One input's working set: the user, the flow in use, its model, the open contact."""

    user: User
    contact: Contact | None
    flow: Flow
    model: FlowModel


class Engine:
    """Runs the flows for every user over one SQLite store."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or Clock()
        self._delivered: list[int] = []
        # Counts reminders written or moved; front ends wake the scheduler when it changes.
        self.reminders_added = 0
        self._nudged: dict[int, tuple[float, bool]] = {}  # user -> (when, half-finished)

    # -- entry points ------------------------------------------------------------------
    def handle(
        self,
        user_id: int,
        inp: Input,
        *,
        update_id: int | None = None,
        first_name: str | None = None,
    ) -> list[Reply]:
        """Process one input and return the replies; the answer is committed first."""
        now = self.clock.now()
        stamp = now.isoformat()
        with self.store.transaction():
            self._flush_delivered(stamp)
            if update_id is not None:
                seen, unsent = self.store.seen_update(update_id)
                if seen:
                    return [Reply.from_json(r) for r in unsent or []]
            turn = self._load(user_id, first_name, stamp)
            replies = self._dispatch(turn, inp)
            self._save(turn, stamp)
            if update_id is not None:
                self.store.record_update(update_id, user_id, [r.to_json() for r in replies], stamp)
        return replies

    def delivered(self, update_id: int) -> None:
        """The replies of an update reached the user; noted with the next transaction.

        Until then a redelivery of that update (only possible after a crash) sends its
        stored replies once more: the one-message window README states.
        """
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
        if user.blocked:
            user.blocked = False
        contact = None
        if user.active_contact is not None:
            contact = self.store.load_contact(user.active_contact)
            if contact is None or contact.user_id != user_id:
                user.active_contact = None
                contact = None
        return self._turn(user, contact)

    def _turn(self, user: User, contact: Contact | None) -> Turn:
        now = self.clock.now()
        if contact is not None:
            ctx = Context(now, user.tz, user.prep_answers, _contact_info(contact))
            model = SETUP.model_cls(contact.state, contact.answers, contact.history, ctx)
            return Turn(user, contact, SETUP, model)
        turn = Turn(user, None, PREP, None)  # type: ignore[arg-type]
        ctx = Context(now, user.tz, user.prep_answers)
        turn.model = PREP.model_cls(user.prep_state, user.prep_answers, user.prep_history, ctx)
        if user.prep_state in CONTACT_STATES:
            self._refresh_contacts(turn)
        return turn

    def _refresh_contacts(self, turn: Turn) -> None:
        if turn.model is not None and turn.model.context is not None:
            turn.model.context.contacts = [
                {"id": c.id, "label": c.label, "stage": c.stage, "started": c.started}
                for c in self.store.contacts_of(turn.user.user_id)
            ]

    def _save(self, turn: Turn, stamp: str) -> None:
        user = turn.user
        if turn.flow is PREP:
            user.prep_state = turn.model.state
            user.prep_answers = turn.model.answers
            user.prep_history = turn.model.history
        elif turn.contact is not None:
            turn.contact.state = turn.model.state
            turn.contact.answers = turn.model.answers
            turn.contact.history = turn.model.history
            turn.contact.stage = STAGE_OF_STATE.get(turn.model.state, turn.contact.stage)
            self.store.save_contact(turn.contact, stamp)
        self.store.save_user(user, stamp)
        half = self._half_finished(turn)
        now = self.clock.now()
        last = self._nudged.get(user.user_id)
        if last is None or last[1] != half or now.timestamp() - last[0] > NUDGE_REFRESH:
            reminders.touch_nudge(self.store.conn, user.user_id, half, now)
            self._nudged[user.user_id] = (now.timestamp(), half)

    def _half_finished(self, turn: Turn) -> bool:
        if not turn.user.prep_answers.get("_complete"):
            return turn.user.prep_state != "welcome"
        if turn.contact is not None:
            return turn.model.state not in FINAL_SETUP_STATES
        row = self.store.conn.execute(
            "SELECT 1 FROM contacts WHERE user_id = ? AND (started = 0 OR state NOT IN"
            " ('done', 'closed')) LIMIT 1",
            (turn.user.user_id,),
        ).fetchone()
        return row is not None

    # -- dispatch ----------------------------------------------------------------------
    def _dispatch(self, turn: Turn, inp: Input) -> list[Reply]:
        if inp.kind == "button":
            return self._press(turn, inp.text)
        if inp.kind == "media":
            return self._media(turn, inp.media)
        if inp.kind == "contact_card":
            return self._contact_card(turn, inp)
        text = v.clean_text(inp.text, multiline=True)
        if text.startswith("/") and len(text) < 40 and " " not in text.strip():
            return self._command(turn, text[1:].split("@")[0].lower())
        if turn.user.overlay:
            return self._overlay_text(turn, text)
        if not text:
            return [Reply(texts.EMPTY, self._choices(turn))]
        return self._after(turn, turn.flow.answer_text(turn.model, text))

    def _after(self, turn: Turn, result: Result, notice: str = "") -> list[Reply]:
        """Apply what the flow asked for, then show the step it is at now."""
        extra = self._apply_effects(turn)
        if result.error:
            return [Reply(result.error, self._choices(turn))]
        if result.leave:
            return self._leave_contact(turn)
        if turn.flow is PREP and turn.user.active_contact is not None:
            return extra + self._open_contact(turn, turn.user.active_contact)
        return extra + [self._show(turn, notice)]

    # -- showing -----------------------------------------------------------------------
    def _show(self, turn: Turn, notice: str = "") -> Reply:
        step = turn.flow.step(turn.model)
        if step.kind == "when" and not turn.user.tz:
            turn.user.overlay = "timezone"
            return Reply(_join(notice, texts.TIMEZONE_ASK))
        prompt = render(turn.flow, turn.model, turn.user.first_name or "")
        return Reply(_join(notice, prompt.text), self._wrap(turn, prompt.choices))

    def _choices(self, turn: Turn) -> list[tuple[str, str]]:
        if turn.user.overlay:
            return self._overlay_choices(turn)
        prompt = render(turn.flow, turn.model, turn.user.first_name or "", header=False)
        return self._wrap(turn, prompt.choices)

    def _wrap(self, turn: Turn, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
        state = turn.model.state
        if turn.flow is SETUP and turn.contact is not None:
            return [(buttons.setup(turn.contact.id, state, value), lbl) for value, lbl in choices]
        return [(buttons.prep(state, value), lbl) for value, lbl in choices]

    # -- buttons -----------------------------------------------------------------------
    def _press(self, turn: Turn, data: str) -> list[Reply]:
        button = buttons.parse(data)
        if button is None:
            return [self._refused(self._show(turn, texts.BAD_BUTTON))]
        if button.scope == "r":
            return self._reminder_button(turn, button)
        if button.scope == "o":
            if turn.user.overlay != button.state:
                return [self._refused(self._current_reply(turn, texts.STALE_BUTTON))]
            return self._overlay_text(turn, button.value, pressed=True)
        if button.scope == "s":
            owner = self.store.load_contact(button.ref) if button.ref is not None else None
            if owner is None or owner.user_id != turn.user.user_id:
                return [self._refused(self._current_reply(turn, texts.BAD_BUTTON))]
            if turn.contact is None or turn.contact.id != owner.id:
                return [self._refused(self._current_reply(turn, texts.STALE_BUTTON))]
        elif turn.flow is not PREP:
            return [self._refused(self._current_reply(turn, texts.STALE_BUTTON))]
        if turn.user.overlay or button.state != turn.model.state:
            return [self._refused(self._current_reply(turn, texts.STALE_BUTTON))]
        return self._after(turn, turn.flow.choose(turn.model, button.value))

    @staticmethod
    def _refused(reply: Reply) -> Reply:
        """Mark the answer to a button press that changed nothing."""
        reply.refused = True
        return reply

    def _current_reply(self, turn: Turn, notice: str = "") -> Reply:
        if turn.user.overlay:
            return Reply(
                _join(notice, self._overlay_text_prompt(turn)), self._overlay_choices(turn)
            )
        return self._show(turn, notice)

    # -- contacts ----------------------------------------------------------------------
    def _open_contact(self, turn: Turn, contact_id: int, notice: str = "") -> list[Reply]:
        contact = self.store.load_contact(contact_id)
        if contact is None or contact.user_id != turn.user.user_id:
            turn.user.active_contact = None
            return [self._show(turn, texts.NO_SUCH_CONTACT)]
        self._switch(turn, contact)
        contact.started = True
        if turn.model.state == "new":
            SETUP.fire(turn.model, "begin")
        label = texts.CONTACT_OPENED.format(label=contact.label)
        return [self._show(turn, _join(notice, label))]

    def _switch(self, turn: Turn, contact: Contact | None) -> None:
        """Save the flow in use, then make ``contact``'s set-up (or the preparation) current."""
        self._save(turn, self.clock.now().isoformat())
        turn.user.active_contact = contact.id if contact else None
        fresh = self._turn(turn.user, contact)
        turn.contact, turn.flow, turn.model = fresh.contact, fresh.flow, fresh.model

    def _leave_contact(self, turn: Turn, notice: str = "") -> list[Reply]:
        self._switch(turn, None)
        state = "choose_contact" if turn.user.prep_answers.get("_complete") else turn.model.state
        PREP.machine.set_state(state, turn.model)
        self._refresh_contacts(turn)
        return [self._show(turn, notice or texts.CONTACT_FINISHED)]

    # -- effects -----------------------------------------------------------------------
    def _apply_effects(self, turn: Turn) -> list[Reply]:
        extra: list[Reply] = []
        effects, turn.model.effects = turn.model.effects, []
        now = self.clock.now()
        stamp = now.isoformat()
        uid = turn.user.user_id
        conn = self.store.conn
        for effect in effects:
            d = effect.data
            if effect.kind == "add_contact":
                self._add_contact(turn, d, stamp)
            elif effect.kind == "remove_untouched_contacts":
                self.store.delete_untouched_contacts(uid, d["kind"])
            elif effect.kind == "open_contact":
                turn.user.active_contact = int(str(d["ref"]).lstrip("c"))
            elif effect.kind == "schedule":
                due = datetime.fromisoformat(d["at"])
                self.reminders_added += 1
                reminders.schedule(
                    conn, uid, _cid(turn), d["kind"], due, now, payload=self._payload(turn)
                )
            elif effect.kind == "cancel":
                reminders.cancel(conn, uid, _cid(turn), d["kinds"], now)
            elif effect.kind == "follow_ups":
                self.reminders_added += 1
                reminders.plan_follow_ups(
                    conn, uid, _cid(turn), turn.user.tz or "UTC", now, self._payload(turn)
                )
            elif effect.kind == "meeting_confirmed":
                extra.append(self._confirm_meeting(turn))
        if turn.flow is PREP and turn.model.state in CONTACT_STATES:
            self._refresh_contacts(turn)
        return extra

    def _add_contact(self, turn: Turn, d: dict, stamp: str) -> None:
        values = {k: d.get(k) for k in ("kind", "org", "name", "relation", "phone")}
        if d["kind"] == "referral" and turn.contact is not None:
            values["referred_by"] = person_name(turn.model)
            values["referred_by_id"] = turn.contact.id
            values["org"] = turn.contact.org
        key = (
            values["kind"],
            (values.get("org") or "").casefold(),
            (values.get("name") or "").casefold(),
        )
        for existing in self.store.contacts_of(turn.user.user_id):
            if (
                existing.kind,
                (existing.org or "").casefold(),
                (existing.name or "").casefold(),
            ) == key:
                return  # already in the plan (e.g. the list was started over)
        self.store.insert_contact(turn.user.user_id, stamp, **values)

    def _payload(self, turn: Turn) -> dict:
        a = turn.model.answers
        return {
            "person": person_name(turn.model),
            "org": turn.contact.org if turn.contact else None,
            "place": a.get("place"),
            "what": "your phone call"
            if a.get("outcome") == "phone"
            else "your information interview",
        }

    def _plan_meeting(self, turn: Turn) -> tuple[datetime, int]:
        """(Re)create the reminders of the contact's confirmed meeting."""
        a = turn.model.answers
        start = datetime.fromisoformat(a["meeting_at"])
        minutes = 5 if a.get("outcome") == "phone" else int(a.get("minutes") or 20)
        now = self.clock.now()
        reminders.cancel(
            self.store.conn,
            turn.user.user_id,
            turn.contact.id,
            ["meeting_day_before", "meeting_hour_before", "thank_you"],
            now,
        )
        self.reminders_added += 1
        reminders.plan_meeting(
            self.store.conn,
            turn.user.user_id,
            turn.contact.id,
            start,
            minutes,
            turn.user.tz or "UTC",
            now,
            self._payload(turn),
        )
        return start, minutes

    def _confirm_meeting(self, turn: Turn) -> Reply:
        a = turn.model.answers
        tz = turn.user.tz or "UTC"
        start, minutes = self._plan_meeting(turn)
        now = self.clock.now()
        person = person_name(turn.model)
        kind = "Phone call" if a.get("outcome") == "phone" else "Information interview"
        title = f"{kind} with {person}"
        content = meeting_ics(
            uid=f"contact-{turn.contact.id}-{int(start.timestamp())}@interview-coach",
            title=title,
            start_utc=start,
            minutes=minutes,
            tz=tz,
            location=a.get("place") or "",
            description=f"{a.get('work_type') or ''}\nTake your questions and a notebook.",
            now_utc=now,
        )
        name = ics_filename(title, start, tz)
        caption = f"Add it to your calendar: {format_when(start, tz)}."
        return Reply(caption, [], Document(name, content, caption))

    # -- non-text input ----------------------------------------------------------------
    def _media(self, turn: Turn, media: str) -> list[Reply]:
        what = texts.MEDIA.get(media, "that kind of message")
        step = turn.flow.step(turn.model)
        if turn.user.overlay or step.kind in TEXT_KINDS:
            wanted = texts.WANTS_TEXT
        else:
            wanted = texts.WANTS_BUTTON
        if step.state in ("person_name", "person_phone", "referral_name") and media == "contact":
            wanted = texts.WANTS_CONTACT_CARD
        return [Reply(texts.MEDIA_ANSWER.format(what=what, wanted=wanted), self._choices(turn))]

    def _contact_card(self, turn: Turn, inp: Input) -> list[Reply]:
        state = turn.model.state
        if turn.flow is not SETUP or state not in ("person_name", "person_phone", "referral_name"):
            return self._media(turn, "contact")
        if state == "person_name" and inp.name:
            result = turn.flow.answer_text(turn.model, inp.name)
            if result.error or not inp.phone:
                return self._after(turn, result)
            turn.contact.phone = inp.phone
            turn.model.context.contact["phone"] = inp.phone
            return self._after(turn, result, texts.CONTACT_CARD_USED.format(what="the name"))
        if state == "person_phone" and inp.phone:
            return self._after(
                turn,
                turn.flow.answer_text(turn.model, inp.phone),
                texts.CONTACT_CARD_USED.format(what="the number"),
            )
        if state == "referral_name" and inp.name:
            return self._after(turn, turn.flow.answer_text(turn.model, inp.name))
        return self._media(turn, "contact")

    # -- commands ----------------------------------------------------------------------
    def _command(self, turn: Turn, name: str) -> list[Reply]:
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None:
            return [Reply(texts.UNKNOWN_COMMAND.format(name=name[:30]), self._choices(turn))]
        return handler(turn)

    def _cmd_start(self, turn: Turn) -> list[Reply]:
        fresh = turn.flow is PREP and turn.model.state == "welcome" and not turn.model.history
        if turn.user.is_new or (fresh and not turn.user.overlay):
            return [self._show(turn)]
        return [self._current_reply(turn, texts.WELCOME_BACK)]

    def _cmd_help(self, turn: Turn) -> list[Reply]:
        lines = [texts.HELP_HEAD] + [f"/{name} \u2014 {desc}" for name, desc in COMMANDS]
        return [Reply("\n".join(lines), self._choices(turn))]

    def _cmd_back(self, turn: Turn) -> list[Reply]:
        turn.user.overlay = None
        left = turn.model.state
        if turn.flow.back(turn.model):
            if (
                turn.flow is SETUP
                and turn.model.state == "meeting_set"
                and left in ("meeting_when", "outcome")
            ):
                self._plan_meeting(turn)  # "It moved" / "called off" had cancelled them
            kept = turn.flow.kept_answer(turn.flow.step(turn.model), turn.model)
            return [self._show(turn, texts.BACK_DONE if kept else texts.BACK_PLAIN)]
        notice = texts.BACK_SETUP_START if turn.flow is SETUP else texts.BACK_AT_START
        return [self._show(turn, notice)]

    def _cmd_skip(self, turn: Turn) -> list[Reply]:
        if turn.user.overlay:
            return [self._current_reply(turn, texts.SKIP_OVERLAY)]
        return self._after(turn, turn.flow.skip(turn.model))

    def _cmd_plan(self, turn: Turn) -> list[Reply]:
        if not turn.user.prep_answers.get("_complete"):
            return [self._current_reply(turn, texts.PLAN_FIRST)]
        turn.user.overlay = None
        if turn.flow is SETUP:
            self._switch(turn, None)
        PREP.machine.set_state("review", turn.model)
        self._refresh_contacts(turn)
        return [self._show(turn)]

    def _cmd_status(self, turn: Turn) -> list[Reply]:
        contacts = self.store.contacts_of(turn.user.user_id)
        if turn.contact is not None:
            contacts = [c if c.id != turn.contact.id else turn.contact for c in contacts]
            turn.contact.stage = STAGE_OF_STATE.get(turn.model.state, turn.contact.stage)
        upcoming = reminders.pending_of(self.store.conn, turn.user.user_id)
        text = status_text(turn.user, contacts, upcoming, turn.contact)
        return [Reply(text, self._choices(turn))]

    def _cmd_reset(self, turn: Turn) -> list[Reply]:
        turn.user.overlay = "reset"
        return [Reply(texts.RESET_ASK, self._overlay_choices(turn))]

    def _cmd_timezone(self, turn: Turn) -> list[Reply]:
        turn.user.overlay = "timezone"
        return [Reply(self._overlay_text_prompt(turn), self._overlay_choices(turn))]

    def _cmd_reminders(self, turn: Turn) -> list[Reply]:
        return [
            reminders.listing(self.store.conn, turn.user.user_id, turn.user.tz, turn.user.paused)
        ]

    def _cmd_pause(self, turn: Turn) -> list[Reply]:
        already = turn.user.paused
        turn.user.paused = True
        return [Reply(texts.ALREADY_PAUSED if already else texts.PAUSED, self._choices(turn))]

    def _cmd_resume(self, turn: Turn) -> list[Reply]:
        was = turn.user.paused
        turn.user.paused = False
        self.reminders_added += 1  # held reminders may be due: look again
        return [Reply(texts.RESUMED if was else texts.NOT_PAUSED, self._choices(turn))]

    def _cmd_questions(self, turn: Turn) -> list[Reply]:
        return [Reply(QUESTIONS, self._choices(turn))]

    # -- one-off questions (reset, time zone) --------------------------------------------
    def _overlay_text_prompt(self, turn: Turn) -> str:
        if turn.user.overlay == "reset":
            return texts.RESET_ASK
        if turn.user.tz:
            return texts.TIMEZONE_CHANGE.format(tz=zone_label(turn.user.tz))
        return texts.TIMEZONE_ASK

    def _overlay_choices(self, turn: Turn) -> list[tuple[str, str]]:
        if turn.user.overlay == "reset":
            return [
                (buttons.question("reset", "yes"), texts.RESET_YES),
                (buttons.question("reset", "no"), texts.RESET_NO),
            ]
        if turn.user.overlay == "timezone" and turn.user.tz:
            return [
                (
                    buttons.question("timezone", "keep"),
                    texts.TIMEZONE_KEEP.format(tz=zone_label(turn.user.tz)),
                )
            ]
        return []

    def _overlay_text(self, turn: Turn, text: str, pressed: bool = False) -> list[Reply]:
        user = turn.user
        if user.overlay == "reset":
            return self._answer_reset(turn, text)
        if pressed and text == "keep" and user.tz:
            user.overlay = None
            return [self._show(turn)]
        try:
            tz = parse_timezone(text)
        except WhenError as err:
            return [Reply(str(err), self._overlay_choices(turn))]
        user.tz = tz
        user.overlay = None
        if turn.model.context is not None:
            turn.model.context.tz = tz
        local = format_when(self.clock.now(), tz)
        return [self._show(turn, texts.TIMEZONE_SET.format(tz=zone_label(tz), local=local))]

    def _answer_reset(self, turn: Turn, text: str) -> list[Reply]:
        try:
            yes = text == "yes" or (text != "no" and v.yes_no(text))
        except v.Invalid:
            return [Reply(texts.RESET_ASK, self._overlay_choices(turn))]
        turn.user.overlay = None
        if not yes:
            return [self._show(turn, texts.RESET_KEPT)]
        uid = turn.user.user_id
        self.store.delete_user(uid)
        self._nudged.pop(uid, None)
        fresh = User(uid, turn.user.first_name, is_new=True)
        self.store.insert_user(fresh, self.clock.now().isoformat())
        new_turn = self._turn(fresh, None)
        turn.user, turn.contact, turn.flow, turn.model = fresh, None, PREP, new_turn.model
        return [self._show(turn, texts.RESET_DONE)]

    # -- reminder buttons --------------------------------------------------------------
    def _reminder_button(self, turn: Turn, button: buttons.Button) -> list[Reply]:
        conn = self.store.conn
        item = reminders.load(conn, button.ref) if button.ref is not None else None
        if item is None or item["user_id"] != turn.user.user_id:
            return [self._refused(self._current_reply(turn, texts.BAD_BUTTON))]
        now = self.clock.now()
        action = button.value
        if action == "open":
            if item["status"] == "pending":
                reminders.mark(conn, item["id"], "done", now)
            shown: list[Reply] = []
            if item["contact_id"] and (
                turn.contact is None or turn.contact.id != item["contact_id"]
            ):
                shown = self._open_contact(turn, item["contact_id"])
            else:
                shown = [self._current_reply(turn)]
            if item["kind"] == "call" and turn.flow is SETUP:
                shown.insert(0, Reply(call_card(turn.model, turn.user.first_name or "")))
            return shown
        if action == "done":
            if item["status"] in ("pending", "sent"):
                conn.execute(
                    "UPDATE reminders SET status = 'done', updated_at = ? WHERE id = ?",
                    (now.isoformat(), item["id"]),
                )
                return [Reply(reminders.DONE, self._choices(turn))]
            return [Reply(reminders.GONE, self._choices(turn))]
        if action in ("snooze_hour", "snooze_morning"):
            if item["status"] not in ("pending", "sent"):
                return [Reply(reminders.GONE, self._choices(turn))]
            due = reminders.snooze(conn, item, action, turn.user.tz or "UTC", now)
            self.reminders_added += 1
            if due is None:
                return [Reply(reminders.TOO_LATE, self._choices(turn))]
            when = format_when(due, turn.user.tz or "UTC")
            return [Reply(reminders.SNOOZED.format(when=when), self._choices(turn))]
        if action == "cancel":
            if item["status"] != "pending":
                return [Reply(reminders.GONE, self._choices(turn))]
            conn.execute(
                "UPDATE reminders SET status = 'cancelled', updated_at = ? WHERE id = ?",
                (now.isoformat(), item["id"]),
            )
            name = reminders.name_of(item["kind"], item["payload"])
            return [Reply(reminders.CANCELLED.format(name=name), self._choices(turn))]
        return [self._refused(self._current_reply(turn, texts.BAD_BUTTON))]


def _contact_info(contact: Contact) -> dict:
    return {
        "id": contact.id,
        "kind": contact.kind,
        "org": contact.org,
        "name": contact.name,
        "relation": contact.relation,
        "phone": contact.phone,
        "referred_by": contact.referred_by,
    }


def _cid(turn: Turn) -> int | None:
    return turn.contact.id if turn.contact else None


def _join(notice: str, text: str) -> str:
    return f"{notice}\n\n{text}" if notice else text
