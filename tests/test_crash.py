"""Crash at every step: the real bot process is SIGKILLed around each answer and restarted.

The bot runs as a child process (``python -m bot run``'s own ``main``) against the fake Bot
API in its own thread, over one SQLite file kept across restarts. For every step of the
scripted conversation (``tests/scripted.py``: every state of both flows) the answer is sent,
the bot is killed with SIGKILL once the update has been handed out, and a fresh process takes
over. Then, whatever the moment of the kill:

* the database is never half-saved: at the kill it holds either the state before the answer
  or the state after it, and the answer's update is recorded exactly when the answer is;
* in the end the answer is applied exactly once: the user's rows equal those of a straight
  run of the same conversation through the engine;
* the reply for the step reached the user at least once and at most twice (twice only in
  README's one-message window: sent, then the process died before noting it).

Four kill moments take turns: (A) right after the hand-out while Telegram still holds the
update (it is re-delivered after the restart; usually before the commit), (B) the same after
0-50 ms (before or after the commit), (C) 0-50 ms after the step's reply arrived, with the
update confirmed, and (D) after the reply arrived while the update is still unconfirmed (it
comes back and the stored reply is sent again).

Restarts are fast because the child processes are forked from a "zygote" that imported the
bot once; each child runs the bot's real entry point (``bot.__main__.main(["run"])``), and
SIGKILL goes to the child itself. One test uses the plain ``BotProcess`` instead.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import texts
from bot.clock import Clock
from bot.engine import Engine
from bot.status import HEAD as STATUS_HEAD
from bot.storage import Store
from tests.fakeapi import Call, FakeBotAPI
from tests.scripted import (
    Step,
    all_states,
    conversation,
    fingerprint_file,
    pick,
    reference_run,
    states_of,
)
from tests.tg_helpers import ROOT, BotProcess, bot_env

USER = 4242
SEED = int(os.environ.get("CRASH_SEED", "20261125"))
WALK_BUDGET = 102.0  # seconds for the whole walk: its 88 steps at the 1.15 s each allowed before

ZYGOTE = r"""
import os, sys, traceback
from datetime import UTC, datetime
import bot.__main__ as entry
import bot.telegram_app  # python-telegram-bot, httpx, the engine and both flows
from flows.when import parse_when
parse_when("25.12 14:00", datetime.now(UTC), "Europe/Berlin")  # dateparser's data, once
print("ready", flush=True)
for line in sys.stdin:
    cmd = line.split()
    if cmd[0] == "fork":
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                fd = os.open(cmd[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                code = entry.main(["run"])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code or 0)
        print(pid, flush=True)
    elif cmd[0] == "wait":
        print(os.waitpid(int(cmd[1]), 0)[1], flush=True)
"""


class HoldingAPI(FakeBotAPI):
    """The fake Bot API, able to hold back the getUpdates call that confirms an update.

    While ``hold_from`` is set, a getUpdates whose offset is above it waits; requests of an
    earlier ``generation`` (a killed process) then return nothing and confirm nothing.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hold_from: int | None = None
        self.generation = 0

    def next_update_id(self) -> int:
        with self._lock:
            return self._last_update_id + 1

    def queued_ids(self) -> set[int]:
        with self._lock:
            return {item.update_id for item in self._queue}

    async def _get_updates(self, params, request):
        generation = self.generation
        offset = params.get("offset")
        while self.hold_from is not None and isinstance(offset, int) and offset > self.hold_from:
            if generation != self.generation:
                return []
            await asyncio.sleep(0.002)
        if generation != self.generation:
            return []
        return await super()._get_updates(params, request)


class Zygote:
    """A Python process that imported the bot once and forks bot processes on demand."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", ZYGOTE],
                env=env,
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                bufsize=1,
            )
        assert self._read() == "ready"

    def _read(self) -> str:
        line = self.proc.stdout.readline().strip()
        if not line:
            raise RuntimeError(f"zygote died; log:\n{self.log_path.read_text()[-3000:]}")
        return line

    def fork(self) -> int:
        self.proc.stdin.write(f"fork {self.log_path}\n")
        return int(self._read())

    def kill(self, pid: int) -> None:
        """SIGKILL one bot process and reap it."""
        os.kill(pid, signal.SIGKILL)
        self.proc.stdin.write(f"wait {pid}\n")
        self._read()

    def stop(self, pid: int | None) -> None:
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            self.proc.stdin.write(f"wait {pid}\n")
            self._read()
        self.proc.stdin.close()
        self.proc.wait(10)


# -- helpers ------------------------------------------------------------------------------


def is_reply(call: Call) -> bool:
    return call.method == "sendMessage" and not call.failed and call.chat_id == USER


def replies_for(calls: list[Call], marker: str) -> list[Call]:
    """The messages answering a step, known by ``marker``: the /status probes are left out,
    and so is the step shown again right after each probe's dashboard."""
    found, after_probe = [], False
    for c in calls:
        if not is_reply(c):
            continue
        text = c.text or ""
        if marker in text and not text.startswith(STATUS_HEAD) and not after_probe:
            found.append(c)
        after_probe = text.startswith(STATUS_HEAD)
    return found


def keyboard_of_last_message(api: FakeBotAPI) -> list[tuple[str, str]]:
    """``(data, label)`` of the buttons on the bot's last message with a keyboard."""
    for call in reversed(api.calls):
        if is_reply(call) and call.reply_markup:
            return [(data, label) for label, data in call.buttons()]
    raise AssertionError("no message with buttons yet")


def send(api: FakeBotAPI, step: Step) -> int:
    if step.kind == "text":
        return api.user_text(USER, step.value)
    return api.user_press(USER, pick(keyboard_of_last_message(api), step))


def difference(got: dict, want: dict) -> str:
    """The first row that differs between two fingerprints, for the failure message."""
    for table in want:
        rows, wanted = got.get(table, []), want[table]
        if len(rows) != len(wanted):
            return f"{table}: {len(rows)} rows, expected {len(wanted)}"
        for row, other in zip(rows, wanted, strict=True):
            if row != other:
                keys = sorted(k for k in other if row.get(k) != other[k])
                return f"{table} row {other.get('id', '')}: " + ", ".join(
                    f"{k}={row.get(k)!r} (expected {other[k]!r})" for k in keys
                )
    return "same"


def handed_out(update_id: int):
    def match(call: Call) -> bool:
        return call.method == "getUpdates" and any(
            u.get("update_id") == update_id for u in (call.result or [])
        )

    return match


def processed(db: str, update_id: int) -> bool:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute(
                "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
            ).fetchone()
            is not None
        )
    finally:
        conn.close()


