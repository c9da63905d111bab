"""Redelivery: every update of full conversations arrives twice, out of order across users, and
the database ends up exactly as after a single delivery.

Two levels: the real Application against the fake Bot API (the duplicate is the same update
re-queued, as Telegram re-sends an update it thinks was not received), and the engine alone
with duplicates scattered at random later positions.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3

from bot.clock import FakeClock
from bot.engine import Engine
from bot.replies import Reply
from bot.storage import Store
from bot.telegram_app import split_text
from tests.engine_helpers import START, Chat
from tests.fakeapi import FakeBotAPI
from tests.scripted import (
    Handled,
    Step,
    conversation,
    engine_input,
    fingerprint,
    pick,
    states_of,
)
from tests.tg_helpers import running_bot

USERS = ((101, "Ann"), (202, "Ben"), (303, "Cleo"))


def db_state(path: str) -> dict:
    """Users, contacts and reminders without timestamps; handled updates as (id, user)."""
    conn = sqlite3.connect(path)
    try:
        state = fingerprint(conn, times=True)
        state["processed_updates"] = sorted(
            conn.execute("SELECT update_id, user_id FROM processed_updates").fetchall()
        )
        return state
    finally:
        conn.close()


def keyboard(calls, user_id: int) -> list[tuple[str, str]]:
    for call in reversed(calls):
        if call.method == "sendMessage" and call.chat_id == user_id and call.reply_markup:
            return [(data, label) for label, data in call.buttons()]
    return []


def send(api: FakeBotAPI, user_id: int, name: str, step: Step, buttons) -> int:
    """Type or press what ``step`` says, on the buttons last shown to the user."""
    if step.kind == "text":
        return api.user_text(user_id, step.value, first_name=name)
    return api.user_press(user_id, pick(buttons, step), first_name=name)


async def settled(api: FakeBotAPI, app) -> None:
    """Until Telegram has handed out everything and the bot's inbox has nothing left."""
    conn = app.bot_data["engine"].store.conn
    for _ in range(400):
        open_rows = conn.execute("SELECT count(*) FROM inbox WHERE done = 0").fetchone()[0]
        if api.pending_updates() == 0 and open_rows == 0:
            return
        await asyncio.sleep(0.025)
    raise TimeoutError("updates still waiting")


async def telegram_run(path: str, users) -> dict[int, list[str]]:
    """The users take turns through the whole conversation against the real Application;
    every update is delivered twice. Returns the texts each user received."""
    steps = conversation(START)
    async with FakeBotAPI(poll_cap=0.2) as api:
        async with running_bot(api, path, FakeClock(START)) as app:
            handled = Handled(app)
            buttons: dict[int, list] = {uid: [] for uid, _ in users}
            late: list[int] = []  # duplicates waiting for another user's message
            for number, step in enumerate(steps, 1):
                for position, (user_id, name) in enumerate(users):
                    since = len(api.calls)
                    uid = send(api, user_id, name, step, buttons[user_id])
                    if position == len(users) - 1:
                        # The last user's copies come together (usually in one getUpdates
                        # batch: the inbox keeps one row and the update is handled once).
                        api.enqueue_raw(api.get_update(uid))
                        await handled.wait(uid)
                        await settled(api, app)
                    else:
                        await handled.wait(uid)
                    calls = api.calls[since:]
                    got = states_of(app.bot_data["engine"].store.conn, user_id)
                    assert got == (step.prep, step.contact), (
                        f"user {user_id}, step {number} ({step.describe()}) led to {got}"
                    )
                    buttons[user_id] = keyboard(calls, user_id) or buttons[user_id]
                    # Earlier users' duplicates arrive after this user's message.
                    for old in late:
                        api.enqueue_raw(api.get_update(old))
                        await handled.wait(old, 2)
                    late.clear()
                    if position < len(users) - 1:
                        late.append(uid)
            for old in late:
                api.enqueue_raw(api.get_update(old))
                await handled.wait(old, 2)
        return {uid: api.messages(uid) for uid, _ in users}


def engine_run(path: str, users) -> dict[int, list[str]]:
    """The same turns straight through the engine, each update once; the texts Telegram
    would have shown."""
    steps = conversation(START)
    engine = Engine(Store(path), FakeClock(START))
    last: dict[int, list[Reply]] = {uid: [] for uid, _ in users}
    texts: dict[int, list[str]] = {uid: [] for uid, _ in users}
    update_id = 0
    for step in steps:
        for user_id, name in users:
            update_id += 1
            inp = engine_input(step, last[user_id])
            last[user_id] = engine.handle(user_id, inp, update_id=update_id, first_name=name)
            for reply in last[user_id]:
                if reply.document is None:
                    texts[user_id].extend(split_text(reply.text))
    engine.store.close()
    return texts


