"""The debrief: a few minutes after an interview, while it is fresh. One per contact.

```
what you learned -> how it fits you -> what you still need to know
  -> names from your notes (each confirmed) -> wrap-up (stay-in-touch reminder, look back?)
```
The set-up opens it after the notes step (``StartFlow`` with the notes and the talk's time)
and gets its answers back through its ``on_return``; the thank-you draft is written from
them. The wrap-up keeps the debrief in the user's plan (``profile["debriefs"]``), where the
look back at the career goal (``flows/goal.py``) reads it, and offers that look back after
every second or third interview.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from flows import copy, goal
from flows import validators as v
from flows.effects import AddContact, Cancel, ReminderKind, Schedule, StartFlow, UpdateProfile
from flows.model import FlowModel
from flows.names import names_in
from flows.runner import Flow, Texts
from flows.scripts import first_name, join_names
from flows.spec import FlowSpec
from flows.steps import Option, Step
from flows.when import at_local, format_day, local_day

TOTAL_STEPS = 4
STAY_IN_TOUCH_DAYS = 35  # about five weeks after the talk
STAY_IN_TOUCH_HOUR = 10  # in the user's morning
LINE_MAX = 300  # a debrief answer kept in the plan


class DebriefModel(FlowModel):
    """One contact's debrief; conditions and callbacks of the table."""

    # -- conditions ----------------------------------------------------------------------
    def has_names(self, event=None) -> bool:
        """True when the notes name people to get in touch with."""
        return bool(self.answers.get("names"))

    def more_names(self, event=None) -> bool:
        """True while a name after the one on offer is still to be offered."""
        return int(self.answers.get("name_index", 0)) + 1 < len(self.answers.get("names", []))

    # -- callbacks -----------------------------------------------------------------------
    def find_names(self, event=None) -> None:
        """Read the notes for people to get in touch with; offer them from the first."""
        contact = self.context.contact if self.context else {}
        skip = {
            (contact.get("name") or "").casefold(),
            (self.answers.get("person") or "").casefold(),
        }
        self.answers["names"] = [
            n for n in names_in(self.answers.get("notes")) if n.casefold() not in skip
        ]
        self.answers["name_index"] = 0
        self.answers.setdefault("added", [])  # a second pass (after /back) keeps the first's

    def add_name(self, event=None) -> None:
        """The user wants the name on offer as a contact, referred by this person."""
        name = self.offered_name()
        if name and name not in self.answers["added"]:
            self.answers["added"].append(name)
            self.emit(AddContact(kind="referral", name=name, referred=True))
        self.answers["name_index"] = int(self.answers.get("name_index", 0)) + 1

    def pass_name(self, event=None) -> None:
        """Not this one."""
        self.answers["name_index"] = int(self.answers.get("name_index", 0)) + 1

    def wrap_up(self, event=None) -> None:
        """Keep the debrief in the plan, remind the user to stay in touch, maybe look back."""
        profile = self.context.profile if self.context else {}
        cid = (self.context.contact if self.context else {}).get("id")
        entry = {
            "contact": cid,
            "person": self.person(),
            "on": local_day(self.talked_at(), self.context.tz),
            "learned": _short(self.answers.get("learned")),
            "fit": _short(self.answers.get("fit")),
            "open": _short(self.answers.get("still_open")),
        }
        kept = [d for d in profile.get("debriefs", []) if d.get("contact") != cid]
        debriefs = [*kept, entry]
        values: dict[str, Any] = {"debriefs": debriefs}
        if goal.look_back_due(profile, len(debriefs)):
            self.flags["offer_look"] = True
            values["goal_offered_at"] = len(debriefs)
        self.emit(UpdateProfile(values))
        self.emit(Cancel((ReminderKind.STAY_IN_TOUCH,)))
        self.emit(stay_in_touch(self, self.talked_at(), entry["learned"]))

    def open_look_back(self, event=None) -> None:
        """Open the look back at the career goal on top of this debrief."""
        self.emit(StartFlow(goal.SPEC.name))

    # -- the texts built from the answers -----------------------------------------------
    def text_field(self, key: str, user_name: str = "") -> str | None:
        if key == "first":
            return first_name(self.person()) or self.person()
        if key == "notes_hint":
            return copy.DEBRIEF_NOTES_HINT if _notes_prefill(self) else ""
        if key == "self_view":
            return self_view(self.context.profile if self.context else {})
        if key == "offered_name":
            return self.offered_name() or "-"
        if key == "wrap":
            return self.wrap_text()
        return None

    def wrap_text(self) -> str:
        """What was kept, the new contacts, the stay-in-touch reminder, maybe a look back."""
        first = first_name(self.person()) or self.person()
        said = [
            copy.DEBRIEF_LINES[k].format(text=f"\u201c{_short(self.answers[k])}\u201d")
            for k in ("learned", "fit", "still_open")
            if self.answers.get(k)
        ]
        parts = ["\n".join([copy.DEBRIEF_SAVED, *said]) if said else copy.DEBRIEF_NOTHING]
        added = self.answers.get("added") or []
        if added:
            parts.append(copy.DEBRIEF_ADDED.format(names=join_names(added), first=first))
        due = datetime.fromisoformat(stay_in_touch(self, self.talked_at(), None).at)
        on = format_day(due, self.context.tz or "UTC")
        parts.append(copy.DEBRIEF_STAY_IN_TOUCH.format(on=on, first=first))
        if _wrap_options(self):
            profile = self.context.profile
            parts.append(
                copy.DEBRIEF_LOOK_BACK.format(
                    count=len(profile.get("debriefs") or []), goal=profile.get("career_goal")
                )
            )
        else:
            parts.append(copy.DEBRIEF_NEXT)
        return "\n\n".join(parts)

    # -- helpers -------------------------------------------------------------------------
    def person(self) -> str:
        """The full name of the person the talk was with."""
        contact = self.context.contact if self.context else {}
        return self.answers.get("person") or contact.get("name") or "them"

    def offered_name(self) -> str | None:
        names = self.answers.get("names") or []
        index = int(self.answers.get("name_index", 0))
        return names[index] if 0 <= index < len(names) else None

    def talked_at(self) -> datetime:
        """When the talk took place: its planned time, unless that is still ahead."""
        now = self.context.now
        at = self.answers.get("talked_at")
        when = datetime.fromisoformat(at) if at else now
        return min(when, now)


