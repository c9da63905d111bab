"""Nothing lost between Telegram and the user: the inbox and the outbox (bot/inbox.py,
bot/outbox.py), with the real Application against the fake Bot API in this process.

The outage test waits out the issue's 60 s in full (OUTAGE), not a shorter stand-in: after
5xx on every send, the fake Bot API closes its port and every connection is refused for 60 s,
through the bot's aiohttp request class (bot/request.py). That is long enough for the
back-off to reach its 15 s cap and keep trying there, so an outbox that gave up after a few
tries, or dropped what it held, fails it; a 6 s outage would not show that. It costs the
suite about a minute, so it is the one test here that does this.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
import time
from datetime import timedelta

import pytest
from telegram import Update

from bot import inbox, reminders, texts
from bot.request import AiohttpRequest
from bot.status import HEAD as STATUS_HEAD
from bot.storage import Store
from tests.fakeapi import FakeBotAPI
from tests.tg_flow import TgChat, bot_and_watcher, progress, rows, user_state

ANN, BOB, CY = 611, 612, 613
PEOPLE = {ANN: "Ann", BOB: "Bob", CY: "Cy"}
OUTAGE = 60.0  # seconds of refused connections, waited out in full
STEP_1, STEP_2 = "Step 1 of 8", "Step 2 of 8"
ALARM = "\u23f0"
HELP = texts.HELP_HEAD[:20]


def kind(text: str) -> str:
    """What a message to the user is, for checking the order of what arrived."""
    if text.startswith(ALARM):
        return "reminder"
    if text.startswith(STATUS_HEAD):
        return "status"
    if text.startswith(HELP):
        return "help"
    if STEP_2 in text:
        return "step 2"
    if STEP_1 in text:
        return "step 1"
    return text[:30]


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


async def test_a_60_s_outage_during_a_conversation_and_a_due_reminder_loses_nothing(
    api, db, caplog
):
    """Sends fail with 5xx while the users go on, then the Bot API refuses every connection
    for OUTAGE (60) seconds, and a reminder falls due in the middle of it. Afterwards every
    reply and both reminders arrive once each, in each user's order; nothing was lost in
    SQLite; the log shows the outage once when it starts and once when it ends, no ERROR."""
    caplog.set_level(logging.INFO)
    async with bot_and_watcher(api, db) as watcher:
        app = watcher.app
        assert isinstance(app.bot.request, AiohttpRequest)  # bot/request.py meets the outage
        ann, bob, cy = (TgChat(api, watcher, u, name) for u, name in PEOPLE.items())
        for chat in (ann, bob, cy):
            await chat.send("/start")
        since = len(api.calls)

        # 1. Telegram hands out updates but every send fails with a 502: the users go on,
        #    each answer is committed and its reply queued.
        for method in ("sendMessage", "answerCallbackQuery", "editMessageText"):
            api.fail_next(method, status=502, times=None)
        pressed = api.user_press(ANN, ann.data_of("Let's start"))
        await watcher.wait(pressed, timeout=15)
        api.user_text(ANN, "/status")  # waits behind Ann's queued reply
        bob_pressed = api.user_press(BOB, bob.data_of("Let's start"), first_name="Bob")
        await watcher.wait(bob_pressed, timeout=15)
        ann_reminder = due_reminder(app, ANN)  # due while Ann's reply waits: queued behind it
        await until(lambda: count(db, "SELECT count(*) FROM outbox") == 3, 15, "3 queued")

        # 2. The Bot API is gone: every connection refused, for OUTAGE seconds.
        await api.go_down()
        down_at = time.monotonic()
        api.clear_faults()  # from here on only the refused connections stand in the way
        for user, name in PEOPLE.items():
            api.user_text(user, "/help", first_name=name)  # Telegram keeps these meanwhile
        await asyncio.sleep(OUTAGE / 3)
        cy_reminder = due_reminder(app, CY)  # falls due in the middle of the outage
        await until(lambda: count(db, "SELECT count(*) FROM outbox") == 4, 15, "4 queued")
        await asyncio.sleep(OUTAGE - (time.monotonic() - down_at))

        # Nothing went out; the answers, the replies and the reminders are all in SQLite.
        assert [delivered(api, user, since) for user in PEOPLE] == [[], [], []]
        assert [user_state(db, user)[0] for user in (ANN, BOB)] == ["self_check"] * 2
        assert rows(db, "SELECT chat_id, reminder_id FROM outbox ORDER BY id") == [
            (ANN, None),
            (BOB, None),
            (ANN, ann_reminder),
            (CY, cy_reminder),
        ]
        assert count(db, "SELECT count(*) FROM inbox WHERE done = 0") == 1  # Ann's /status
        assert api.pending_updates() == len(PEOPLE)  # the three /help, not fetched yet
        await api.come_back()

        await until(
            lambda: all("help" in [kind(t) for t in delivered(api, u, since)] for u in PEOPLE),
            30,
            "every /help typed during the outage answered after it",
        )
        await asyncio.sleep(0.5)  # anything doubled would show up now

    # Each user's replies once each, in their order: what was held, a reminder that fell due
    # behind it, then the answers to what they typed meanwhile (each followed by their step).
    got = {user: [kind(t) for t in delivered(api, user, since)] for user in PEOPLE}
    assert got == {
        ANN: ["step 2", "reminder", "status", "step 2", "help", "step 2"],
        BOB: ["step 2", "help", "step 2"],
        CY: ["reminder", "help", "step 1"],
    }, got
    # Bob is not kept behind Ann's queue: once a reply goes through, every chat is retried, so
    # his held reply goes before Ann's second one (the queue's order: Ann, Bob, Ann, Cy).
    sends = [
        (c.chat_id, kind(c.text or ""))
        for c in api.calls[since:]
        if c.method == "sendMessage" and not c.failed
    ]
    assert sends.index((BOB, "step 2")) < sends.index((ANN, "reminder")), sends
    # Nothing lost, nothing left over in SQLite.
    assert [user_state(db, user)[0] for user in (ANN, BOB)] == ["self_check"] * 2
    assert count(db, "SELECT count(*) FROM outbox") == 0
    assert count(db, "SELECT count(*) FROM inbox WHERE done = 0") == 0
    assert rows(
        db, f"SELECT status FROM reminders WHERE id IN ({ann_reminder}, {cy_reminder})"
    ) == [("sent",), ("sent",)]
    assert api.pending_updates() == 0

    # The log: no ERROR; the outage at WARNING once when it starts and once when it ends, and
    # nothing while it lasted (no line per update or per try). Before the bot could tell an
    # outage from one chat's trouble, each press said once that its button stayed unsettled.
    records = [r for r in caplog.records if r.name.startswith(("bot", "telegram"))]
    assert not [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    *before, started, ended = warnings
    assert "unreachable" in started, warnings
    assert before == [
        f"update {u}: could not settle the pressed button (NetworkError)"
        for u in (pressed, bob_pressed)
    ], warnings
    held = re.search(r"reachable again after (\d+) s; (\d+) replies held", ended)
    assert held, warnings
    assert OUTAGE <= int(held[1]) <= OUTAGE + 30 and int(held[2]) == 4, ended


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