async def test_every_update_twice_interleaved_leaves_the_database_of_one_delivery(tmp_path):
    """Ann's duplicate comes after Ben's next message; Ben's two copies arrive together."""
    users = USERS[:2]
    once_db, twice_db = str(tmp_path / "once.db"), str(tmp_path / "twice.db")
    once_texts = engine_run(once_db, users)
    twice_texts = await telegram_run(twice_db, users)
    once, twice = db_state(once_db), db_state(twice_db)
    assert len(once["users"]) == 2
    assert len(once["contacts"]) == 8  # 2 users x (organization, friend, family, referral)
    for table in ("users", "contacts", "reminders", "processed_updates"):
        assert twice[table] == once[table], f"{table} differs after duplicate deliveries"
    for uid, _ in users:
        assert twice_texts[uid] == once_texts[uid], f"user {uid} saw different messages"


def test_engine_duplicates_at_random_later_positions(tmp_path):
    """Duplicates land anywhere after their original (even after the same user's next
    answers); half of the originals were marked delivered and the engine restarts now and
    then. A duplicate changes nothing and gets either nothing or exactly the replies stored
    for it."""
    rng = random.Random(7)
    steps = conversation(START)
    # A random interleaving of the three users' conversations.
    order = [uid for uid, _ in USERS for _ in steps]
    rng.shuffle(order)

    answered = {"nothing": 0, "stored replies": 0}

    def redeliver(engine, names, uid, user_id, inp, original) -> None:
        before = fingerprint(engine.store.conn)
        again = engine.handle(user_id, inp, update_id=uid, first_name=names[user_id])
        assert fingerprint(engine.store.conn) == before, f"update {uid} applied twice"
        stored = [r.to_json() for r in original]
        assert again == [] or [r.to_json() for r in again] == stored, (
            f"update {uid}: a duplicate got replies it never had"
        )
        answered["stored replies" if again else "nothing"] += 1

    def run(path: str, duplicate: bool) -> dict:
        clock = FakeClock(START)
        engine = Engine(Store(path), clock)
        names = dict(USERS)
        done = {uid: 0 for uid, _ in USERS}
        last: dict[int, list[Reply]] = {uid: [] for uid, _ in USERS}
        pending: list[tuple] = []
        next_id = 1
        for user_id in order:
            step = steps[done[user_id]]
            inp = engine_input(step, last[user_id])
            uid, next_id = next_id, next_id + 1
            replies = engine.handle(user_id, inp, update_id=uid, first_name=names[user_id])
            got = states_of(engine.store.conn, user_id)
            assert got == (step.prep, step.contact), f"user {user_id} {step.describe()}: {got}"
            last[user_id] = replies
            done[user_id] += 1
            if rng.random() < 0.5:
                engine.delivered(uid)
            if duplicate:
                pending.append((uid, user_id, inp, replies))
                while pending and rng.random() < 0.45:
                    redeliver(engine, names, *pending.pop(rng.randrange(len(pending))))
                if rng.random() < 0.05:  # a restart forgets delivery marks not yet written
                    engine.store.close()
                    engine = Engine(Store(path), clock)
        for item in pending:
            redeliver(engine, names, *item)
        engine.store.close()
        return db_state(path)

    once = run(str(tmp_path / "once.db"), duplicate=False)
    twice = run(str(tmp_path / "twice.db"), duplicate=True)
    assert once == twice
    assert answered["nothing"] and answered["stored replies"], answered


def test_an_update_redelivered_after_a_reset_is_not_applied_to_the_fresh_start(engine):
    chat = Chat(engine, 1, "Ann")
    chat.send("/start", update_id=1)
    chat.click("Let's start")
    chat.send("/reset", update_id=2)
    chat.send("yes", update_id=3)
    assert "Everything is erased" in chat.last
    assert chat.send("/start", update_id=1) == []  # seen before the reset: nothing again
    assert "Step 1 of 8" in chat.send("/start", update_id=4)[-1].text
    (replies,) = engine.store.conn.execute(
        "SELECT replies FROM processed_updates WHERE update_id = 1"
    ).fetchone()
    assert replies is None  # nothing the user said is kept past the reset
