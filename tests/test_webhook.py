"""Webhook mode: Telegram calls us; the secret token is checked."""

from __future__ import annotations

import json
import socket
import sqlite3
import time
import urllib.error
import urllib.request

import pytest

from tests.fakeapi import FakeBotAPI
from tests.tg_helpers import BotProcess, bot_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, update: dict, secret: str) -> int:
    req = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        return urllib.request.urlopen(req, timeout=5).status
    except urllib.error.HTTPError as err:
        return err.code


def start_update(update_id: int, user_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Wes"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def in_inbox(db: str, update_id: int) -> bool:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT 1 FROM inbox WHERE update_id = ?", (update_id,)).fetchone()
        return row is not None
    finally:
        conn.close()


@pytest.fixture
def api():
    server = FakeBotAPI.run_in_thread()
    yield server
    server.close()


def test_webhook_checks_the_secret_and_answers_once(api, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook-path"
    db = str(tmp_path / "c.db")
    env = bot_env(
        api,
        db,
        WEBHOOK_URL=url,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET="s3cret",
    )
    bot = BotProcess(env, tmp_path / "bot.log").start()
    try:
        api.wait_for_sync(lambda c: c.method == "setWebhook", timeout=20)
        deadline = time.monotonic() + 10
        status = None
        while time.monotonic() < deadline:
            try:
                status = post(url, start_update(5, 9), "wrong")
                break
            except OSError:
                time.sleep(0.1)
        assert status == 403
        assert post(url, start_update(6, 9), "s3cret") == 200
        assert in_inbox(db, 6), "the update should be in the inbox before the 200"
        hello = api.wait_for_sync(lambda c: c.method == "sendMessage" and c.chat_id == 9, 10)
        assert "Step 1 of 8" in hello.text
        # Telegram retries a webhook call it thinks failed: the same update changes nothing.
        assert post(url, start_update(6, 9), "s3cret") == 200
        time.sleep(0.5)
        assert len(api.messages(9)) == 1
        hook = next(c for c in api.calls if c.method == "setWebhook")
        assert hook.params.get("url") == url
        assert hook.params.get("secret_token") == "s3cret"
    finally:
        bot.stop()
    assert api.token not in bot.log()