def inbox_done(db: str, update_id: int) -> bool:
    """True once the bot marked the update done: handled, and its replies sent or queued."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT done FROM inbox WHERE update_id = ?", (update_id,)).fetchone()
        return bool(row and row[0])
    finally:
        conn.close()


def probe(api: FakeBotAPI, db: str, timeout: float = 15.0) -> None:
    """Send /status and wait until the bot is done with it: updates are handled in order, so
    everything before it has been answered too.

    Its answer alone would not do: a kill just after a reply went out, before the bot noted
    it, repeats that reply after the restart (README: at most one repeat), and when the
    reply was the previous probe's dashboard, that repeat looks like this probe's answer.
    """
    uid = api.user_text(USER, "/status")
    deadline = time.monotonic() + timeout
    while not inbox_done(db, uid):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the /status probe {uid} was not handled within {timeout}s")
        time.sleep(0.01)


@pytest.fixture
def api():
    server = HoldingAPI.run_in_thread(poll_cap=0.5)
    yield server
    server.close()


# -- the walk -----------------------------------------------------------------------------


def test_kill_at_every_step_never_loses_or_doubles_an_answer(api, tmp_path):
    """Every step of both flows, killed at four different moments: see the module doc."""
    rng = random.Random(SEED)
    steps = conversation(Clock().now())
    reference = Engine(Store(str(tmp_path / "reference.db")))
    expected, markers = reference_run(reference, USER, steps)
    reference.store.close()
    empty = {"users": [], "contacts": [], "progress": [], "reminders": []}

    db = str(tmp_path / "coach.db")
    log = tmp_path / "bot.log"
    zygote = Zygote(bot_env(api, db, LOG_LEVEL="WARNING"), log)
    pid: int | None = zygote.fork()
    started = time.monotonic()
    problems: list[str] = []
    outcomes: dict[str, int] = {}
    seen_prep: set[str] = set()
    seen_setup: set[str] = set()
    modes = "ABCD"
    try:
        for index, step in enumerate(steps):
            mode = modes[index % len(modes)]
            where = f"step {index + 1} ({step.describe()}, mode {mode})"
            before = expected[index - 1] if index else empty
            try:
                since = len(api.calls)
                if mode in "ABD":
                    api.hold_from = api.next_update_id()
                uid = send(api, step)
                api.wait_for_sync(handed_out(uid), 10, since=since)
                if mode == "B":
                    time.sleep(rng.uniform(0, 0.05))
                elif mode in "CD":
                    api.wait_for_sync(
                        lambda c, m=markers[index]: c in replies_for([c], m), 10, since=since
                    )
                    if mode == "C":
                        time.sleep(rng.uniform(0, 0.05))
                zygote.kill(pid)
                pid = None
                at_kill = fingerprint_file(db, USER)
                committed = processed(db, uid)
                unconfirmed = uid in api.queued_ids()
                sent_before = len(replies_for(api.calls[since:], markers[index]))

                api.generation += 1
                api.hold_from = None
                pid = zygote.fork()
                probe(api, db)

                key = (
                    f"{'committed' if committed else 'not committed'}, "
                    f"{'re-delivered' if unconfirmed else 'confirmed'}"
                )
                outcomes[key] = outcomes.get(key, 0) + 1
                after = fingerprint_file(db, USER)
                answered = replies_for(api.calls[since:], markers[index])
                if at_kill != (expected[index] if committed else before):
                    problems.append(f"{where}: half-saved or wrong state at the kill ({key})")
                if after != expected[index]:
                    state = "unchanged" if after == before else "not one application"
                    problems.append(
                        f"{where}: after the restart the answer is {state} ({key}); "
                        f"{difference(after, expected[index])}"
                    )
                if not 1 <= len(answered) <= 2:
                    problems.append(
                        f"{where}: the reply arrived {len(answered)} times "
                        f"({sent_before} before the kill; {key})"
                    )
                if not processed(db, uid):
                    problems.append(f"{where}: the update is not recorded as handled ({key})")
                conn = sqlite3.connect(db)
                prep_state, contact_state = states_of(conn, USER)
                conn.close()
                seen_prep.add(prep_state)
                if contact_state:
                    seen_setup.add(contact_state)
            except (AssertionError, TimeoutError) as err:
                # The walk went off the script (e.g. an answer applied twice moved on).
                problems.append(f"{where}: walk aborted: {str(err).splitlines()[0]}")
                break
        elapsed = time.monotonic() - started
    finally:
        zygote.stop(pid)

    assert not problems, (
        f"{len(problems)} problem(s) over {len(steps)} kills (seed {SEED}; outcomes {outcomes}):\n"
        + "\n".join(problems)
    )
    prep_states, setup_states = all_states()
    assert seen_prep == prep_states, f"preparation states not visited: {prep_states - seen_prep}"
    assert seen_setup == setup_states - {"new"}, (
        f"set-up states not visited: {setup_states - {'new'} - seen_setup}"
    )
    assert "Traceback" not in log.read_text(errors="replace")
    assert elapsed < WALK_BUDGET, f"the walk took {elapsed:.1f}s"
    print(f"\n{len(steps)} kills in {elapsed:.1f}s; outcomes: {outcomes}")


# -- the window between the commit and the reply ------------------------------------------------


def test_reply_of_an_answer_saved_just_before_a_crash_is_not_lost(api, tmp_path):
    """The answer is committed and Telegram has been told the update was received (long
    polling confirms it with the next getUpdates), then the process dies before the reply
    went out (here: while it backs off after a 5xx). After the restart the user must still
    get the reply (from the inbox row not done, or from the outbox), else the user's next
    message is taken as the answer to a question they have not seen."""
    db = str(tmp_path / "coach.db")
    bot = BotProcess(bot_env(api, db), tmp_path / "bot.log").start()
    try:
        api.user_text(USER, "/start")
        api.wait_for_sync(lambda c: is_reply(c) and "Step 1 of 8" in c.text, 20)
        api.fail_next("sendMessage", status=500, chat_id=USER, times=None)
        since = len(api.calls)
        uid = api.user_press(USER, "p|welcome|go")
        api.wait_for_sync(lambda c: c.method == "sendMessage" and c.failed, 10, since=since)
        deadline = time.monotonic() + 10
        while uid in api.queued_ids() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert processed(db, uid), "the answer should be committed before any reply is sent"
        assert uid not in api.queued_ids(), "the update should be confirmed by now"
        bot.kill()
        api.clear_faults()
        restart = len(api.calls)
        bot.start()
        # getMe: the new process (a getUpdates may still come from the killed one)
        api.wait_for_sync(lambda c: c.method == "getMe", 20, since=restart)
        try:
            api.wait_for_sync(
                lambda c: is_reply(c) and "Have you already done a self-assessment" in c.text,
                10,
                since=restart,
            )
        except TimeoutError:
            pytest.fail(
                "the reply to a committed answer was never sent after the restart: the user "
                "sees nothing, and their next message answers the self-assessment question "
                "they never saw"
            )
    finally:
        bot.stop()


# -- the three moments of the inbox ---------------------------------------------------------------


def test_killed_after_the_inbox_write_after_the_commit_and_after_the_reply(api, tmp_path):
    """Two users write before the bot starts (Ann once, Ben twice), so one getUpdates brings
    all three updates into the inbox in one transaction, and Telegram is told they arrived.
    Ann's reply goes out; every send to Ben fails with a 500 (the bot retries); Ben's second
    update waits behind his first. Killed then, Ann is after the reply and before the done
    mark, Ben's first after the commit and before the reply, his second after the inbox
    write and before processing. After the restart each reply arrives exactly once, Ben's in
    the order he wrote."""
    ann, ben = 4301, 4302
    db = str(tmp_path / "coach.db")
    first = {user: api.user_text(user, "/start") for user in (ann, ben)}
    second = api.user_text(ben, "/help")
    uids = [first[ann], first[ben], second]
    api.fail_next("sendMessage", status=500, chat_id=ben, times=None)

    def sent(user: int, marker: str) -> list[int]:
        return [
            c.index
            for c in api.calls_to(user)
            if c.method == "sendMessage" and not c.failed and marker in (c.text or "")
        ]

    def welcomes(user: int) -> int:
        return len(sent(user, "Step 1 of 8"))

    help_line = "Commands:"  # the help, not the first step (which also introduces the coach)
    assert help_line in texts.HELP_HEAD
    bot = BotProcess(bot_env(api, db), tmp_path / "bot.log").start()
    try:
        api.wait_for_sync(lambda c: c.method == "sendMessage" and c.chat_id == ben, 20)
        deadline = time.monotonic() + 10
        while api.queued_ids() & set(uids) and time.monotonic() < deadline:
            time.sleep(0.01)
        bot.kill()
        assert not api.queued_ids() & set(uids), "Telegram was told of all three"
        assert [inbox_done(db, uid) for uid in uids] == [False, False, False]
        assert [processed(db, uid) for uid in uids] == [True, True, False]
        assert [welcomes(ann), welcomes(ben), len(sent(ben, help_line))] == [1, 0, 0]

        api.clear_faults()
        restart = len(api.calls)
        bot.start()
        me = api.wait_for_sync(lambda c: c.method == "getMe", 20, since=restart)
        poll = api.wait_for_sync(lambda c: c.method == "getUpdates", 20, since=me.index + 1)
        assert poll.params.get("offset") == max(uids) + 1, "the offset was not kept"
        deadline = time.monotonic() + 20
        while not all(inbox_done(db, uid) for uid in uids):
            assert time.monotonic() < deadline, "the inbox rows were not handled after the restart"
            time.sleep(0.05)
        time.sleep(0.5)  # a doubled reply would show up now
        assert welcomes(ann) == 1
        # /start: the first step; /help: the help, then the step it came from again
        steps, helped = sent(ben, "Step 1 of 8"), sent(ben, help_line)
        assert len(steps) == 2 and len(helped) == 1, (steps, helped)
        assert steps[0] < helped[0] < steps[1], "Ben's replies came out of order"
        assert all(processed(db, uid) for uid in uids)
    finally:
        bot.stop()
    assert "Traceback" not in bot.log()
