"""Who may use the bot, and where: ALLOWED_USER_IDS, private chats only, a gentle slow-down.
Refused updates get one line and leave no row anywhere (over the fake Bot API)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.config import Settings
from bot.gate import Gate
from bot.storage import Store
from tests.fakeapi import FakeBotAPI
from tests.reminder_helpers import reminder_rows
from tests.test_reminders_telegram import add_reminder, is_reminder, prepare, wait_until
from tests.tg_flow import TgChat, bot_and_watcher
from tests.tg_helpers import ROOT, running_bot


def rows_about(db: str, user_id: int) -> dict[str, int]:
    """Rows about ``user_id`` in every table with a user_id column (from sqlite_master)."""
    conn = sqlite3.connect(db)
    try:
        found = {}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info([{name}])")]
            if "user_id" in columns:
                sql = f"SELECT COUNT(*) FROM [{name}] WHERE user_id = ?"
                found[name] = conn.execute(sql, (user_id,)).fetchone()[0]
        return found
    finally:
        conn.close()


def group_message(user_id: int, chat_id: int, text: str) -> dict:
    return {
        "message": {
            "message_id": 7,
            "from": {"id": user_id, "is_bot": False, "first_name": "Ann"},
            "chat": {"id": chat_id, "type": "group", "title": "Career club"},
            "date": int(time.time()),
            "text": text,
            **(
                {"entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}
                if text.startswith("/")
                else {}
            ),
        }
    }


async def test_a_user_outside_the_allow_list_gets_one_line_and_nothing_is_stored(tmp_path):
    db = str(tmp_path / "coach.db")
    async with FakeBotAPI() as api, bot_and_watcher(api, db, allowed_user_ids="101, 303") as w:
        ann, eve = TgChat(api, w, 101), TgChat(api, w, 202, "Eve")
        await ann.send("/start")
        assert "Step 1 of 8" in ann.last
        await eve.send("/start")
        assert eve.new_messages == [texts.NOT_ALLOWED]
        await eve.send("My goal is UX research")
        assert eve.new_messages == [texts.NOT_ALLOWED]
        await eve.media("photo")
        await eve.press("p|welcome|go", message_id=1)  # an old or forged button
        answers = [c for c in api.calls if c.method == "answerCallbackQuery"]
        assert answers[-1].params.get("text") == texts.NOT_ALLOWED
    assert sum(rows_about(db, 202).values()) == 0
    assert rows_about(db, 101)["users"] == 1


async def test_group_chats_are_refused_and_leave_nothing(tmp_path):
    db = str(tmp_path / "coach.db")
    async with FakeBotAPI() as api, bot_and_watcher(api, db) as w:
        for text in ("/start", "hello everyone"):
            update_id = api.enqueue_raw(group_message(101, -500, text))
            await w.wait(update_id)
        sent = [c for c in api.calls if c.method == "sendMessage"]
        assert [c.text for c in sent] == [texts.PRIVATE_ONLY, texts.PRIVATE_ONLY]
        assert {c.chat_id for c in sent} == {-500}
    assert sum(rows_about(db, 101).values()) == 0


async def test_a_burst_of_messages_gets_one_slow_down_line_and_the_extra_ones_are_not_stored(
    tmp_path,
):
    db = str(tmp_path / "coach.db")
    async with FakeBotAPI() as api, bot_and_watcher(api, db, messages_per_second=1) as w:
        ids = [api.user_text(101, "/status") for _ in range(14)]
        await w.wait(ids[-1])
        said = api.messages(101)
        assert said.count(texts.SLOW_DOWN) == 1
        assert said.index(texts.SLOW_DOWN) >= 8  # a burst of eight is fine
        handled = rows_about(db, 101)["processed_updates"]
        assert 8 <= handled < 14  # the ones over the limit left no row
        await asyncio.sleep(1.2)  # slowed down: handled again
        ann = TgChat(api, w, 101)
        await ann.send("/start")
        assert texts.SLOW_DOWN not in ann.new_messages
        assert rows_about(db, 101)["processed_updates"] == handled + 1


def test_the_slow_down_refills_at_the_configured_rate():
    now = [0.0]
    gate = Gate(per_second=3, burst=8, clock=lambda: now[0])
    assert [gate.admit(1) for _ in range(8)] == [None] * 8
    assert gate.admit(1) == texts.SLOW_DOWN
    assert gate.admit(1) == ""  # said once per run, then quiet
    assert gate.admit(2) is None  # another user is not held back
    now[0] += 1.0
    assert [gate.admit(1) for _ in range(3)] == [None] * 3
    assert gate.admit(1) == texts.SLOW_DOWN
    assert Gate(per_second=0).admit(1) is None  # 0: off


def test_allowed_user_ids_setting():
    assert Settings(_env_file=None).allowed_ids is None
    assert Settings(allowed_user_ids=" ", _env_file=None).allowed_ids is None
    assert Settings(allowed_user_ids="12, 34,", _env_file=None).allowed_ids == {12, 34}
    with pytest.raises(ValueError, match="numbers"):
        Settings(allowed_user_ids="12,@ann", _env_file=None)


def test_console_refuses_a_user_outside_the_allow_list_and_writes_nothing(tmp_path):
    db = tmp_path / "c.db"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "", "ALLOWED_USER_IDS": "5,6"}
    run = [sys.executable, "-m", "bot", "console", "--db", str(db), "--user"]
    refused = subprocess.run(
        [*run, "1"], input="/start\n", capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=30,
    )  # fmt: skip
    assert refused.returncode == 1
    assert refused.stdout.strip() == texts.NOT_ALLOWED
    assert not db.exists()
    allowed = subprocess.run(
        [*run, "5"], input="/start\n", capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=30,
    )  # fmt: skip
    assert allowed.returncode == 0 and "Step 1 of 8" in allowed.stdout


async def test_reminders_wait_while_their_user_is_off_the_list_and_come_back_with_them(tmp_path):
    """Ann and Bea both have a reminder due; the bot restarts with only Bea allowed. Bea's
    goes out, Ann's does not and stays waiting; once Ann is on the list again, hers comes."""
    db = str(tmp_path / "coach.db")
    ann, bea = 101, 303
    tom = prepare(db, ann, away=True)
    store = Store(db)
    soon = datetime.now(UTC) + timedelta(seconds=1)
    ann_rid = add_reminder(store, "call", soon, contact_id=tom, user_id=ann)
    add_reminder(store, "nudge", soon, user_id=bea)
    store.conn.execute(
        "INSERT INTO users (user_id, first_name, created_at, updated_at)"
        " VALUES (?, 'Bea', '2026-11-25', '2026-11-25')",
        (bea,),
    )
    store.close()
    async with FakeBotAPI() as api:
        async with running_bot(api, db, allowed_user_ids=str(bea)):
            await api.wait_for(is_reminder(bea), timeout=10)
            await asyncio.sleep(1.5)  # Ann's is due too by now
            assert not [c for c in api.calls if c.method == "sendMessage" and c.chat_id == ann]
        assert {r["id"]: r["status"] for r in reminder_rows(db, ann)} == {ann_rid: "pending"}

        async with running_bot(api, db, allowed_user_ids=f"{ann},{bea}"):
            call = await api.wait_for(is_reminder(ann), timeout=10)
            assert "Time to call Tom Jones" in call.text
            await wait_until(
                lambda: reminder_rows(db, ann)[0]["status"] == "sent", what="marked sent"
            )
