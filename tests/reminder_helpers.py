"""Helpers for the reminder tests: drive a user to a step, read the reminders table, a fake
sender for the scheduler, and wall-clock times in Berlin."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.replies import Reply
from bot.scheduler import Blocked
from tests.engine_helpers import Chat, open_contact, plan_call, prep_to_review

BERLIN = "Europe/Berlin"
BERLIN_TZ = ZoneInfo(BERLIN)


def berlin(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin, as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN_TZ).astimezone(UTC)


def ts(dt: datetime) -> int:
    return int(dt.timestamp())


def local(stamp: int) -> datetime:
    """A unix time as Berlin wall-clock time (aware)."""
    return datetime.fromtimestamp(stamp, BERLIN_TZ)


# -- the reminders table ---------------------------------------------------------------------

COLUMNS = (
    "id",
    "user_id",
    "contact_id",
    "kind",
    "due_ts",
    "event_ts",
    "expires_ts",
    "status",
    "payload",
    "sent_at",
)


def reminder_rows(
    conn_or_path: sqlite3.Connection | str,
    user_id: int | None = None,
    *,
    kind: str | None = None,
    status: str | None = None,
    with_nudge: bool = False,
) -> list[dict]:
    """Rows of the reminders table (nudges left out unless asked for), oldest first."""
    conn = sqlite3.connect(conn_or_path) if isinstance(conn_or_path, str) else conn_or_path
    try:
        rows = conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM reminders WHERE (? IS NULL OR user_id = ?)"
            " AND (? IS NULL OR kind = ?) AND (? IS NULL OR status = ?) ORDER BY due_ts, id",
            (user_id, user_id, kind, kind, status, status),
        ).fetchall()
    finally:
        if isinstance(conn_or_path, str):
            conn.close()
    found = [dict(zip(COLUMNS, r, strict=True)) for r in rows]
    for row in found:
        row["payload"] = json.loads(row["payload"])
    if not with_nudge and kind is None:
        found = [r for r in found if r["kind"] != "nudge"]
    return found


def pending(conn: sqlite3.Connection, user_id: int, **kw) -> list[dict]:
    return reminder_rows(conn, user_id, status="pending", **kw)


def user_flags(conn: sqlite3.Connection, user_id: int) -> dict:
    row = conn.execute(
        "SELECT tz, paused, blocked FROM users WHERE user_id = ?", (user_id,)
    ).fetchone()
    return {"tz": row[0], "paused": bool(row[1]), "blocked": bool(row[2])}


# -- driving a user through the flows --------------------------------------------------------


def to_call_card(chat: Chat) -> None:
    """New user -> preparation (one org, one friend "Tom Jones") -> Tom's call card."""
    prep_to_review(chat, orgs=("Acme Health",), people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Tom")
    plan_call(chat)


def to_call_when(chat: Chat, tz: str = "Berlin") -> None:
    """... -> the "When will you call" step, answering the time-zone question on the way."""
    to_call_card(chat)
    chat.click("Ready to call")
    if "which time zone" in chat.last:
        chat.send(tz)
    assert "When will you call Tom Jones?" in chat.last, chat.last


def to_outcome(chat: Chat, when: str | None = None, tz: str = "Berlin") -> None:
    """... -> the outcome step, with a confirmed call time (or /skip: calling now)."""
    to_call_when(chat, tz)
    if when is None:
        chat.send("/skip")
    else:
        chat.send(when)
        chat.click("Yes, that's right")
    assert "How did the call with Tom Jones go?" in chat.last, chat.last


def confirm_meeting(chat: Chat, when: str, place: str = "Cafe Blau, Torstr. 1") -> None:
    """At the outcome step: agreed to meet, date and place, confirmed."""
    chat.click("Agreed to meet")
    chat.send(when)
    assert "Where?" in chat.last, chat.last
    chat.send(place)
    assert "Is everything right?" in chat.last, chat.last
    chat.click("Yes, confirmed")
    assert "It's in the diary" in chat.last, chat.last


# -- a sender for the scheduler --------------------------------------------------------------


class Outbox:
    """Records what the scheduler sends; can play a user who blocked the bot."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, Reply]] = []
        self.blocked: set[int] = set()
        self.failing: set[int] = set()
        self.attempts = 0
        self._next_id = 1000

    async def __call__(self, user_id: int, reply: Reply) -> int:
        self.attempts += 1
        if user_id in self.blocked:
            raise Blocked()
        if user_id in self.failing:
            raise ConnectionError("network down")
        self.sent.append((user_id, reply))
        self._next_id += 1
        return self._next_id

    def texts(self, user_id: int | None = None) -> list[str]:
        return [r.text for uid, r in self.sent if user_id is None or uid == user_id]


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
