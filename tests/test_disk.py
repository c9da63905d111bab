"""Disk trouble: a read-only database file, a folder that cannot exist, a full disk.

At start-up ``python -m bot console`` and ``python -m bot run`` must print one clear line on
stderr and exit non-zero, without a traceback. While running, a full disk (SQLite's
``max_page_count`` on the live connection, or a file-size limit on the child process) must
give one clear error, leave the database intact (``PRAGMA integrity_check``) and unchanged by
the failed answer; once the problem clears, the bot carries on from the last committed step.

Tests run as root in CI, where ``chmod 0444`` does not stop writes: the read-only file is then
made immutable (``chattr +i``) or mounted read-only in a private mount namespace; only when
neither is possible is that one case skipped.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.replies import Input
from bot.storage import StorageError, Store
from bot.telegram_app import SOMETHING_WRONG
from bot.texts import WELCOME_BACK
from tests.engine_helpers import Chat, make_engine, prep_until_orgs
from tests.fakeapi import FakeBotAPI
from tests.scripted import Handled, fingerprint
from tests.tg_helpers import running_bot

TOKEN = "123456:TEST-TOKEN"
UNLIMITED_PAGES = 1073741823
ORGS_STEP, PEOPLE_STEP = "Step 5 of 8", "Step 6 of 8"
BIND_RO = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'


# -- helpers ------------------------------------------------------------------------------------


def cli(cwd: Path, command: str, db: str, stdin: str = "", prefix=(), preexec=None):
    """``python -m bot <command> --db DB`` with a clean environment (no network needed: the
    database is opened before Telegram is contacted)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATABASE_"))
    }
    if command == "run":
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL="http://127.0.0.1:9/bot")
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", command, "--db", db],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        preexec_fn=preexec,
    )


