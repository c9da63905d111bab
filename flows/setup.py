"""The set-up flow: one per contact, from finding the person to the thank-you note.

```
get the person -> plan the call -> call or write -> call card or message -> when
  -> outcome -> date, time, place, read back (and a checklist) -> notes, thank-you -> done
```
Referrals become new contacts; a "no" ends with a regret line. Known people get a warm
script and skip "how did you get the name"; a user who writes gets a short message and the
outcomes reworded for it (``SetupModel.variant``). States, steps and transitions are
declared as data below; README.md's diagram is drawn from them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from flows import copy, debrief
from flows import validators as v
from flows.effects import (
    FOLLOW_UPS,
    MEETING_REMINDERS,
    AddContact,
    Cancel,
    PlanFollowUps,
    PlanMeeting,
    ReminderKind,
    Schedule,
    SendFile,
    StartFlow,
    UpdateContact,
)
from flows.model import FlowModel
from flows.runner import Flow
from flows.scripts import (
    call_card_file,
    card_filename,
    contact_card,
    find_name_check_in,
    join_names,
    opening_script,
    person_name,
    stay_in_touch_draft,
)
from flows.spec import FlowSpec
from flows.steps import Option, Step

TOTAL_STEPS = 7

STAGES = (
    "to_contact",
    "person_found",
    "call_planned",
    "waiting",
    "called",
    "meeting_set",
    "met",
    "thanked",
    "referred",
    "closed",
)

OUTCOMES = {
    "meet": "outcome_meet",
    "phone": "outcome_phone",
    "referral": "outcome_referral",
    "no": "outcome_no",
    "no_answer": "outcome_no_answer",
}

MESSAGE_OUTCOMES = {k: "message_" + k for k in OUTCOMES}

THANK_YOU_AFTER_HOURS = 2


class SetupModel(FlowModel):
    """One contact's progress through set-up; conditions and callbacks of the table."""

    # -- conditions ----------------------------------------------------------------------
    def needs_person(self, event=None) -> bool:
        """True when the contact is an organization and nobody there is named yet."""
        contact = self.context.contact if self.context else {}
        return contact.get("kind") == "org" and not self.answers.get("person_name")

    def needs_phone(self, event=None) -> bool:
        """True for someone the user knows or was sent to: no switchboard, but a number."""
        contact = self.context.contact if self.context else {}
        return contact.get("kind") in ("known", "referral")

    def is_known(self, event=None) -> bool:
        """True for a person the user already knows (no "how did you get their name")."""
        contact = self.context.contact if self.context else {}
        return contact.get("kind") == "known"

    def variant(self) -> str | None:
        """Texts after the card are worded for a message when the user chose to write."""
        return "message" if self.answers.get("channel") == "message" else None

    def asks_for_job(self, event=None) -> bool:
        """True when the answer just given reads like a request for a job."""
        return bool(self.flags.get("flagged"))

    def is_early(self, event=None) -> bool:
        """True when "It happened" comes before the meeting's own start time."""
        at = self.answers.get("meeting_at")
        return bool(at and self.context and self.context.now < datetime.fromisoformat(at))

    # -- callbacks (each asks the engine for one effect) ------------------------------------
    def keep_as_is(self, event=None) -> None:
        """The user read the warning and keeps their words: they are accepted now."""
        self.flags.pop("flagged", None)
        self.flags.pop("flagged_field", None)

    def note_person(self, event) -> None:
        """The person at the organization has a name now (and maybe a number from a card)."""
        phone = self.flags.pop("card_phone", None)
        if phone and self.context is not None:
            self.context.contact["phone"] = phone
        self.flags.pop("find_name_at", None)
        self.emit(Cancel((ReminderKind.FIND_NAME,)))
        self.emit(UpdateContact(name=event.kwargs["value"], phone=phone))

    def remind_to_find_name(self, event=None) -> None:
        """No name yet: come back in a few days (replacing any earlier check-in)."""
        if self.context is None:
            return
        at = find_name_check_in(self.context).isoformat()
        self.flags["find_name_at"] = at
        self.emit(Cancel((ReminderKind.FIND_NAME,)))
        self.emit(Schedule(ReminderKind.FIND_NAME, at, reminder_payload(self)))

    def note_phone(self, event) -> None:
        """Keep the person's number with the contact."""
        if event.kwargs.get("value"):
            self.emit(UpdateContact(phone=event.kwargs["value"]))

    def schedule_call(self, event=None) -> None:
        """Remind the user at the time they chose to call (replacing an earlier time)."""
        self.emit(Cancel((ReminderKind.CALL,)))
        self.emit(Schedule(ReminderKind.CALL, self.answers["call_at"], reminder_payload(self)))
        self.flags["call_reminder"] = True

    def cancel_call(self, event=None) -> None:
        """Calling right now: an earlier call reminder is no longer wanted."""
        self.emit(Cancel((ReminderKind.CALL,)))
        self.flags.pop("call_reminder", None)

    def log_outcome(self, event) -> None:
        """Record the call's outcome; pending call and follow-up reminders are done."""
        self.answers["outcome"] = event.kwargs.get("value")
        self.emit(Cancel((ReminderKind.CALL, *FOLLOW_UPS)))
        self.flags.pop("call_reminder", None)

    def plan_follow_ups(self, event=None) -> None:
        """Count business days from now: second person, one follow-up, move on."""
        self.emit(PlanFollowUps(reminder_payload(self)))

    def stop_follow_ups(self, event=None) -> None:
        """They answered after all: no more "no word from them" reminders."""
        self.emit(Cancel(FOLLOW_UPS))

    def confirm_meeting(self, event=None) -> None:
        """Lock in the meeting: reminders and the calendar file."""
        self.emit(Cancel(MEETING_REMINDERS))
        self.emit(meeting_effect(self, send_calendar=True))

    def cancel_meeting(self, event=None) -> None:
        """Drop the reminders of a meeting that moved or fell through."""
        self.emit(Cancel(MEETING_REMINDERS))

    def note_called_off(self, event=None) -> None:
        """Say so when a meeting falls through, before asking how to log it."""
        self.flags["said"] = copy.CALLED_OFF

    def note_still_ahead(self, event=None) -> None:
        """Saying "it happened" was early after all: the meeting and its reminders stand."""
        self.flags["said"] = copy.STILL_AHEAD

    def meeting_happened(self, event=None) -> None:
        """The talk took place: the reminders before it are moot, the thank-you is near."""
        self.emit(Cancel(MEETING_REMINDERS))
        if self.context is not None:
            soon = self.context.now + timedelta(hours=THANK_YOU_AFTER_HOURS)
            self.emit(Schedule(ReminderKind.THANK_YOU, soon.isoformat(), reminder_payload(self)))

    def after_back(self, left: str) -> None:
        """Back at a set meeting from moving or calling it off: its reminders return."""
        if self.state == "meeting_set" and left in ("meeting_when", "outcome"):
            self.emit(Cancel(MEETING_REMINDERS))
            self.emit(meeting_effect(self, send_calendar=False))

    def keep_referral(self, event) -> None:
        """Collect one referral name (again after /back: replaced, not doubled)."""
        referrals = self.answers.setdefault("referrals", [])
        if referrals and not referrals[-1].get("added") and referrals[-1].get("open"):
            referrals.pop()
        referrals.append({"name": event.kwargs["value"], "open": True})

    def next_referral(self, event=None) -> None:
        """Start a fresh referral: the last one is complete, its answers are cleared."""
        if self.answers.get("referrals"):
            self.answers["referrals"][-1].pop("open", None)
        self.answers.pop("referral_name", None)
        self.answers.pop("referral_phone", None)

    def keep_referral_phone(self, event) -> None:
        """Attach a phone number to the referral just named."""
        if self.answers.get("referrals"):
            self.answers["referrals"][-1]["phone"] = event.kwargs.get("value")

    def add_referrals(self, event=None) -> None:
        """Turn the referral names into new contacts, each knowing who sent them."""
        for ref in self.answers.get("referrals", []):
            ref.pop("open", None)
            if not ref.get("added"):
                self.emit(
                    AddContact(
                        kind="referral", name=ref["name"], phone=ref.get("phone"), referred=True
                    )
                )
                ref["added"] = True
        if self.context is not None:
            names = join_names([r["name"] for r in self.answers.get("referrals", [])])
            advice = copy.REFERRAL_ADVICE.format(names=names) if names else None
            self.emit(Cancel((ReminderKind.STAY_IN_TOUCH,)))
            self.emit(debrief.stay_in_touch(self, self.context.now, advice))

    def talked_now(self, event=None) -> None:
        """The five minutes by phone happened there and then: the talk's time is now."""
        if self.context is not None:
            self.answers["meeting_at"] = self.context.now.isoformat()

    def open_debrief(self, event=None) -> None:
        """After the notes, the debrief: it starts from them (once per interview)."""
        if self.answers.get("debriefed") or self.context is None:
            return
        seed = {
            "notes": self.answers.get("notes"),
            "person": person_name(self),
            "talked_at": self.answers.get("meeting_at"),
        }
        self.emit(StartFlow(debrief.SPEC.name, self.context.contact.get("id"), answers=seed))

    def from_debrief(self, event) -> bool:
        """True when the flow that just finished on top was this contact's debrief."""
        return (event.kwargs.get("value") or {}).get("flow") == debrief.SPEC.name

    def take_debrief(self, event) -> None:
        """The debrief's answers, for the thank-you draft."""
        found = event.kwargs["value"].get("answers") or {}
        self.answers["debriefed"] = True
        self.answers["learned"] = found.get("learned")
        self.answers["names_added"] = list(found.get("added") or [])

    def start_rehearsal(self, event=None) -> None:
        """Rehearse this call in the practice flow, with this contact's details and script."""
        contact = self.context.contact
        user_name = self.context.user_name
        args = {
            "label": person_name(self),
            "person": person_name(self),
            "org": contact.get("org"),
            "title": self.answers.get("person_title"),
            "line": self.answers.get("person_phone") or contact.get("phone"),
            "work": self.answers.get("work_type"),
            "referred_by": contact.get("referred_by"),
            "script": opening_script(self, user_name),
        }
        self.emit(StartFlow("practice", args=args))

    def send_card_file(self, event=None) -> None:
        """The call card as a one-page file to keep open during the call."""
        text = call_card_file(self, self.context.user_name)
        caption = copy.FILE_CAPTION.format(person=person_name(self))
        self.emit(SendFile(card_filename(self), text, caption))

    def thank_you_done(self, event=None) -> None:
        """The thank-you went out: nothing more is due for this meeting."""
        self.emit(Cancel((ReminderKind.THANK_YOU,)))


