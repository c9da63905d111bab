"""Reminders through the fake Bot API: the real Application in this process, or
``python -m bot run`` as a subprocess; real clock, every wait bounded."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

from icalendar import Calendar

from bot import reminders
from bot.clock import Clock
from bot.engine import Engine
from bot.storage import Store
from flows.when import format_when
from tests.engine_helpers import Chat
from tests.fakeapi import Call, FakeBotAPI
from tests.reminder_helpers import (
    BERLIN,
    BERLIN_TZ,
    confirm_meeting,
    reminder_rows,
    to_outcome,
    ts,
    user_flags,
)
from tests.tg_helpers import BotProcess, bot_env, running_bot

UID = 7001
ALARM = "\u23f0"


def prepare(db_path: str, user_id: int = UID, meeting: bool = False, away: bool = False) -> int:
    """Before the bot runs: the user has planned a call to Tom Jones and is at the outcome
    step (or at "When will you meet?", or away at the plan's review); returns Tom's id."""
    store = Store(db_path)
    try:
        chat = Chat(Engine(store, Clock()), user_id, "Ann")
        to_outcome(chat)
        if meeting:
            chat.click("Agreed to meet")
            assert "When will you meet?" in chat.last
        if away:
            chat.send("/plan")
            assert "Your plan so far" in chat.last
        return store.conn.execute(
            "SELECT id FROM contacts WHERE user_id = ? AND name = 'Tom Jones'", (user_id,)
        ).fetchone()[0]
    finally:
        store.close()


def add_reminder(
    store: Store,
    kind: str,
    due: datetime,
    *,
    contact_id: int | None = None,
    event: datetime | None = None,
    written_at: datetime | None = None,
    user_id: int = UID,
) -> int:
    with store.transaction() as conn:
        rid = reminders.schedule(
            conn,
            user_id,
            contact_id,
            kind,
            due,
            written_at or datetime.now(UTC),
            event=event,
            payload={"person": "Tom Jones", "place": "Cafe Blau"},
        )
    assert rid is not None
    return rid


def sent_message(user_id: int, contains: str = ""):
    return lambda c: (
        c.method == "sendMessage"
        and c.chat_id == user_id
        and not c.failed
        and contains in (c.text or "")
    )


def is_reminder(user_id: int):
    return lambda c: sent_message(user_id)(c) and (c.text or "").startswith(ALARM)


async def wait_until(predicate, timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout}s")
        await asyncio.sleep(0.05)


def wait_until_sync(predicate, timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout}s")
        time.sleep(0.05)


def statuses(db_path: str, user_id: int = UID) -> dict[int, str]:
    return {r["id"]: r["status"] for r in reminder_rows(db_path, user_id)}


# -- a reminder arrives by itself ------------------------------------------------------------


async def test_a_reminder_due_in_a_moment_arrives_unasked_and_opens_its_step(tmp_path):
    db = str(tmp_path / "coach.db")
    tom = prepare(db, away=True)
    async with FakeBotAPI() as api, running_bot(api, db) as app:
        store = app.bot_data["engine"].store
        since = len(api.calls)
        rid = add_reminder(store, "call", datetime.now(UTC) + timedelta(seconds=1), contact_id=tom)
        due_ts = reminder_rows(store.conn, UID)[0]["due_ts"]
        app.bot_data["scheduler"].wake()  # what the bot does after writing a reminder

        call = await api.wait_for(is_reminder(UID), timeout=5, since=since)
        assert time.time() >= due_ts  # not early
        assert api.pending_updates() == 0 and not any(
            c.method == "sendMessage" and c.chat_id == UID for c in api.calls[since : call.index]
        )  # the user wrote nothing; the bot wrote first
        assert "Time to call Tom Jones" in call.text
        assert call.buttons() == [
            ("Done", f"r|{rid}|done"),
            ("In 1 hour", f"r|{rid}|snooze_hour"),
            ("Tomorrow morning", f"r|{rid}|snooze_morning"),
            ("Open the step", f"r|{rid}|open"),
        ]
        await wait_until(lambda: statuses(db) == {rid: "sent"}, what="the reminder marked sent")
        (row,) = reminder_rows(db, UID)
        assert row["payload"]["message_id"] == call.message_id

        api.user_press(UID, f"r|{rid}|open", message_id=call.message_id)
        step = await api.wait_for(
            sent_message(UID, "How did the call with Tom Jones go?"), since=call.index + 1
        )
        assert "Now working on: Tom Jones." in step.text
        assert ("Agreed to meet", f"s|{tom}|outcome|meet") in step.buttons()
        edited = api.bot_message(UID, call.message_id)
        assert edited is not None and edited["text"].endswith("\u2192 Open the step")
        assert "reply_markup" not in edited
    assert statuses(db) == {rid: "sent"}  # opened, not sent again


# -- restart: missed ones once, stale one dropped ---------------------------------------------


def test_restarted_bot_sends_two_missed_reminders_once_and_drops_the_stale_one(tmp_path):
    db = str(tmp_path / "coach.db")
    tom = prepare(db)
    now = datetime.now(UTC)
    meeting = now - timedelta(hours=1)
    store = Store(db)
    try:
        call = add_reminder(
            store,
            "call",
            now - timedelta(minutes=10),
            contact_id=tom,
            written_at=now - timedelta(hours=5),
        )
        thanks = add_reminder(
            store,
            "thank_you",
            now - timedelta(minutes=30),
            contact_id=tom,
            event=meeting,
            written_at=now - timedelta(days=2),
        )
        stale = add_reminder(
            store,
            "meeting_day_before",
            meeting - timedelta(days=1),
            contact_id=tom,
            event=meeting,
            written_at=now - timedelta(days=2),
        )
    finally:
        store.close()
    assert statuses(db) == {call: "pending", thanks: "pending", stale: "pending"}

    with FakeBotAPI.run_in_thread(poll_cap=0.5) as api:
        bot = BotProcess(bot_env(api, db), tmp_path / "bot.log").start()
        try:
            first = api.wait_for_sync(is_reminder(UID), timeout=20)
            api.wait_for_sync(is_reminder(UID), timeout=10, since=first.index + 1)
            wait_until_sync(
                lambda: sorted(statuses(db).values()) == ["dropped", "sent", "sent"],
                what=f"two sent, one dropped; log:\n{bot.log()}",
            )
        finally:
            bot.stop()
        assert statuses(db) == {call: "sent", thanks: "sent", stale: "dropped"}
        texts = [c.text or "" for c in api.calls if is_reminder(UID)(c)]
        assert len(texts) == 2
        assert any("Time to call Tom Jones" in t for t in texts)
        assert any("thank-you" in t for t in texts)
        assert not any(t.startswith(f"{ALARM} Tomorrow:") for t in texts)

        since = len(api.calls)
        again = BotProcess(bot_env(api, db), tmp_path / "bot.log").start()
        try:
            api.wait_for_sync(lambda c: c.method == "setMyCommands", timeout=20, since=since)
            api.user_text(UID, "/reminders")
            api.wait_for_sync(sent_message(UID), timeout=10, since=since)
            time.sleep(0.3)
        finally:
            again.stop()
        assert [c.text for c in api.calls if is_reminder(UID)(c)] == [
            c.text for c in api.calls[:since] if is_reminder(UID)(c)
        ]
        assert len([c for c in api.calls if is_reminder(UID)(c)]) == 2
    assert statuses(db) == {call: "sent", thanks: "sent", stale: "dropped"}


# -- a user who blocked the bot ---------------------------------------------------------------


async def test_a_reminder_to_a_user_who_blocked_the_bot_marks_them_blocked(tmp_path):
    db = str(tmp_path / "coach.db")
    tom = prepare(db)
    async with FakeBotAPI() as api, running_bot(api, db) as app:
        store = app.bot_data["engine"].store
        api.fail_next("sendMessage", status=403, chat_id=UID)
        since = len(api.calls)
        first = add_reminder(store, "call", datetime.now(UTC), contact_id=tom)
        app.bot_data["scheduler"].wake()
        failed = await api.wait_for(
            lambda c: c.method == "sendMessage" and c.chat_id == UID and c.failed,
            timeout=5,
            since=since,
        )
        assert failed.status == 403
        await wait_until(lambda: user_flags(store.conn, UID)["blocked"], what="users.blocked = 1")
        (row,) = reminder_rows(db, UID)
        assert (row["id"], row["status"], row["sent_at"]) == (first, "pending", None)

        # later reminders are not even tried (the 403 rule is used up: a try would succeed)
        second = add_reminder(store, "call", datetime.now(UTC), contact_id=tom)
        app.bot_data["scheduler"].wake()
        await asyncio.sleep(0.6)
        assert [c for c in api.calls[failed.index + 1 :] if c.chat_id == UID] == []
        assert statuses(db) == {first: "pending", second: "pending"}
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT blocked FROM users WHERE user_id = ?", (UID,)).fetchone() == (
            1,
        )
    finally:
        conn.close()


# -- the calendar file -----------------------------------------------------------------------


async def test_confirmed_meeting_sends_an_ics_that_parses_back(tmp_path):
    db = str(tmp_path / "coach.db")
    prepare(db, meeting=True)
    day = datetime.now(BERLIN_TZ).date() + timedelta(days=10)
    start = datetime.combine(day, clock_time(10, 30), BERLIN_TZ).astimezone(UTC)
    place = "Cafe Blau, Torstr. 1, 10119 Berlin"
    async with FakeBotAPI() as api, running_bot(api, db):
        api.user_text(UID, f"{day.day}.{day.month} 10:30")
        await api.wait_for(sent_message(UID, "Where?"))
        api.user_text(UID, place)
        readback = await api.wait_for(sent_message(UID, "Is everything right?"))
        assert f"When: {format_when(start, BERLIN)}" in readback.text
        data = dict(readback.buttons())["Yes, confirmed"]
        api.user_press(UID, data)
        doc: Call = await api.wait_for(
            lambda c: c.method == "sendDocument" and c.chat_id == UID and not c.failed
        )
        await api.wait_for(sent_message(UID, "It's in the diary"), since=doc.index)

    assert doc.document_name == f"information-interview-with-tom-jones-{day.isoformat()}.ics"
    assert doc.text == f"Add it to your calendar: {format_when(start, BERLIN)}."
    cal = Calendar.from_ical(doc.document_bytes)
    (event,) = cal.walk("VEVENT")
    dtstart = event["DTSTART"]
    assert dtstart.dt.astimezone(UTC) == start
    assert dtstart.params["TZID"] == BERLIN
    assert event["DTEND"].dt.astimezone(UTC) == start + timedelta(minutes=20)
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == [BERLIN]
    assert str(event["LOCATION"]) == place
    assert "Tom Jones" in str(event["SUMMARY"])
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == -timedelta(hours=1)

    due = {r["kind"]: r["due_ts"] for r in reminder_rows(db, UID, status="pending")}
    assert set(due) == {"meeting_day_before", "meeting_hour_before", "thank_you"}
    assert due["meeting_hour_before"] == ts(start - timedelta(hours=1))
    assert due["thank_you"] == ts(start + timedelta(minutes=20, hours=2))
    day_before = datetime.fromtimestamp(due["meeting_day_before"], BERLIN_TZ)
    assert (day_before.date(), day_before.time()) == (day - timedelta(days=1), clock_time(10, 30))


async def test_day_before_reminder_brings_the_checklist(tmp_path):
    db = str(tmp_path / "coach.db")
    store = Store(db)
    try:
        chat = Chat(Engine(store, Clock()), UID, "Ann")
        to_outcome(chat)
        day = datetime.now(BERLIN_TZ).date() + timedelta(days=10)
        confirm_meeting(chat, f"{day.day}.{day.month} 10:30")
        assert "Before you talk:" in chat.last  # on confirmation
    finally:
        store.close()
    async with FakeBotAPI() as api, running_bot(api, db) as app:
        store = app.bot_data["engine"].store
        since = len(api.calls)
        with store.transaction() as conn:  # as if the day before had come
            conn.execute(
                "UPDATE reminders SET due_ts = ? WHERE kind = 'meeting_day_before'",
                (ts(datetime.now(UTC)),),
            )
        app.bot_data["scheduler"].wake()
        sent = await api.wait_for(is_reminder(UID), timeout=5, since=since)
    assert sent.text.startswith(f"{ALARM} Tomorrow: your information interview with Tom Jones")
    for part in (
        "Before you talk:",
        "Read up on Tom Jones's work and the field",
        "30-second introduction",
        "Choose four or five questions (/questions)",
        "Keep to the 20 minutes you agreed",
        "ask who else you could talk to",
        "If they mention a job: thank them, and keep it a conversation",
    ):
        assert part in sent.text, part
