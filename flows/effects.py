"""What a flow may ask of the world outside it, as small typed records.

A flow's callbacks ``emit`` these; the engine hands each to the one handler registered for
its type (``bot/effects.py``), inside the same transaction as the answer. An effect with no
handler is an error, never a silent no-op.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ReminderKind(StrEnum):
    """Every kind of reminder the bot can send; the texts live in ``bot/reminders.py``."""

    CALL = "call"
    MEETING_DAY_BEFORE = "meeting_day_before"
    MEETING_HOUR_BEFORE = "meeting_hour_before"
    THANK_YOU = "thank_you"
    FOLLOW_UP_SECOND_PERSON = "follow_up_second_person"
    FOLLOW_UP_AGAIN = "follow_up_again"
    FOLLOW_UP_MOVE_ON = "follow_up_move_on"
    NUDGE = "nudge"
    FIND_NAME = "find_name"
    STAY_IN_TOUCH = "stay_in_touch"


MEETING_REMINDERS = (
    ReminderKind.MEETING_DAY_BEFORE,
    ReminderKind.MEETING_HOUR_BEFORE,
    ReminderKind.THANK_YOU,
)
FOLLOW_UPS = (
    ReminderKind.FOLLOW_UP_SECOND_PERSON,
    ReminderKind.FOLLOW_UP_AGAIN,
    ReminderKind.FOLLOW_UP_MOVE_ON,
)


@dataclass(frozen=True)
class Effect:
    """Base of every effect."""


# -- the flow stack ------------------------------------------------------------------------
@dataclass(frozen=True)
class StartFlow(Effect):
    """Open another flow on top of this one (``ref``: the contact it is about, if any).

    ``args``, when given, are handed to the new flow's start trigger (as its ``value``), which
    then fires even if that flow was opened before.
    """

    flow: str
    ref: int | None = None
    answers: dict[str, Any] = field(default_factory=dict)  # what it begins with, if new
    args: dict[str, Any] | None = None


# -- files ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SendFile(Effect):
    """A text file for the user to keep (a document on Telegram, saved in the terminal)."""

    filename: str
    content: str
    caption: str = ""


# -- contacts ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AddContact(Effect):
    """A new contact in the user's plan; ``referred`` ones name the open contact as referrer."""

    kind: str
    org: str | None = None
    name: str | None = None
    relation: str | None = None
    phone: str | None = None
    referred: bool = False


@dataclass(frozen=True)
class RemoveUntouchedContacts(Effect):
    """Drop the contacts of one kind whose set-up was never opened."""

    kind: str


@dataclass(frozen=True)
class UpdateContact(Effect):
    """Change what is known about the open contact (None: leave as is)."""

    name: str | None = None
    phone: str | None = None


# -- the user's plan (the root flow's answers, every flow's ``profile``) ---------------------
@dataclass(frozen=True)
class UpdateProfile(Effect):
    """Set some of the root flow's answers (e.g. the career goal and its history)."""

    values: dict[str, Any] = field(default_factory=dict)


# -- reminders -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Schedule(Effect):
    """A reminder for the open contact (or the user) at ``at`` (ISO time, UTC)."""

    kind: ReminderKind
    at: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cancel(Effect):
    """Cancel the open contact's pending reminders of these kinds."""

    kinds: tuple[ReminderKind, ...]


@dataclass(frozen=True)
class PlanFollowUps(Effect):
    """Business-day follow-ups after a call nobody answered (replacing earlier ones)."""

    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanMeeting(Effect):
    """A confirmed meeting or call: its reminders, and a calendar file when ``send_calendar``."""

    start: str
    minutes: int
    title: str
    place: str
    description: str
    payload: dict[str, Any] = field(default_factory=dict)
    send_calendar: bool = True
