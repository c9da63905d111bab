"""Reminders kept in SQLite: when each kind is due, until when it is still useful, its text.

Rows are written inside the caller's transaction. The scheduler (``bot/scheduler.py``) reads
the next due one and sends it; nothing is held only in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot import buttons
from bot.effects import handles
from bot.replies import Reply
from flows import questions
from flows.effects import Cancel, PlanFollowUps, Schedule
from flows.effects import ReminderKind as K
from flows.scripts import checklist, starred
from flows.when import add_business_days, at_local, format_when, shift_local

# How long after its due time a reminder is still worth sending (missed while down).
USEFUL_FOR = {
    K.CALL: timedelta(hours=12),
    K.THANK_YOU: timedelta(hours=36),
    K.FOLLOW_UP_SECOND_PERSON: timedelta(days=3),
    K.FOLLOW_UP_AGAIN: timedelta(days=3),
    K.FOLLOW_UP_MOVE_ON: timedelta(days=5),
    K.NUDGE: timedelta(days=5),
    K.FIND_NAME: timedelta(days=5),
    K.STAY_IN_TOUCH: timedelta(days=14),
}
FOLLOW_UP_DAYS = {
    K.FOLLOW_UP_SECOND_PERSON: 3,
    K.FOLLOW_UP_AGAIN: 7,
    K.FOLLOW_UP_MOVE_ON: 10,
}
FOLLOW_UP_HOUR = 10  # business-day follow-ups arrive at this hour of the user's morning
NUDGE_AFTER = timedelta(days=2)
SNOOZE_MORNING_HOUR = 9

TEXTS = {
    K.CALL: "Time to call {person}! Your call card is one tap away. Good luck.",
    K.MEETING_DAY_BEFORE: "Tomorrow: {what} with {person}, {when}. Where: {place}.\n\n{checklist}",
    K.MEETING_HOUR_BEFORE: "In an hour: {what} with {person}, {when}. Where: {place}.",
    K.THANK_YOU: (
        "How did your talk with {person} go? Send a thank-you within 24 hours; I have a draft "
        "ready for you."
    ),
    K.FOLLOW_UP_SECOND_PERSON: (
        "Three business days and no word from {person}. Try a second person at {org}: call "
        "the main number and ask who else does this work."
    ),
    K.FOLLOW_UP_AGAIN: (
        "A week without an answer from {person}. One short, friendly follow-up call is fine now."
    ),
    K.FOLLOW_UP_MOVE_ON: (
        "Two weeks and still nothing from {person}. Time to move on: pick your next contact. "
        "No hard feelings; people are busy."
    ),
    K.NUDGE: (
        "Your information-interview plan is waiting for you, right where you left it. "
        "One tap to carry on."
    ),
    K.FIND_NAME: (
        "Any luck finding the right person at {org}? Open the step for ways to find a name, "
        "or tap Done if you've moved on."
    ),
    K.STAY_IN_TOUCH: (
        "About five weeks since your talk with {person}. Time for a short note: tell {first} "
        "what you did with their advice and where you've got to. People like hearing how "
        "the story goes on.{advice}"
    ),
}
# For a contact the user writes to instead of calling.
MESSAGE_TEXTS = {
    K.CALL: "Time to write to {person}! Your message is one tap away, ready to copy.",
    K.FOLLOW_UP_SECOND_PERSON: (
        "Three business days and no reply from {person}. Try a second person at {org}, or "
        "give {person} a short call: a phone often gets through where a message doesn't."
    ),
    K.FOLLOW_UP_AGAIN: (
        "A week without a reply from {person}. One short, friendly follow-up message is fine now."
    ),
}
LABELS = {
    "done": "Done",
    "snooze_hour": "In 1 hour",
    "snooze_morning": "Tomorrow morning",
    "open": "Open the step",
    "resume": "Carry on",
    "cancel": "Cancel",
}
LIST_EMPTY = "You have no reminders waiting."
LIST_HEAD = "Your reminders:"
LIST_PAUSED = "\n\nThey're on hold; /resume turns them back on."
NAMES = {
    K.CALL: "Call {person}",
    K.MEETING_DAY_BEFORE: "Day before meeting {person}",
    K.MEETING_HOUR_BEFORE: "Hour before meeting {person}",
    K.THANK_YOU: "Thank-you note to {person}",
    K.FOLLOW_UP_SECOND_PERSON: "Try a second person for {person}",
    K.FOLLOW_UP_AGAIN: "Follow up with {person}",
    K.FOLLOW_UP_MOVE_ON: "Move on from {person}",
    K.NUDGE: "Carry on with your plan",
    K.FIND_NAME: "Find a name at {org}",
    K.STAY_IN_TOUCH: "Stay in touch with {person}",
}
MESSAGE_NAMES = {K.CALL: "Write to {person}"}
ADVICE = "\n\nYou noted: \u201c{advice}\u201d"
DONE = "Marked done."
SNOOZED = "Snoozed until {when}."
CANCELLED = "Cancelled: {name}."
TOO_LATE = "That would be after the meeting itself, so I won't remind you again."
GONE = "That reminder is no longer waiting, so nothing changed."


@dataclass
class Due:
    """A pending reminder ready to go out."""

    id: int
    user_id: int
    contact_id: int | None
    kind: str
    due_ts: int
    event_ts: int | None
    expires_ts: int
    payload: dict[str, Any]


def _ts(dt: datetime) -> int:
    return int(dt.timestamp())


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def schedule(
    conn: sqlite3.Connection,
    user_id: int,
    contact_id: int | None,
    kind: str,
    due: datetime,
    now: datetime,
    *,
    event: datetime | None = None,
    payload: dict[str, Any] | None = None,
) -> int | None:
    """Add a pending reminder; one that would already be useless is not added."""
    expires = expiry(kind, due, event)
    if expires <= now:
        return None
    stamp = now.isoformat()
    cur = conn.execute(
        "INSERT INTO reminders (user_id, contact_id, kind, due_ts, event_ts, expires_ts, payload,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            user_id,
            contact_id,
            kind,
            _ts(due),
            _ts(event) if event else None,
            _ts(expires),
            json.dumps(payload or {}, ensure_ascii=False),
            stamp,
            stamp,
        ),
    )
    return int(cur.lastrowid)


def expiry(kind: str, due: datetime, event: datetime | None) -> datetime:
    """Until when a reminder is worth sending."""
    if kind == K.MEETING_DAY_BEFORE and event:
        return event - timedelta(hours=2)
    if kind == K.MEETING_HOUR_BEFORE and event:
        return event
    return due + USEFUL_FOR.get(kind, timedelta(hours=12))


def cancel(
    conn: sqlite3.Connection, user_id: int, contact_id: int | None, kinds: list[str], now: datetime
) -> int:
    """Cancel a contact's pending reminders of the given kinds."""
    marks = ",".join("?" * len(kinds))
    cur = conn.execute(
        f"UPDATE reminders SET status = 'cancelled', updated_at = ? WHERE user_id = ? AND"
        f" contact_id IS ? AND status = 'pending' AND kind IN ({marks})",
        (now.isoformat(), user_id, contact_id, *kinds),
    )
    return cur.rowcount