def reminder_payload(model: SetupModel) -> dict[str, Any]:
    """What a reminder about this contact says: who, where, what kind of talk."""
    contact = model.context.contact if model.context else {}
    return {
        "person": person_name(model),
        "org": contact.get("org"),
        "place": model.answers.get("place"),
        "what": "your phone call"
        if model.answers.get("outcome") == "phone"
        else "your information interview",
        "channel": model.answers.get("channel") or "call",
    }


def meeting_effect(model: SetupModel, send_calendar: bool) -> PlanMeeting:
    """The confirmed meeting or call, for its reminders and calendar file."""
    a = model.answers
    phone = a.get("outcome") == "phone"
    minutes = 5 if phone else int(a.get("minutes") or 20)
    kind = "Phone call" if phone else "Information interview"
    return PlanMeeting(
        start=a["meeting_at"],
        minutes=minutes,
        title=f"{kind} with {person_name(model)}",
        place=a.get("place") or "",
        description=f"{a.get('work_type') or ''}\nTake your questions and a notebook.",
        payload=reminder_payload(model) | {"minutes": minutes},
        send_calendar=send_calendar,
    )


def _found_name_prefill(model: SetupModel) -> str | None:
    contact = model.context.contact if model.context else {}
    if contact.get("kind") == "referral" and contact.get("referred_by"):
        return f"{contact['referred_by']} suggested I talk to you"
    if contact.get("org"):
        return f"The front desk at {contact['org']} gave me your name"
    return None


