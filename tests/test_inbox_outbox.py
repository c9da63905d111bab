"""Nothing lost between Telegram and the user: the inbox and the outbox (bot/inbox.py,
bot/outbox.py), with the real Application against the fake Bot API in this process.

The outage here lasts OUTAGE seconds, not the 60 s of the issue: the bot's back-off tops out
at 15 s between tries of a chat and 5 s between polls, so a longer outage only means more
of the same tries (and it ends with the same single retry as soon as a poll goes through).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from datetime import timedelta

import pytest
from telegram import Update

from bot import inbox, reminders, texts
from bot.status import HEAD as STATUS_HEAD
from bot.storage import Store
from tests.fakeapi import FakeBotAPI
from tests.tg_flow import TgChat, bot_and_watcher, progress

ANN, BOB = 611, 612
OUTAGE = 6.0  # seconds (see the module doc)
STEP_1, STEP_2 = "Step 1 of 8", "Step 2 of 8"
ALARM = "\u23f0"


@pytest.fixture
async def api():
    async with FakeBotAPI(poll_cap=0.2) as server:
        yield server


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "coach.db")


def delivered(api: FakeBotAPI, user: int, since: int = 0) -> list[str]:
    """Texts that reached the user, in order (failed tries left out)."""
    return [
        c.text or ""
        for c in api.calls[since:]
        if c.method == "sendMessage" and not c.failed and c.chat_id == user
    ]


async def until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


def due_reminder(app, user: int) -> int:
    """A "call" reminder due a minute ago, written the way the engine writes them."""
    engine = app.bot_data["engine"]
    now = engine.clock.now()
    with engine.store.transaction():
        rid = reminders.schedule(
            engine.store.conn,
            user,
            None,
            "call",
            now - timedelta(minutes=1),
            now,
            payload={"person": "Maria Lopez"},
        )
    app.bot_data["scheduler"].wake()
    return rid


def count(db: str, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


# -- an outage ----------------------------------------------------------------------------------


async def test_an_outage_during_a_conversation_and_a_due_reminder_loses_nothing(api, db, caplog):
    """5xx on every send, then connection refused altogether: the answers are kept, and
    afterwards every reply and the reminder arrive once each, in each user's order; the
    outage is two WARNING lines, no ERROR."""
    caplog.set_level(logging.INFO)
    async with bot_and_watcher(api, db) as watcher:
        ann, bob = TgChat(api, watcher, ANN), TgChat(api, watcher, BOB, "Bob")
        await ann.send("/start")
        await bob.send("/start")
        since = len(api.calls)
        began = time.monotonic()

        # 1. Telegram answers getUpdates but every send fails with a 502.
        for method in ("sendMessage", "answerCallbackQuery", "editMessageText"):
            api.fail_next(method, status=502, times=None)
        pressed = api.user_press(ANN, ann.data_of("Let's start"))
        await watcher.wait(pressed, timeout=15)  # committed; its reply queued
        api.user_text(ANN, "/status")  # waits behind Ann's queued reply
        bob_pressed = api.user_press(BOB, bob.data_of("Let's start"), first_name="Bob")
        await watcher.wait(bob_pressed, timeout=15)
        rid = due_reminder(watcher.app, ANN)
        await until(lambda: count(db, "SELECT count(*) FROM outbox") == 3, 15, "3 queued")

        # 2. The Bot API is gone: connections refused.
        await api.go_down()
        api.user_text(ANN, "/help")  # Telegram keeps it until the bot can fetch it
        await asyncio.sleep(max(OUTAGE - (time.monotonic() - began), 1.0))
        assert delivered(api, ANN, since) == [] and delivered(api, BOB, since) == []
        await api.come_back()
        api.clear_faults()

        await until(
            lambda: any(t.startswith(texts.HELP_HEAD[:20]) for t in delivered(api, ANN, since)),
            30,
            "Ann's /help answered after the outage",
        )
        await until(lambda: delivered(api, BOB, since), 10, "Bob's reply")
        await asyncio.sleep(0.5)  # anything doubled would show up now

    ann_got = delivered(api, ANN, since)
    kinds = []
    for text in ann_got:
        if text.startswith(ALARM):
            kinds.append("reminder")
        elif text.startswith(STATUS_HEAD):
            kinds.append("status")
        elif text.startswith(texts.HELP_HEAD[:20]):
            kinds.append("help")
        elif STEP_2 in text:
            kinds.append("step 2")
    # The reply to the press first, then the reminder that fell due behind it, then the
    # answers to what Ann typed meanwhile, in her order (each followed by the step again).
    assert kinds == ["step 2", "reminder", "status", "step 2", "help", "step 2"], ann_got
    assert [STEP_2 in t for t in delivered(api, BOB, since)] == [True]
    assert count(db, "SELECT count(*) FROM outbox") == 0
    assert count(db, f"SELECT count(*) FROM reminders WHERE id = {rid} AND status = 'sent'")
    assert count(db, "SELECT count(*) FROM inbox WHERE done = 0") == 0

    records = [r for r in caplog.records if r.name.startswith(("bot", "telegram"))]
    assert not [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert len([w for w in warnings if "unreachable" in w]) == 1, warnings
    ended = [w for w in warnings if "reachable again" in w]
    assert len(ended) == 1, warnings
    assert "3 replies held" in ended[0]


# -- order under a backlog ------------------------------------------------------------------------


async def test_each_users_order_is_kept_under_a_backlog_of_1000_users(api, db):
    """1,000 users write while the bot is down, 100 of them twice; 10 chats fail with 5xx at
    first, so their replies are queued while everyone else is answered. Every user gets
    every answer once, in the order they wrote."""
    users = list(range(20_000, 21_000))
    twice = set(users[::10])
    for user in users:
        api.user_text(user, "/abc")  # one message each: "I don't know the command /abc..."
    for user in sorted(twice):
        api.user_text(user, "hello")  # "Tap ... to go on."
    flaky = users[5::100]
    for user in flaky:
        api.fail_next("sendMessage", status=502, chat_id=user, times=None)
    async with bot_and_watcher(api, db):
        await until(lambda: count(db, "SELECT count(*) FROM outbox") >= len(flaky), 60, "queued")
        api.clear_faults()
        await until(
            lambda: (
                api.pending_updates() == 0
                and count(db, "SELECT count(*) FROM inbox WHERE done = 0") == 0
                and count(db, "SELECT count(*) FROM outbox") == 0
            ),
            90,
            "every update handled and every reply sent",
        )
        await asyncio.sleep(0.3)
    unknown = texts.UNKNOWN_COMMAND.format(name="abc")
    for user in users:
        got = [t[:3] for t in delivered(api, user)]
        want = [unknown[:3], "Tap"] if user in twice else [unknown[:3]]
        assert got == want, (user, delivered(api, user))


# -- edits ------------------------------------------------------------------------------------


async def test_an_edited_message_gets_a_short_answer_and_changes_nothing(api, db):
    async with bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, ANN)
        await ann.send("I like puzzles")
        typed = ann.update_id
        await ann.send("/start")
        await ann.click("Let's start")
        before = progress(db)
        await ann.edit(typed, "/reset")
    assert ann.new_messages == [texts.EDIT_NOT_READ]
    assert "/back" in texts.EDIT_NOT_READ and "review" in texts.EDIT_NOT_READ
    assert progress(db) == before


# -- erasing a user ----------------------------------------------------------------------------


def test_erasing_a_user_keeps_their_updates_not_yet_handled(tmp_path):
    """/reset (and any erasing) removes the user's handled inbox rows, but not the ones
    still to come: the update doing the erasing, and what the user sent after it."""
    store = Store(str(tmp_path / "coach.db"))

    def text(update_id: int, user: int, value: str) -> Update:
        chat = {"id": user, "type": "private"}
        sender = {"id": user, "is_bot": False, "first_name": "Ann"}
        message = {"message_id": update_id, "date": 0, "chat": chat, "from": sender}
        return Update.de_json({"update_id": update_id, "message": {**message, "text": value}})

    inbox.add(store, [text(1, ANN, "hi"), text(2, ANN, "/reset"), text(3, ANN, "later")], "t")
    inbox.add(store, [text(4, BOB, "hello")], "t")
    inbox.mark_done(store, [1], "t")
    with store.transaction():
        store.delete_user(ANN)
    assert [row[0] for row in inbox.open_rows(store)] == [2, 3, 4]
    assert count(store.path, "SELECT count(*) FROM inbox") == 3
    assert inbox.stored_offset(store) == 5
    store.close()


async def test_delete_while_a_reply_is_stuck_leaves_nothing_and_sends_only_its_confirmation(
    api, db
):
    """A reminder for Ann is stuck in the outbox (Telegram fails every send to her chat) and
    a message she typed waits behind it; then she taps "Yes, delete everything". When
    Telegram takes her messages again she gets the confirmation and nothing else, and the
    database holds nothing of hers: no row names her, no text of hers is left."""
    async with bot_and_watcher(api, db) as watcher:
        ann, bob = TgChat(api, watcher, ANN, "Zelda"), TgChat(api, watcher, BOB, "Bob")
        await bob.send("/start")
        await ann.send("/start")
        await ann.send("/delete")
        assert ann.choices == [texts.DELETE_YES, texts.DELETE_NO]
        ask = ann.last_message
        api.fail_next("sendMessage", status=502, chat_id=ANN, times=None)
        due_reminder(watcher.app, ANN)  # "Time to call Maria Lopez!" cannot go out
        await until(lambda: count(db, "SELECT count(*) FROM outbox") == 1, 15, "queued")
        typed = api.user_text(ANN, "what was my goal again?", "Zelda")  # waits behind it
        since = len(api.calls)
        pressed = api.user_press(ANN, ann.data_of(texts.DELETE_YES, ask), ask.message_id, "Zelda")
        with contextlib.suppress(TimeoutError):  # erased at once, not after what waits
            await watcher.wait(pressed, timeout=3)
        api.clear_faults()
        await until(lambda: texts.DELETE_DONE in delivered(api, ANN, since), 30, "confirmed")
        await asyncio.sleep(1.0)  # anything else held for her would go out now
        assert watcher.handled[typed] == 0  # sent before the erasing: dropped with the rest
        assert delivered(api, ANN, since) == [texts.DELETE_DONE]
        files = [c for c in api.sent_to(ANN) if c.index >= since and c.method == "sendDocument"]
        assert files == []
        assert count(db, "SELECT count(*) FROM outbox") == 0

    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info([{table}])")]
            for column in {"user_id", "chat_id"} & set(columns):
                found = conn.execute(f"SELECT * FROM [{table}] WHERE [{column}] = ?", (ANN,))
                assert found.fetchall() == [], (table, column)
            for row in conn.execute(f"SELECT * FROM [{table}]"):
                text = " ".join(str(v) for v in row)
                for mark in ("Zelda", "Maria Lopez", "my goal again", texts.DELETE_ASK[:30]):
                    assert mark not in text, (table, mark, row)
        assert conn.execute("SELECT count(*) FROM users WHERE user_id = ?", (BOB,)).fetchone()[0]
    finally:
        conn.close()