def plan_meeting(
    conn: sqlite3.Connection,
    user_id: int,
    contact_id: int,
    start: datetime,
    minutes: int,
    tz: str,
    now: datetime,
    payload: dict[str, Any],
) -> None:
    """The day before, the hour before, and the thank-you after a meeting or call."""
    day_before = shift_local(start, tz, days=-1)
    if day_before > now:
        schedule(
            conn,
            user_id,
            contact_id,
            K.MEETING_DAY_BEFORE,
            day_before,
            now,
            event=start,
            payload=payload,
        )
    hour_before = start - timedelta(hours=1)
    if hour_before > now:
        schedule(
            conn,
            user_id,
            contact_id,
            K.MEETING_HOUR_BEFORE,
            hour_before,
            now,
            event=start,
            payload=payload,
        )
    after = start + timedelta(minutes=minutes) + timedelta(hours=2)
    schedule(conn, user_id, contact_id, K.THANK_YOU, after, now, event=start, payload=payload)


def plan_follow_ups(
    conn: sqlite3.Connection,
    user_id: int,
    contact_id: int,
    tz: str,
    now: datetime,
    payload: dict[str, Any],
) -> None:
    """Business-day follow-ups after a call nobody answered (reset on every new log).

    Each is due at ``FOLLOW_UP_HOUR`` in the user's zone, not at the minute of the log.
    """
    cancel(conn, user_id, contact_id, list(FOLLOW_UP_DAYS), now)
    for kind, days in FOLLOW_UP_DAYS.items():
        due = at_local(add_business_days(now, days, tz), tz, FOLLOW_UP_HOUR)
        schedule(conn, user_id, contact_id, kind, due, now, payload=payload)