def assert_one_clear_line(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode != 0, f"exit 0; stderr: {proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{proc.stderr}"
    line = lines[0]
    assert line.startswith("Error: "), line
    for word in words:
        assert word.casefold() in line.casefold(), f"{word!r} not in {line!r}"
    return line


def prepare(path: str, orgs: tuple[str, ...] = ("Acme Health",)) -> None:
    """A user at the organizations step with ``orgs`` added, saved and closed."""
    engine = make_engine(path)
    chat = Chat(engine, 1, "Ann")
    prep_until_orgs(chat)
    for org in orgs:
        chat.send(org)
    engine.store.close()


def integrity(path: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def organizations(conn: sqlite3.Connection, user_id: int = 1) -> tuple[list[str], list[str]]:
    """The organization list in the answers and the organization contacts: equal unless an
    answer was half-saved."""
    row = conn.execute(
        "SELECT answers FROM progress WHERE user_id = ? AND flow = 'prep'", (user_id,)
    ).fetchone()
    answers = json.loads(row[0]) if row else {}
    rows = conn.execute(
        "SELECT org FROM contacts WHERE user_id = ? AND kind = 'org' ORDER BY id", (user_id,)
    ).fetchall()
    return answers.get("organizations", []), [r[0] for r in rows]


def fill_up(conn: sqlite3.Connection) -> None:
    """The disk is full: the database may not grow by a single page."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _works(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@contextmanager
def read_only(path: Path) -> Iterator[list[str]]:
    """Make ``path`` read-only for the bot; yields a command prefix to run the bot with."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield []
        finally:
            path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr and _works([chattr, "+i", str(path)]):
        try:
            yield []
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)
        return
    unshare = shutil.which("unshare")
    if unshare and _works([unshare, "-m", "sh", "-c", BIND_RO, "sh", str(path), "true"]):
        yield [unshare, "-m", "sh", "-c", BIND_RO, "sh", str(path)]
        return
    pytest.skip(
        "running as root, where chmod 0444 does not stop writes; neither chattr +i "
        "(CAP_LINUX_IMMUTABLE) nor a read-only bind mount (CAP_SYS_ADMIN) is available"
    )


# -- read-only database file -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["console", "run"])
def test_read_only_database_file_one_clear_line_then_carries_on(tmp_path, command):
    db = tmp_path / "coach.db"
    prepare(str(db))
    before = fingerprint(sqlite3.connect(db))
    with read_only(db) as prefix:
        proc = cli(tmp_path, command, str(db), "/start\n", prefix)
        assert_one_clear_line(proc, str(db))
        if not prefix:  # the engine's own error, in this process
            with pytest.raises(StorageError) as err:
                Store(str(db))
            assert "\n" not in str(err.value)
    assert integrity(str(db)) == "ok"
    assert fingerprint(sqlite3.connect(db)) == before
    proc = cli(tmp_path, "console", str(db), "/start\n")
    assert proc.returncode == 0, proc.stderr
    assert WELCOME_BACK in proc.stdout
    assert ORGS_STEP in proc.stdout and "Acme Health" in proc.stdout


# -- the folder cannot exist -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["console", "run"])
def test_folder_that_cannot_be_created_one_clear_line(tmp_path, command):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    db = blocker / "sub" / "coach.db"
    proc = cli(tmp_path, command, str(db), "/start\n")
    assert_one_clear_line(proc, "folder", str(db))
    with pytest.raises(StorageError) as err:
        Store(str(db))
    assert "\n" not in str(err.value)
    # The problem clears: the folder is created and the bot starts.
    blocker.unlink()
    proc = cli(tmp_path, "console", str(db), "/start\n")
    assert proc.returncode == 0, proc.stderr
    assert "Step 1 of 8" in proc.stdout
    assert db.exists()


def test_database_path_that_is_a_folder_one_clear_line(tmp_path):
    folder = tmp_path / "coach.db"
    folder.mkdir()
    assert_one_clear_line(cli(tmp_path, "console", str(folder)), "folder")


# -- full disk at start-up ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["console", "run"])
def test_full_disk_at_start_one_clear_line_and_no_corruption(tmp_path, command):
    """Not a byte may be written: creating the database fails with one clear line, and an
    existing database next to it is untouched."""
    db = tmp_path / "coach.db"
    prepare(str(db))
    before = fingerprint(sqlite3.connect(db))
    fresh = tmp_path / "new.db"
    proc = cli(tmp_path, command, str(fresh), "/start\n", preexec=file_size_limit(0))
    assert_one_clear_line(proc, str(fresh))
    assert integrity(str(db)) == "ok"
    assert fingerprint(sqlite3.connect(db)) == before
    # Space again: the bot starts on the new file.
    proc = cli(tmp_path, "console", str(fresh), "/start\n")
    assert proc.returncode == 0, proc.stderr
    assert "Step 1 of 8" in proc.stdout


# -- full disk while running: the engine -----------------------------------------------------


def _engine_at_orgs(tmp_path):
    path = str(tmp_path / "coach.db")
    engine = make_engine(path)
    chat = Chat(engine, 1, "Ann")
    prep_until_orgs(chat)
    return path, engine, chat


def _until_full(engine, chat, first_id: int = 1000) -> tuple[int, Exception]:
    """Add organizations until a write fails; returns the failing number and the error."""
    for number in range(200):
        before = fingerprint(engine.store.conn)
        try:
            chat.send(f"Org {number}", update_id=first_id + number)
        except Exception as err:  # noqa: BLE001 - what the engine raises is under test
            assert fingerprint(engine.store.conn) == before, "half-saved at a full disk"
            return number, err
    raise AssertionError("the disk never filled up")


def test_full_disk_while_running_changes_nothing_and_the_engine_carries_on(tmp_path):
    path, engine, chat = _engine_at_orgs(tmp_path)
    conn = engine.store.conn
    fill_up(conn)
    number, _ = _until_full(engine, chat)
    orgs, contacts = organizations(conn)
    assert orgs == contacts == [f"Org {i}" for i in range(number)]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not conn.in_transaction
    # Nothing more fits: the same answer fails again, still without harm.
    with pytest.raises(Exception):  # noqa: B017 - the kind is checked in the next test
        chat.send(f"Org {number}", update_id=1000 + number)
    # Space again: the same update (Telegram re-sends it) is now taken, once.
    conn.execute(f"PRAGMA max_page_count = {UNLIMITED_PAGES}")
    chat.send(f"Org {number}", update_id=1000 + number)
    assert f"Org {number}" in chat.last
    chat.send(f"Org {number}", update_id=1000 + number)
    orgs, contacts = organizations(conn)
    assert orgs == contacts == [f"Org {i}" for i in range(number + 1)]
    chat.press("p|organizations|done")
    assert PEOPLE_STEP in chat.last
    engine.store.close()
    assert integrity(path) == "ok"
    engine = make_engine(path)
    replies = engine.handle(1, Input("text", "/start"))
    assert PEOPLE_STEP in replies[-1].text
    engine.store.close()


def test_full_disk_error_says_the_disk_is_full(tmp_path):
    """One clear error: the engine's exception must name the problem. Today the store's
    ROLLBACK after SQLite already rolled back raises "cannot rollback - no transaction is
    active", which hides "database or disk is full"."""
    _, engine, chat = _engine_at_orgs(tmp_path)
    fill_up(engine.store.conn)
    _, err = _until_full(engine, chat)
    assert isinstance(err, (sqlite3.Error, StorageError)), repr(err)
    assert "full" in str(err), f"the error does not say the disk is full: {err!r}"
    engine.store.close()


# -- full disk while running: Telegram -------------------------------------------------------


class _Bot:
    def __init__(self, api: FakeBotAPI, app, user: int = 1) -> None:
        self.api, self.app, self.user = api, app, user
        self.handled = Handled(app)

    async def send(self, text: str = "", press: str = "") -> list[str]:
        """Type ``text`` or press the button of option ``press``; the texts sent back."""
        since = len(self.api.calls)
        if press:
            uid = self.api.user_press(self.user, self._data(press))
        else:
            uid = self.api.user_text(self.user, text)
        await self.handled.wait(uid)
        return [
            c.text or ""
            for c in self.api.calls[since:]
            if c.method == "sendMessage" and not c.failed and c.chat_id == self.user
        ]

    def _data(self, value: str) -> str:
        for call in reversed(self.api.sent_to(self.user)):
            for _, data in call.buttons():
                if data and data.rsplit("|", 1)[-1] == value:
                    return data
        raise AssertionError(f"no button {value!r}")

    async def to_orgs(self) -> None:
        await self.send("/start")
        await self.send(press="go")
        await self.send(press="yes")
        await self.send("I like people and puzzles")
        await self.send("UX research")
        await self.send(press="student")
        await self.send(press="keep")  # "a student", as the button says
        texts = await self.send("/skip")  # no number on the cards
        assert ORGS_STEP in texts[-1]


async def test_full_disk_in_the_running_bot_apologises_once_and_carries_on(tmp_path, caplog):
    db = str(tmp_path / "coach.db")
    caplog.set_level(logging.INFO)
    async with FakeBotAPI(poll_cap=0.2) as api, running_bot(api, db) as app:
        bot = _Bot(api, app)
        await bot.to_orgs()
        conn = app.bot_data["engine"].store.conn
        fill_up(conn)
        for number in range(200):
            texts = await bot.send(f"Org {number}")
            if any(SOMETHING_WRONG in t for t in texts):
                break
        else:
            raise AssertionError("the disk never filled up")
        assert texts == [SOMETHING_WRONG], texts
        orgs, contacts = organizations(conn)
        assert orgs == contacts == [f"Org {i}" for i in range(number)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1, [r.getMessage() for r in errors]
        # Space again: the user sends the answer once more and the bot carries on.
        conn.execute(f"PRAGMA max_page_count = {UNLIMITED_PAGES}")
        texts = await bot.send(f"Org {number}")
        assert f"Org {number}" in texts[-1]
        texts = await bot.send(press="done")
        assert PEOPLE_STEP in texts[-1]
    assert integrity(db) == "ok"


async def test_full_disk_in_the_running_bot_logs_what_went_wrong(tmp_path, caplog):
    """The operator's one error line should say the database or disk is full; today it says
    only "update N failed: OperationalError"."""
    db = str(tmp_path / "coach.db")
    caplog.set_level(logging.INFO)
    async with FakeBotAPI(poll_cap=0.2) as api, running_bot(api, db) as app:
        bot = _Bot(api, app)
        await bot.to_orgs()
        fill_up(app.bot_data["engine"].store.conn)
        for number in range(200):
            if SOMETHING_WRONG in " ".join(await bot.send(f"Org {number}")):
                break
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    assert "full" in errors[0], f"the log does not say the disk is full: {errors[0]!r}"


# -- full disk while running: the terminal chat ----------------------------------------------


def test_full_disk_in_the_console_one_clear_error_then_carries_on(tmp_path):
    """The terminal chat's writes hit a file-size limit part-way (EFBIG: SQLite's "disk I/O
    error"): the database stays intact with every answer whole, a later start continues
    from the last saved answer, and the person sees one clear error, not a traceback."""
    db = tmp_path / "coach.db"
    prepare(str(db), orgs=())
    limit = db.stat().st_size + 8192
    lines = "".join(f"Org {i}\n" for i in range(30))
    proc = cli(tmp_path, "console", str(db), lines, preexec=file_size_limit(limit))

    assert integrity(str(db)) == "ok"
    conn = sqlite3.connect(db)
    orgs, contacts = organizations(conn)
    conn.close()
    assert orgs == contacts, "an answer was half-saved"
    assert len(orgs) < 30, "the limit never bit"
    assert orgs == [f"Org {i}" for i in range(len(orgs))]
    again = cli(tmp_path, "console", str(db), f"Org {len(orgs)}\n")
    assert again.returncode == 0, again.stderr
    assert WELCOME_BACK in again.stdout and ORGS_STEP in again.stdout
    conn = sqlite3.connect(db)
    assert organizations(conn)[0] == [*orgs, f"Org {len(orgs)}"]
    conn.close()

    assert "Traceback" not in proc.stderr, (
        f"the terminal chat crashed with a traceback on a full disk:\n{proc.stderr[-1500:]}"
    )
    errors = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert errors and any("disk" in ln or "database" in ln for ln in errors), proc.stderr
