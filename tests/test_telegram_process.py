"""The Telegram bot as a real process (``python -m bot run``) against the fake Bot API.

Pulling the plug mid-flow loses no acknowledged answer; bad configuration ends with one
clear line, a non-zero exit and no traceback; the token is never printed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakeapi import Call, FakeBotAPI
from tests.tg_helpers import BotProcess, bot_env

ANN = 7001
FIRST_REPLY = 20.0  # a fresh process imports everything before its first poll
REPLY = 8.0
SUMMARY = "I like people and puzzles; I value autonomy; I write well."
GOAL = "Museum curation"
ORGS = ("Acme Health", "Globex Labs")


@pytest.fixture
def api():
    server = FakeBotAPI.run_in_thread()
    yield server
    server.close()


class Phone:
    """One user's phone, talking to whichever bot process is running."""

    def __init__(self, api: FakeBotAPI, user_id: int) -> None:
        self.api = api
        self.user_id = user_id

    def _wait(self, since: int, expect: str, timeout: float) -> Call:
        def arrived(c: Call) -> bool:
            return (
                c.method == "sendMessage"
                and c.chat_id == self.user_id
                and not c.failed
                and expect in (c.text or "")
            )

        return self.api.wait_for_sync(arrived, timeout=timeout, since=since)

    def send(self, text: str, expect: str, timeout: float = REPLY) -> Call:
        """Type ``text``; wait for the bot's message containing ``expect``."""
        since = len(self.api.calls)
        self.api.user_text(self.user_id, text)
        return self._wait(since, expect, timeout)

    def click(self, label: str, expect: str, timeout: float = REPLY) -> Call:
        message = self.last_message
        data = next((d for t, d in message.buttons() if t == label), None)
        assert data is not None, f"no button {label!r}: {message.buttons()}"
        since = len(self.api.calls)
        self.api.user_press(self.user_id, data, message.message_id)
        return self._wait(since, expect, timeout)

    @property
    def last_message(self) -> Call:
        sent = [c for c in self.api.sent_to(self.user_id) if c.method == "sendMessage"]
        assert sent
        return sent[-1]


def prep_state(db: Path, user_id: int) -> tuple[str, dict]:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT state, answers FROM progress WHERE user_id = ? AND flow = 'prep'", (user_id,)
        ).fetchone()
        return (row[0], json.loads(row[1])) if row else ("welcome", {})
    finally:
        conn.close()