def touch_nudge(conn: sqlite3.Connection, user_id: int, half_finished: bool, now: datetime) -> None:
    """Keep one idle nudge per user, due two days after their last answer."""
    stamp = now.isoformat()
    if not half_finished:
        conn.execute(
            "UPDATE reminders SET status = 'cancelled', updated_at = ? WHERE user_id = ? AND"
            " kind = ? AND status = 'pending'",
            (stamp, user_id, K.NUDGE),
        )
        return
    due = now + NUDGE_AFTER
    cur = conn.execute(
        "UPDATE reminders SET due_ts = ?, expires_ts = ?, updated_at = ? WHERE user_id = ? AND"
        " kind = ? AND status = 'pending'",
        (_ts(due), _ts(expiry(K.NUDGE, due, None)), stamp, user_id, K.NUDGE),
    )
    if cur.rowcount == 0:
        schedule(conn, user_id, None, K.NUDGE, due, now)


# An active user: not paused, not blocked, and allowed (``:allowed``: a JSON list of the ids
# ALLOWED_USER_IDS lets in, NULL for everyone). A user left off the list keeps their
# reminders waiting, unsent, until they are on it again (or the reminders are stale).
_ACTIVE = (
    "u.paused = 0 AND u.blocked = 0"
    " AND (:allowed IS NULL OR r.user_id IN (SELECT value FROM json_each(:allowed)))"
    " AND (:only IS NULL OR r.user_id = :only)"
)


def _who(only_user: int | None, allowed: frozenset[int] | None) -> dict[str, Any]:
    listed = None if allowed is None else json.dumps(sorted(allowed))
    return {"only": only_user, "allowed": listed}


def next_due_ts(
    conn: sqlite3.Connection,
    only_user: int | None = None,
    allowed: frozenset[int] | None = None,
) -> int | None:
    """When the earliest reminder of an active user (or of ``only_user``) falls due."""
    row = conn.execute(
        "SELECT r.due_ts FROM reminders r JOIN users u ON u.user_id = r.user_id"
        f" WHERE r.status = 'pending' AND {_ACTIVE} ORDER BY r.due_ts LIMIT 1",
        _who(only_user, allowed),
    ).fetchone()
    return row["due_ts"] if row else None


def due_now(
    conn: sqlite3.Connection,
    now: datetime,
    limit: int = 200,
    only_user: int | None = None,
    allowed: frozenset[int] | None = None,
) -> list[Due]:
    """Pending reminders of active users whose time has come, oldest first."""
    rows = conn.execute(
        "SELECT r.id, r.user_id, r.contact_id, r.kind, r.due_ts, r.event_ts, r.expires_ts,"
        " r.payload FROM reminders r JOIN users u ON u.user_id = r.user_id"
        f" WHERE r.status = 'pending' AND r.due_ts <= :now AND {_ACTIVE}"
        " ORDER BY r.due_ts LIMIT :limit",
        _who(only_user, allowed) | {"now": _ts(now), "limit": limit},
    ).fetchall()
    return [
        Due(
            r["id"],
            r["user_id"],
            r["contact_id"],
            r["kind"],
            r["due_ts"],
            r["event_ts"],
            r["expires_ts"],
            json.loads(r["payload"]),
        )
        for r in rows
    ]


def mark(
    conn: sqlite3.Connection,
    reminder_id: int,
    status: str,
    now: datetime,
    message_id: int | None = None,
) -> None:
    """Record what became of a reminder (sent, dropped)."""
    stamp = now.isoformat()
    if message_id is not None:
        conn.execute(
            "UPDATE reminders SET status = ?, sent_at = ?, updated_at = ?,"
            " payload = json_set(payload, '$.message_id', ?) WHERE id = ? AND status = 'pending'",
            (status, stamp, stamp, message_id, reminder_id),
        )
    else:
        conn.execute(
            "UPDATE reminders SET status = ?, sent_at = ?, updated_at = ? WHERE id = ?"
            " AND status = 'pending'",
            (status, stamp if status == "sent" else None, stamp, reminder_id),
        )