def _phone_prefill(model: SetupModel) -> str | None:
    return model.context.contact.get("phone") if model.context else None


def _work_prefill(model: SetupModel) -> str | None:
    return model.context.profile.get("career_goal") if model.context else None


def _place_prefill(model: SetupModel) -> str | None:
    if model.answers.get("outcome") == "phone":
        phone = model.answers.get("person_phone") or model.context.contact.get("phone")
        return f"By phone: {phone}" if phone else None
    return None


def _talked_now_option(model: SetupModel) -> list[Option]:
    """Five minutes by phone may happen there and then, with nothing to schedule."""
    if model.answers.get("outcome") != "phone":
        return []
    return [Option("now", "talked_now", "talked_now")]


def _debrief_option(model: SetupModel) -> list[Option]:
    """A debrief left half done (e.g. for /plan) can be taken up again before the thanks."""
    return [] if model.answers.get("debriefed") else [Option("debrief", "debrief_first", "debrief")]


def _outcome_options(model: SetupModel) -> list[Option]:
    labels = MESSAGE_OUTCOMES if model.variant() == "message" else OUTCOMES
    found = [Option(k, label, "outcome_" + k) for k, label in labels.items()]
    return found if model.variant() == "message" else [*found, CARD_FILE]


def _no_answer_options(model: SetupModel) -> list[Option]:
    written = model.variant() == "message"
    return [
        Option("retry", "write_again" if written else "pick_new_time", "retry"),
        Option("reply", "they_replied" if written else "log_reply", "replied"),
    ]