def run_once(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m bot <args>`` to completion, stdout and stderr apart."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


def assert_one_clear_line(done: subprocess.CompletedProcess) -> str:
    """A non-zero exit, exactly one line on stderr, no traceback; returns the line."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert len(lines) == 1, "expected one line on stderr, got:\n" + done.stderr[:1500]
    return lines[0]


# -- pulling the plug -----------------------------------------------------------------------


def test_a_killed_bot_resumes_at_the_same_step_with_all_answers(api, tmp_path):
    db = tmp_path / "coach.db"
    log = tmp_path / "bot.log"
    env = bot_env(api, str(db), LOG_LEVEL="DEBUG")
    ann = Phone(api, ANN)
    first = BotProcess(env, log, cwd=tmp_path).start()
    try:
        ann.send("/start", "Step 1 of 8", timeout=FIRST_REPLY)
        ann.click("Let's start", "Step 2 of 8")
        ann.click("Yes, I have", "Sum it up")
        ann.send(SUMMARY, "Step 3 of 8")
        ann.send(GOAL, "Step 4 of 8")
        ann.click("A student", "Now say it your way")
        ann.click("Use: a student", "Which number can people call you back on?")
        ann.send("/skip", "Step 5 of 8")
        for org in ORGS:
            ann.send(org, org)  # acknowledged: the bot shows the list with it
    finally:
        first.kill()  # SIGKILL: no clean-up at all
    assert first.proc is not None and first.proc.returncode == -9

    second = BotProcess(env, log, cwd=tmp_path).start()
    try:
        back = ann.send("/start", "Welcome back", timeout=FIRST_REPLY)
        assert "Step 5 of 8" in (back.text or "")
        for org in ORGS:
            assert org in (back.text or "")
        state, answers = prep_state(db, ANN)
        assert state == "organizations"
        assert answers["assessment"] == SUMMARY
        assert answers["career_goal"] == GOAL
        assert answers["identity"] == "student"
        review = ann.click("Done", "Step 6 of 8")
        assert review.text
        plan = ann.click("Done", "Your plan so far")
        for answer in (SUMMARY, GOAL, *ORGS):
            assert answer in (plan.text or "")
    finally:
        second.stop()
    assert second.proc is not None and second.proc.returncode == 0
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output
    # grep of the captured logs: never the token, even at LOG_LEVEL=DEBUG
    assert api.token not in output
    assert api.token.split(":", 1)[1] not in output
    assert "Calling Bot API endpoint" in output  # DEBUG really was on
    loud = [line for line in output.splitlines() if " DEBUG " not in line]
    for text in (SUMMARY, GOAL, *ORGS):
        assert not [line for line in loud if text in line], f"{text!r} logged above DEBUG"


def test_plain_python_m_bot_with_a_token_runs_the_telegram_bot(api, tmp_path):
    env = bot_env(api, str(tmp_path / "coach.db"))
    with open(tmp_path / "bot.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        Phone(api, ANN).send("/start", "Step 1 of 8", timeout=FIRST_REPLY)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert api.token not in (tmp_path / "bot.log").read_text(errors="replace")


# -- bad configuration ----------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "   "])
def test_a_missing_token_is_one_clear_line(api, tmp_path, token):
    env = bot_env(api, str(tmp_path / "coach.db"))
    if token is None:
        del env["TELEGRAM_BOT_TOKEN"]
    else:
        env["TELEGRAM_BOT_TOKEN"] = token
    done = run_once(env, tmp_path, "run")
    line = assert_one_clear_line(done)
    assert "TELEGRAM_BOT_TOKEN" in line
    assert api.calls == []  # it did not even try


def test_a_rejected_token_is_one_clear_line_without_the_token(api, tmp_path):
    wrong = "999999:WRONG-secret-token-text"
    env = bot_env(api, str(tmp_path / "coach.db"), TELEGRAM_BOT_TOKEN=wrong)
    done = run_once(env, tmp_path, "run")
    output = done.stdout + done.stderr
    assert wrong not in output
    assert "WRONG-secret-token-text" not in output
    assert done.returncode != 0
    assert "Traceback" not in output
    assert any("token" in line.lower() for line in done.stderr.splitlines())
    assert_one_clear_line(done)


def test_an_unreachable_bot_api_is_one_clear_line(api, tmp_path):
    env = bot_env(api, str(tmp_path / "coach.db"), TELEGRAM_BASE_URL="http://127.0.0.1:9/bot")
    done = run_once(env, tmp_path, "run")
    assert api.token not in done.stdout + done.stderr
    line = assert_one_clear_line(done)
    assert "127.0.0.1:9" in line


def _under_a_file(tmp_path: Path) -> str:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    return str(blocker / "coach.db")


@pytest.mark.parametrize(
    "where",
    [
        lambda tmp: "/proc/x/y.db",
        _under_a_file,
        lambda tmp: str(tmp),  # a folder, not a file
    ],
    ids=["under-proc", "under-a-file", "a-folder"],
)
def test_an_unusable_database_path_is_one_clear_line(api, tmp_path, where):
    path = where(tmp_path)
    env = bot_env(api, path)
    done = run_once(env, tmp_path, "run")
    line = assert_one_clear_line(done)
    assert "database" in line.lower()
    assert api.token not in done.stdout + done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_a_database_in_a_read_only_folder_is_one_clear_line(api, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = run_once(bot_env(api, str(folder / "coach.db")), tmp_path, "run")
    finally:
        folder.chmod(0o755)
    assert "database" in assert_one_clear_line(done).lower()


def test_a_file_that_is_not_a_database_is_one_clear_line(api, tmp_path):
    junk = tmp_path / "coach.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    done = run_once(bot_env(api, str(junk)), tmp_path, "run")
    assert "database" in assert_one_clear_line(done).lower()