def load(conn: sqlite3.Connection, reminder_id: int) -> dict[str, Any] | None:
    """One reminder row as a dict (callers check its owner)."""
    row = conn.execute(
        "SELECT id, user_id, contact_id, kind, due_ts, event_ts, status, payload FROM reminders"
        " WHERE id = ?",
        (reminder_id,),
    ).fetchone()
    if row is None:
        return None
    found = dict(row)
    found["payload"] = json.loads(found["payload"])
    return found


def snooze(
    conn: sqlite3.Connection, reminder: dict[str, Any], action: str, tz: str, now: datetime
) -> datetime | None:
    """Put a reminder back for an hour, or until tomorrow morning in the user's zone.

    Returns the new time, or None when that would be too late (after the meeting).
    """
    if action == "snooze_hour":
        due = now + timedelta(hours=1)
    else:
        due = at_local(now, tz, SNOOZE_MORNING_HOUR, days=1)
    event = _dt(reminder["event_ts"]) if reminder["event_ts"] else None
    expires = expiry(reminder["kind"], due, event)
    if reminder["kind"] in (K.MEETING_DAY_BEFORE, K.MEETING_HOUR_BEFORE):
        if event is None or due >= event:
            return None
        expires = event
    else:
        expires = max(expires, due + timedelta(hours=1))
    conn.execute(
        "UPDATE reminders SET status = 'pending', due_ts = ?, expires_ts = ?, updated_at = ?"
        " WHERE id = ?",
        (_ts(due), _ts(expires), now.isoformat(), reminder["id"]),
    )
    return due


def waiting_for(conn: sqlite3.Connection, user, ctx) -> Callable[[], dict[str, datetime]]:
    """For a flow's context: when each reminder about the contact it is on (``ctx.contact``,
    read when asked; the user's own for a flow without one) falls due, by kind, if it is
    still to go out (pending, and the user has not paused reminders)."""

    def waiting() -> dict[str, datetime]:
        if user.paused:
            return {}
        rows = conn.execute(
            "SELECT kind, min(due_ts) FROM reminders WHERE user_id = ? AND contact_id IS ?"
            " AND status = 'pending' GROUP BY kind",
            (user.user_id, ctx.contact.get("id")),
        ).fetchall()
        return {kind: _dt(due) for kind, due in rows}

    return waiting


def pending_of(conn: sqlite3.Connection, user_id: int) -> list[dict[str, Any]]:
    """A user's pending reminders by date."""
    rows = conn.execute(
        "SELECT id, contact_id, kind, due_ts, payload FROM reminders"
        " WHERE user_id = ? AND status = 'pending' ORDER BY due_ts",
        (user_id,),
    ).fetchall()
    return [dict(r) | {"payload": json.loads(r["payload"])} for r in rows]


def message(due: Due, tz: str | None, favourites: list[str] | None = None) -> Reply:
    """The text and buttons of a reminder as it goes out (the day before: starred questions)."""
    fields = _fields(due.payload, due.event_ts, tz)
    texts = MESSAGE_TEXTS if due.payload.get("channel") == "message" else {}
    text = "\u23f0 " + texts.get(due.kind, TEXTS[due.kind]).format_map(fields)
    if due.kind == K.MEETING_DAY_BEFORE and starred(favourites or []):
        text += "\n\n" + _questions_note(favourites or [])
    if due.kind == K.NUDGE:
        choices = [(buttons.reminder(due.id, "open"), LABELS["resume"])]
    else:
        choices = [
            (buttons.reminder(due.id, "done"), LABELS["done"]),
            (buttons.reminder(due.id, "snooze_hour"), LABELS["snooze_hour"]),
            (buttons.reminder(due.id, "snooze_morning"), LABELS["snooze_morning"]),
            (buttons.reminder(due.id, "open"), LABELS["open"]),
        ]
    return Reply(text, choices)


def _questions_note(favourites: list[str]) -> str:
    """The starred questions, under the checklist (whose line already points to /questions)."""
    return questions.REMINDER_HEAD + "\n" + "\n".join(f"\u2022 {t}" for t in starred(favourites))