CARD_FILE = Option("file", "card_file", "card_file", store=False)


STEPS: dict[str, Step] = {
    s.state: s
    for s in [
        Step(
            "switchboard",
            1,
            "info",
            options=(
                Option("got_name", "got_name", "next"),
                Option("not_yet", "not_yet_name", "wait"),
            ),
        ),
        Step(
            "find_name",
            1,
            "info",
            options=(
                Option("got_name", "got_name_now", "next"),
                Option("script", "show_script", "script"),
            ),
        ),
        Step(
            "person_name",
            1,
            "text",
            field="person_name",
            parse=v.person_name,
            extra={"card": "name"},
        ),
        Step("person_title", 1, "text", field="person_title", parse=v.job_title),
        Step(
            "person_phone",
            1,
            "text",
            field="person_phone",
            parse=v.phone,
            optional=True,
            prefill=_phone_prefill,
            extra={"card": "phone"},
        ),
        Step(
            "work_type",
            2,
            "text",
            field="work_type",
            parse=v.short_text,
            prefill=_work_prefill,
            guard=True,
        ),
        Step(
            "work_type_check",
            2,
            "choice",
            options=(
                Option("rephrase", "rephrase", "rephrase"),
                Option("as_is", "keep_anyway", "next"),
            ),
            extra={"rephrases": "work_type", "passing": True},
        ),
        Step(
            "reason",
            2,
            "text",
            field="reason",
            parse=partial(v.short_text, min_len=8),
            guard=True,
        ),
        Step(
            "reason_check",
            2,
            "choice",
            options=(
                Option("rephrase", "rephrase", "rephrase"),
                Option("as_is", "keep_anyway", "next"),
            ),
            extra={"rephrases": "reason", "passing": True},
        ),
        Step(
            "duration",
            2,
            "choice",
            field="minutes",
            options=(Option("20", "minutes_20"), Option("30", "minutes_30")),
            parse=lambda raw: str(v.duration_minutes(raw)),
        ),
        Step(
            "found_name",
            2,
            "text",
            field="found_name",
            parse=v.short_text,
            prefill=_found_name_prefill,
        ),
        Step(
            "channel",
            2,
            "choice",
            field="channel",
            options=(
                Option("call", "channel_call", "call"),
                Option("message", "channel_write", "write"),
            ),
        ),
        Step(
            "call_card",
            3,
            "info",
            options=(
                Option("ready", "card_ready", "next"),
                Option("own", "card_own", "write_own"),
                Option("rehearse", "card_rehearse", "rehearse"),
                CARD_FILE,
            ),
            extra={"needs_name": True},
        ),
        Step(
            "message_card",
            3,
            "info",
            options=(Option("ready", "message_ready", "next"),),
            extra={"needs_name": True},
        ),
        Step(
            "own_script",
            3,
            "text",
            field="own_script",
            guard=True,
            parse=partial(v.long_text, max_len=2000),
        ),
        Step(
            "script_check",
            3,
            "choice",
            options=(
                Option("rephrase", "rephrase", "rephrase"),
                Option("as_is", "keep_anyway", "next"),
            ),
            extra={"rephrases": "own_script", "passing": True},
        ),
        Step("call_when", 4, "when", field="call_at", optional=True, skip_trigger="skip"),
        Step(
            "call_when_confirm",
            4,
            "confirm",
            options=(Option("yes", "yes_right", "confirm"), Option("no", "no_change", "change")),
        ),
        Step("outcome", 5, "choice", field="outcome", dynamic_options=_outcome_options),
        Step("no_answer", 5, "info", dynamic_options=_no_answer_options),
        Step(
            "referral_name",
            5,
            "text",
            field="referral_name",
            parse=v.person_name,
            extra={"card": "name"},
        ),
        Step(
            "referral_phone",
            5,
            "text",
            field="referral_phone",
            parse=v.phone,
            optional=True,
            extra={"card": "phone"},
        ),
        Step(
            "referral_more",
            5,
            "choice",
            options=(
                Option("more", "referral_another", "another"),
                Option("done", "referral_that_all", "done"),
            ),
        ),
        Step("referral_thanks", 5, "info", options=(Option("ok", "thanked_them", "next"),)),
        Step("regret", 5, "info", options=(Option("ok", "said_it", "next"),)),
        Step("meeting_when", 6, "when", field="meeting_at", dynamic_options=_talked_now_option),
        Step(
            "meeting_place",
            6,
            "text",
            field="place",
            parse=partial(v.short_text, max_len=300),
            prefill=_place_prefill,
        ),
        Step(
            "meeting_confirm",
            6,
            "confirm",
            options=(
                Option("yes", "yes_confirmed", "confirm"),
                Option("time", "change_time", "change_time"),
                Option("place", "change_place", "change_place"),
            ),
        ),
        Step(
            "meeting_set",
            6,
            "info",
            options=(
                Option("happened", "it_happened", "happened"),
                Option("move", "move_meeting", "reschedule"),
                Option("off", "called_off", "called_off"),
                CARD_FILE,
            ),
        ),
        Step(
            "happened_early",
            6,
            "confirm",
            options=(
                Option("yes", "early_yes", "confirm"),
                Option("no", "early_no", "cancel"),
            ),
            extra={"passing": True},
        ),
        Step(
            "notes",
            7,
            "text",
            field="notes",
            parse=partial(v.long_text, max_len=3000),
            optional=True,
        ),
        Step(
            "thank_you",
            7,
            "info",
            options=(Option("sent", "thanks_sent", "next"),),
            dynamic_options=_debrief_option,
            extra={"needs_name": True},
        ),
        Step("done", 7, "info", options=(Option("next", "next_contact", "leave"),)),
        Step("closed", 7, "info", options=(Option("next", "next_contact", "leave"),)),
    ]
}