def stay_in_touch(model: FlowModel, talked: datetime, advice: str | None) -> Schedule:
    """The reminder, about five weeks after the talk, to tell them what came of their advice."""
    ctx = model.context
    due = at_local(talked + timedelta(days=STAY_IN_TOUCH_DAYS), ctx.tz or "UTC", STAY_IN_TOUCH_HOUR)
    contact = ctx.contact
    person = model.answers.get("person") or contact.get("name") or "your contact"
    payload = {"person": person, "first": first_name(person), "org": contact.get("org")}
    if advice:
        payload["advice"] = advice
    return Schedule(ReminderKind.STAY_IN_TOUCH, due.isoformat(), payload)


def self_view(profile: dict[str, Any]) -> str:
    """The user's own self-assessment, quoted back to them."""
    if profile.get("assessed") == "yes" and profile.get("assessment"):
        return copy.DEBRIEF_SELF_SUMMARY.format(assessment=profile["assessment"])
    if profile.get("strengths"):
        return copy.DEBRIEF_SELF_GUIDED.format(
            strengths=profile["strengths"],
            interests=profile.get("interests") or "-",
            values=profile.get("values") or "-",
        )
    return copy.DEBRIEF_SELF_NONE


def _short(text: Any) -> str | None:
    if not text:
        return None
    text = " ".join(str(text).split())
    return text if len(text) <= LINE_MAX else text[: LINE_MAX - 1] + "\u2026"


def _notes_prefill(model: DebriefModel) -> str | None:
    notes = model.answers.get("notes")
    return notes if notes and len(notes) <= 1000 else None


def _name_options(model: DebriefModel) -> list[Option]:
    name = model.offered_name() or ""
    return [
        Option("add", copy.DEBRIEF_ADD_NAME.format(name=name), "add"),
        Option("pass", "debrief_pass_name", "pass"),
    ]


def _wrap_options(model: DebriefModel) -> list[Option]:
    if model.flags.get("offer_look") and not goal.looked_back_since(model.context.profile):
        return [Option("look", "debrief_look_back", "look_back")]
    return []


_text = partial(v.long_text, max_len=1000)

STEPS: dict[str, Step] = {
    s.state: s
    for s in [
        Step(
            "debrief_learned",
            1,
            "text",
            field="learned",
            parse=partial(_text, field="answer"),
            optional=True,
            prefill=_notes_prefill,
        ),
        Step("debrief_fit", 2, "text", field="fit", parse=_text, optional=True),
        Step("debrief_open", 3, "text", field="still_open", parse=_text, optional=True),
        Step("debrief_name", 4, "confirm", dynamic_options=_name_options),
        Step(
            "debrief_wrap",
            4,
            "info",
            dynamic_options=_wrap_options,
            options=(Option("done", "debrief_to_thanks", "leave"),),
        ),
    ]
}

STATES = ["new", *STEPS]

TRANSITIONS = [
    {"trigger": "begin", "source": "new", "dest": "debrief_learned"},
    {"trigger": "next", "source": "debrief_learned", "dest": "debrief_fit"},
    {"trigger": "next", "source": "debrief_fit", "dest": "debrief_open"},
    {
        "trigger": "next",
        "source": "debrief_open",
        "dest": "debrief_name",
        "prepare": "find_names",
        "conditions": "has_names",
    },
    {"trigger": "next", "source": "debrief_open", "dest": "debrief_wrap", "after": "wrap_up"},
    {
        "trigger": "add",
        "source": "debrief_name",
        "dest": None,
        "conditions": "more_names",
        "after": "add_name",
    },
    {
        "trigger": "add",
        "source": "debrief_name",
        "dest": "debrief_wrap",
        "after": ["add_name", "wrap_up"],
    },
    {
        "trigger": "pass",
        "source": "debrief_name",
        "dest": None,
        "conditions": "more_names",
        "after": "pass_name",
    },
    {
        "trigger": "pass",
        "source": "debrief_name",
        "dest": "debrief_wrap",
        "after": ["pass_name", "wrap_up"],
    },
    {"trigger": "look_back", "source": "debrief_wrap", "dest": None, "after": "open_look_back"},
]


TEXTS = Texts(copy.DEBRIEF_TITLES, copy.DEBRIEF_PROMPTS, copy.DEBRIEF_LABELS)

SPEC = FlowSpec(
    Flow(
        "debrief", DebriefModel, STATES, TRANSITIONS, STEPS, TOTAL_STEPS, initial="new", texts=TEXTS
    ),
    per="contact",
    scope="d",
    final_states=frozenset({"debrief_wrap"}),
    start="begin",
    texts={
        "at_start": copy.DEBRIEF_AT_START,
        "title": "Debrief",
        "heading": "Debrief (one per interview, opened from the set-up)",
    },
)