def listing(conn: sqlite3.Connection, user_id: int, tz: str | None, paused: bool) -> Reply:
    """The /reminders answer: each pending reminder with a cancel button."""
    pending = pending_of(conn, user_id)
    if not pending:
        return Reply(LIST_EMPTY)
    lines = [LIST_HEAD]
    choices = []
    for item in pending[:20]:
        name = name_of(item["kind"], item["payload"])
        when = format_when(_dt(item["due_ts"]), tz or "UTC")
        lines.append(f"\u2022 {when}: {name}")
        choices.append((buttons.reminder(item["id"], "cancel"), f"{LABELS['cancel']}: {name}"[:60]))
    if len(pending) > 20:
        lines.append(f"\u2026 and {len(pending) - 20} more.")
    return Reply("\n".join(lines) + (LIST_PAUSED if paused else ""), choices)


def name_of(kind: str, payload: dict[str, Any]) -> str:
    """A reminder's short name for lists."""
    names = MESSAGE_NAMES if payload.get("channel") == "message" else {}
    return names.get(kind, NAMES.get(kind, kind)).format_map(_fields(payload, None, None))


class _Fields(dict):
    """A reminder's template fields; the checklist is built only when a text asks for it."""

    def __missing__(self, key: str) -> str:
        if key == "checklist":
            org = self.payload.get("org")
            return checklist(self["person"], org, self.payload.get("minutes"))
        if key == "first":
            return self.payload.get("first") or self["person"]
        if key == "advice":
            advice = self.payload.get("advice")
            return ADVICE.format(advice=advice) if advice else ""
        raise KeyError(key)


def _fields(payload: dict[str, Any], event_ts: int | None, tz: str | None) -> dict[str, str]:
    found = _Fields(
        person=payload.get("person", "your contact"),
        org=payload.get("org") or "their organization",
        place=payload.get("place", "-"),
        what=payload.get("what", "your information interview"),
        when=format_when(_dt(event_ts), tz or "UTC") if event_ts else "",
    )
    found.payload = payload
    return found


def set_status(conn: sqlite3.Connection, reminder_id: int, status: str, now: datetime) -> None:
    """Mark a reminder done or cancelled from its button."""
    conn.execute(
        "UPDATE reminders SET status = ?, updated_at = ? WHERE id = ?",
        (status, now.isoformat(), reminder_id),
    )


def press(conn: sqlite3.Connection, item: dict[str, Any], action: str, tz: str, now: datetime):
    """A reminder's Done, snooze or Cancel button: the line to answer with (None: unknown)."""
    if action == "done":
        if item["status"] in ("pending", "sent"):
            set_status(conn, item["id"], "done", now)
            return DONE
        return GONE
    if action in ("snooze_hour", "snooze_morning"):
        if item["status"] not in ("pending", "sent"):
            return GONE
        due = snooze(conn, item, action, tz, now)
        return TOO_LATE if due is None else SNOOZED.format(when=format_when(due, tz))
    if action == "cancel":
        if item["status"] != "pending":
            return GONE
        set_status(conn, item["id"], "cancelled", now)
        return CANCELLED.format(name=name_of(item["kind"], item["payload"]))
    return None


# -- the effects flows emit about reminders -------------------------------------------------
@handles(Schedule)
def on_schedule(effect: Schedule, host) -> None:
    """One reminder for the open contact (or the user)."""
    host.reminders_changed()
    schedule(
        host.store.conn,
        host.user.user_id,
        host.contact_id,
        effect.kind,
        datetime.fromisoformat(effect.at),
        host.now,
        payload=effect.payload,
    )


@handles(Cancel)
def on_cancel(effect: Cancel, host) -> None:
    """Cancel the open contact's pending reminders of some kinds."""
    cancel(host.store.conn, host.user.user_id, host.contact_id, list(effect.kinds), host.now)


@handles(PlanFollowUps)
def on_follow_ups(effect: PlanFollowUps, host) -> None:
    """Business-day follow-ups for the open contact."""
    host.reminders_changed()
    plan_follow_ups(
        host.store.conn,
        host.user.user_id,
        host.contact_id,
        host.user.tz or "UTC",
        host.now,
        effect.payload,
    )