STATES = ["new"] + [
    {"name": name, "on_enter": "finish_editing"} if name == "meeting_confirm" else name
    for name in STEPS
]

TRANSITIONS = [
    {"trigger": "begin", "source": "new", "dest": "switchboard", "conditions": "needs_person"},
    {"trigger": "begin", "source": "new", "dest": "person_phone", "conditions": "needs_phone"},
    {"trigger": "begin", "source": "new", "dest": "work_type"},
    {"trigger": "next", "source": "switchboard", "dest": "person_name"},
    {
        "trigger": "wait",
        "source": "switchboard",
        "dest": "find_name",
        "after": "remind_to_find_name",
    },
    {"trigger": "next", "source": "find_name", "dest": "person_name"},
    {"trigger": "script", "source": "find_name", "dest": "switchboard"},
    {"trigger": "next", "source": "person_name", "dest": "person_title", "after": "note_person"},
    {"trigger": "next", "source": "person_title", "dest": "person_phone"},
    {"trigger": "next", "source": "person_phone", "dest": "work_type", "after": "note_phone"},
    {
        "trigger": "next",
        "source": "work_type",
        "dest": "work_type_check",
        "conditions": "asks_for_job",
    },
    {"trigger": "next", "source": "work_type", "dest": "reason"},
    {"trigger": "rephrase", "source": "work_type_check", "dest": "work_type"},
    {"trigger": "next", "source": "work_type_check", "dest": "reason", "after": "keep_as_is"},
    {"trigger": "next", "source": "reason", "dest": "reason_check", "conditions": "asks_for_job"},
    {"trigger": "next", "source": "reason", "dest": "duration"},
    {"trigger": "rephrase", "source": "reason_check", "dest": "reason"},
    {"trigger": "next", "source": "reason_check", "dest": "duration", "after": "keep_as_is"},
    {"trigger": "next", "source": "duration", "dest": "channel", "conditions": "is_known"},
    {"trigger": "next", "source": "duration", "dest": "found_name"},
    {"trigger": "next", "source": "found_name", "dest": "channel"},
    {"trigger": "call", "source": "channel", "dest": "call_card"},
    {"trigger": "write", "source": "channel", "dest": "message_card"},
    {"trigger": "next", "source": "message_card", "dest": "call_when"},
    {"trigger": "write_own", "source": "call_card", "dest": "own_script"},
    {
        "trigger": "next",
        "source": "own_script",
        "dest": "script_check",
        "conditions": "asks_for_job",
    },
    {"trigger": "next", "source": "own_script", "dest": "call_card"},
    {"trigger": "rephrase", "source": "script_check", "dest": "own_script"},
    {"trigger": "next", "source": "script_check", "dest": "call_card", "after": "keep_as_is"},
    {"trigger": "next", "source": "call_card", "dest": "call_when"},
    {"trigger": "rehearse", "source": "call_card", "dest": None, "after": "start_rehearsal"},
    {
        "trigger": "card_file",
        "source": ["call_card", "outcome", "meeting_set"],
        "dest": None,
        "after": "send_card_file",
    },
    {"trigger": "next", "source": "call_when", "dest": "call_when_confirm"},
    {"trigger": "skip", "source": "call_when", "dest": "outcome", "after": "cancel_call"},
    {
        "trigger": "confirm",
        "source": "call_when_confirm",
        "dest": "outcome",
        "after": "schedule_call",
    },
    {"trigger": "change", "source": "call_when_confirm", "dest": "call_when"},
    {
        "trigger": "outcome_meet",
        "source": "outcome",
        "dest": "meeting_when",
        "after": "log_outcome",
    },
    {
        "trigger": "outcome_phone",
        "source": "outcome",
        "dest": "meeting_when",
        "after": "log_outcome",
    },
    {
        "trigger": "outcome_referral",
        "source": "outcome",
        "dest": "referral_name",
        "after": "log_outcome",
    },
    {"trigger": "outcome_no", "source": "outcome", "dest": "regret", "after": "log_outcome"},
    {
        "trigger": "outcome_no_answer",
        "source": "outcome",
        "dest": "no_answer",
        "after": ["log_outcome", "plan_follow_ups"],
    },
    {"trigger": "retry", "source": "no_answer", "dest": "call_when"},
    {"trigger": "replied", "source": "no_answer", "dest": "outcome", "after": "stop_follow_ups"},
    {
        "trigger": "next",
        "source": "referral_name",
        "dest": "referral_phone",
        "after": "keep_referral",
    },
    {
        "trigger": "next",
        "source": "referral_phone",
        "dest": "referral_more",
        "after": "keep_referral_phone",
    },
    {
        "trigger": "another",
        "source": "referral_more",
        "dest": "referral_name",
        "before": "next_referral",
    },
    {
        "trigger": "done",
        "source": "referral_more",
        "dest": "referral_thanks",
        "after": "add_referrals",
    },
    {"trigger": "next", "source": "referral_thanks", "dest": "done"},
    {"trigger": "next", "source": "regret", "dest": "closed"},
    {
        "trigger": "next",
        "source": "meeting_when",
        "dest": "meeting_confirm",
        "conditions": "is_editing",
    },
    {"trigger": "next", "source": "meeting_when", "dest": "meeting_place"},
    {"trigger": "next", "source": "meeting_place", "dest": "meeting_confirm"},
    {
        "trigger": "confirm",
        "source": "meeting_confirm",
        "dest": "meeting_set",
        "after": "confirm_meeting",
    },
    {
        "trigger": "change_time",
        "source": "meeting_confirm",
        "dest": "meeting_when",
        "before": "start_editing",
    },
    {"trigger": "change_place", "source": "meeting_confirm", "dest": "meeting_place"},
    {
        "trigger": "happened",
        "source": "meeting_set",
        "dest": "happened_early",
        "conditions": "is_early",
    },
    {"trigger": "happened", "source": "meeting_set", "dest": "notes", "after": "meeting_happened"},
    {
        "trigger": "confirm",
        "source": "happened_early",
        "dest": "notes",
        "after": "meeting_happened",
    },
    {
        "trigger": "cancel",
        "source": "happened_early",
        "dest": "meeting_set",
        "after": "note_still_ahead",
    },
    {
        "trigger": "reschedule",
        "source": "meeting_set",
        "dest": "meeting_when",
        "after": "cancel_meeting",
    },
    {
        "trigger": "called_off",
        "source": "meeting_set",
        "dest": "outcome",
        "after": ["cancel_meeting", "note_called_off"],
    },
    {
        "trigger": "talked_now",
        "source": "meeting_when",
        "dest": "notes",
        "after": ["talked_now", "meeting_happened"],
    },
    {"trigger": "next", "source": "notes", "dest": "thank_you", "after": "open_debrief"},
    {"trigger": "debrief", "source": "thank_you", "dest": None, "after": "open_debrief"},
    {
        "trigger": "debriefed",
        "source": "thank_you",
        "dest": None,
        "conditions": "from_debrief",
        "after": "take_debrief",
    },
    {"trigger": "next", "source": "thank_you", "dest": "done", "after": "thank_you_done"},
]

STAGE_OF_STATE = {
    "new": "to_contact",
    "switchboard": "to_contact",
    "find_name": "to_contact",
    "person_name": "to_contact",
    "person_title": "to_contact",
    "person_phone": "to_contact",
    "work_type": "person_found",
    "work_type_check": "person_found",
    "reason": "person_found",
    "reason_check": "person_found",
    "duration": "person_found",
    "found_name": "person_found",
    "channel": "person_found",
    "call_card": "person_found",
    "message_card": "person_found",
    "own_script": "person_found",
    "script_check": "person_found",
    "call_when": "call_planned",
    "call_when_confirm": "call_planned",
    "outcome": "call_planned",
    "no_answer": "waiting",
    "referral_name": "called",
    "referral_phone": "called",
    "referral_more": "called",
    "referral_thanks": "called",
    "regret": "called",
    "meeting_when": "called",
    "meeting_place": "called",
    "meeting_confirm": "called",
    "meeting_set": "meeting_set",
    "happened_early": "meeting_set",
    "notes": "met",
    "thank_you": "met",
    "done": "thanked",
    "closed": "closed",
}


def stage_of(state: str, answers: dict[str, Any]) -> str:
    """Where a contact stands, derived from its set-up state (never stored beside it)."""
    if state == "done" and answers.get("outcome") == "referral":
        return "referred"
    return STAGE_OF_STATE.get(state, "to_contact")


def next_dated(state: str, answers: dict[str, Any]) -> tuple[str, str] | None:
    """The contact's next dated step: the planned call, or the meeting that is set."""
    stage = stage_of(state, answers)
    if stage == "call_planned" and answers.get("call_at"):
        return "call", answers["call_at"]
    if stage == "meeting_set" and answers.get("meeting_at"):
        return ("phone_talk" if answers.get("outcome") == "phone" else "meeting"), answers[
            "meeting_at"
        ]
    return None


def _on_reminder(kind: str, model: SetupModel, user_name: str) -> str | None:
    """The call reminder's "open" shows the call card (or the message) first; the
    stay-in-touch one, a note to send."""
    if kind == ReminderKind.STAY_IN_TOUCH:
        return stay_in_touch_draft(model, user_name)
    return contact_card(model, user_name) if kind == ReminderKind.CALL else None


SPEC = FlowSpec(
    Flow("setup", SetupModel, STATES, TRANSITIONS, STEPS, TOTAL_STEPS, initial="new"),
    per="contact",
    scope="s",
    final_states=frozenset({"done", "closed"}),
    start="begin",
    on_return="debriefed",
    stage_of=stage_of,
    next_dated=next_dated,
    on_reminder=_on_reminder,
    needs=frozenset({"name"}),
    texts={
        "at_start": copy.BACK_SETUP_START,
        "opened": copy.CONTACT_OPENED,
        "title": "Set-up",
        "heading": "Set-up flow (one per contact)",
    },
)
