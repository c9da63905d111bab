"""Telegram misbehaving: 429 with retry_after, 403, 400, timeouts and 5xx from the Bot API.

The real Application runs in this process against the fake Bot API, which injects the errors
(``fail_next``) and slow answers (``delay_next``). Whatever Telegram does, an answer the user
gave is saved, the user who blocked the bot (and only they) is marked so, the conversation
goes on afterwards, and a reminder goes out exactly once after transient failures.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot import reminders
from bot.telegram_app import SOMETHING_WRONG
from tests.fakeapi import Call, FakeBotAPI
from tests.scripted import Handled
from tests.tg_helpers import running_bot

ANN, BEN = 501, 502
# Replies are known by their step header: "Step 2 of 8" is the self-assessment question, and
# again the summary question after "yes".
SELF_CHECK = "Step 2 of 8"
SUMMARY = "Step 2 of 8"
GOAL = "Step 3 of 8"


@dataclass
class Env:
    api: FakeBotAPI
    app: object
    handled: Handled
    db: str

    async def text(self, user: int, value: str) -> list[Call]:
        since = len(self.api.calls)
        uid = self.api.user_text(user, value)
        await self.handled.wait(uid)
        return self.api.calls[since:]

    async def press(self, user: int, value: str) -> list[Call]:
        since = len(self.api.calls)
        uid = self.api.user_press(user, self.data_of(user, value))
        await self.handled.wait(uid)
        return self.api.calls[since:]

    def data_of(self, user: int, value: str) -> str:
        """The newest button for the option ``value`` on the bot's messages to the user."""
        for call in reversed(self.api.sent_to(user)):
            if call.method == "sendMessage" and call.reply_markup:
                for _, data in call.buttons():
                    if data and data.rsplit("|", 1)[-1] == value:
                        return data
        raise AssertionError(f"no button {value!r} on any message to {user}")

    def row(self, user: int) -> dict:
        conn = sqlite3.connect(self.db)
        try:
            found = conn.execute(
                "SELECT coalesce(p.state, 'welcome'), coalesce(p.answers, '{}'), u.blocked"
                " FROM users u LEFT JOIN progress p ON p.user_id = u.user_id AND p.flow = 'prep'"
                " WHERE u.user_id = ?",
                (user,),
            ).fetchone()
        finally:
            conn.close()
        assert found is not None, f"user {user} not stored"
        return {"state": found[0], "answers": found[1], "blocked": bool(found[2])}

    def to_self_check(self, user: int):
        return self._walk(user, [("text", "/start"), ("press", "go")])

    async def _walk(self, user: int, actions) -> None:
        for kind, value in actions:
            await (self.text(user, value) if kind == "text" else self.press(user, value))

    def due_reminder(self, user: int, person: str = "Maria Lopez") -> int:
        """A "call" reminder due a minute ago, written the way the engine writes them."""
        engine = self.app.bot_data["engine"]
        now = engine.clock.now()
        with engine.store.transaction():
            rid = reminders.schedule(
                engine.store.conn,
                user,
                None,
                "call",
                now - timedelta(minutes=1),
                now,
                payload={"person": person},
            )
        self.app.bot_data["scheduler"].wake()
        return rid

    def reminder_status(self, rid: int) -> str:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute("SELECT status FROM reminders WHERE id = ?", (rid,)).fetchone()[0]
        finally:
            conn.close()


def ok_texts(calls: list[Call], user: int, needle: str) -> list[str]:
    return [
        c.text
        for c in calls
        if c.method == "sendMessage" and not c.failed and c.chat_id == user and needle in c.text
    ]


def reminder_texts(api: FakeBotAPI, user: int) -> list[str]:
    return [t for t in api.messages(user) if t.startswith("\u23f0")]


@pytest.fixture
async def env(tmp_path):
    async with FakeBotAPI(poll_cap=0.2) as api:
        db = str(tmp_path / "coach.db")
        async with running_bot(api, db) as app:
            yield Env(api, app, Handled(app), db)


# -- 429: flood control ------------------------------------------------------------------------


async def test_429_on_send_message_waits_retry_after_and_delivers_once(env):
    await env.text(ANN, "/start")
    env.api.fail_next("sendMessage", status=429, retry_after=1, chat_id=ANN)
    calls = await env.press(ANN, "go")
    assert [c.status for c in calls if c.method == "sendMessage"] == [429, 200]
    assert len(ok_texts(calls, ANN, SELF_CHECK)) == 1
    assert env.row(ANN)["state"] == "self_check"
    calls = await env.press(ANN, "yes")
    assert len(ok_texts(calls, ANN, SUMMARY)) == 1


async def test_429_on_answer_callback_and_edit_still_delivers_once(env):
    await env.text(ANN, "/start")
    env.api.fail_next("answerCallbackQuery", status=429, retry_after=1)
    env.api.fail_next("editMessageText", status=429, retry_after=1)
    calls = await env.press(ANN, "go")
    assert len(ok_texts(calls, ANN, SELF_CHECK)) == 1
    assert env.row(ANN)["state"] == "self_check"


async def test_a_run_of_429s_queues_the_reply_and_delivers_it_later(env, caplog):
    """More 429s in a row than the quick retries cover: the reply waits in the outbox for the
    time Telegram asked and then goes out, once; the user is never told something broke."""
    await env.text(ANN, "/start")
    env.api.fail_next("sendMessage", status=429, retry_after=1, chat_id=ANN, times=5)
    since = len(env.api.calls)
    with caplog.at_level("WARNING"):
        await env.press(ANN, "go")
        assert env.row(ANN)["state"] == "self_check", "the answer is kept"
        for _ in range(150):
            if ok_texts(env.api.calls[since:], ANN, SELF_CHECK):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.3)  # a second copy would show up now
    calls = env.api.calls[since:]
    assert len(ok_texts(calls, ANN, SELF_CHECK)) == 1
    assert not ok_texts(calls, ANN, SOMETHING_WRONG[:30])
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_one_chat_waiting_out_a_429_does_not_hold_up_another(env):
    """Ann's reply waits out Telegram's retry_after; Bob, who writes just after, is answered
    meanwhile (updates of different chats are handled side by side)."""
    env.api.fail_next("sendMessage", status=429, retry_after=3, chat_id=ANN)
    since = len(env.api.calls)
    ann = env.api.user_text(ANN, "/start")
    await asyncio.sleep(0.3)
    bob = env.api.user_text(BEN, "/start")
    await env.handled.wait(bob, timeout=2.0)
    assert ok_texts(env.api.calls[since:], BEN, "Step 1 of 8"), "Bob waited behind Ann"
    assert not ok_texts(env.api.calls[since:], ANN, "Step 1 of 8")
    await env.handled.wait(ann, timeout=10.0)
    assert len(ok_texts(env.api.calls[since:], ANN, "Step 1 of 8")) == 1


# -- 403: the user blocked the bot -------------------------------------------------------------


async def test_403_marks_only_that_user_blocked_and_keeps_the_answer(env):
    await env.to_self_check(ANN)
    await env.to_self_check(BEN)
    env.api.fail_next("sendMessage", status=403, chat_id=ANN, times=None)
    await env.press(ANN, "yes")
    ben_calls = await env.press(BEN, "yes")
    ann, ben = env.row(ANN), env.row(BEN)
    assert ann["state"] == "assess_summary", "the blocked user's answer is lost"
    assert ann["blocked"] and not ben["blocked"]
    assert len(ok_texts(ben_calls, BEN, SUMMARY)) == 1

    # No reminders for the blocked user; the other user still gets theirs.
    held = env.due_reminder(ANN)
    sent = env.due_reminder(BEN)
    await env.api.wait_for(lambda c: c.chat_id == BEN and "\u23f0" in (c.text or ""), 10)
    await asyncio.sleep(0.3)
    assert env.reminder_status(sent) == "sent"
    assert env.reminder_status(held) == "pending"
    assert not [c for c in env.api.calls_to(ANN) if "\u23f0" in (c.text or "")]

    # Ann unblocks the bot and writes: she carries on where she was.
    env.api.clear_faults()
    calls = await env.text(ANN, "I like people and puzzles")
    assert ok_texts(calls, ANN, GOAL)
    assert not env.row(ANN)["blocked"]


async def test_403_on_a_reminder_marks_the_user_blocked_and_holds_the_rest(env):
    await env.text(ANN, "/start")
    await env.text(BEN, "/start")
    env.api.fail_next("sendMessage", status=403, chat_id=ANN, times=None)
    first = env.due_reminder(ANN)
    other = env.due_reminder(BEN)
    await env.api.wait_for(lambda c: c.chat_id == ANN and c.status == 403, 10)
    await env.api.wait_for(lambda c: c.chat_id == BEN and "\u23f0" in (c.text or ""), 10)
    await asyncio.sleep(0.3)
    assert env.row(ANN)["blocked"] and not env.row(BEN)["blocked"]
    assert env.reminder_status(first) == "pending"
    assert env.reminder_status(other) == "sent"
    tries = len([c for c in env.api.calls_to(ANN) if c.method == "sendMessage"])
    second = env.due_reminder(ANN)
    await asyncio.sleep(0.5)
    assert len([c for c in env.api.calls_to(ANN) if c.method == "sendMessage"]) == tries, (
        "the bot keeps writing to a user who blocked it"
    )
    assert env.reminder_status(second) == "pending"


# -- 400: a request Telegram refuses -------------------------------------------------------------


async def test_400_on_send_message_keeps_the_answer_and_the_chat_goes_on(env):
    await env.text(ANN, "/start")
    env.api.fail_next("sendMessage", status=400, description="can't parse entities", chat_id=ANN)
    calls = await env.press(ANN, "go")
    assert env.row(ANN)["state"] == "self_check"
    sorry = ok_texts(calls, ANN, SOMETHING_WRONG)
    assert len(sorry) == 1, [c.short() for c in calls]
    calls = await env.text(ANN, "/start")
    assert ok_texts(calls, ANN, SELF_CHECK)
    calls = await env.press(ANN, "yes")
    assert ok_texts(calls, ANN, SUMMARY)


async def test_400_on_answer_callback_and_edit_is_ignored(env):
    await env.text(ANN, "/start")
    env.api.fail_next("answerCallbackQuery", status=400, description="query is too old")
    env.api.fail_next("editMessageText", status=400, description="message can't be edited")
    calls = await env.press(ANN, "go")
    assert len(ok_texts(calls, ANN, SELF_CHECK)) == 1
    assert not ok_texts(calls, ANN, SOMETHING_WRONG)


# -- 5xx and timeouts ----------------------------------------------------------------------------


async def test_5xx_on_send_message_is_retried_and_delivered_once(env):
    await env.text(ANN, "/start")
    env.api.fail_next("sendMessage", status=502, chat_id=ANN)
    env.api.fail_next("sendMessage", status=500, chat_id=ANN)
    calls = await env.press(ANN, "go")
    assert [c.status for c in calls if c.method == "sendMessage"] == [502, 500, 200]
    assert len(ok_texts(calls, ANN, SELF_CHECK)) == 1
    assert env.row(ANN)["state"] == "self_check"


@pytest.mark.parametrize("method", ["answerCallbackQuery", "editMessageText"])
async def test_5xx_on_answer_callback_or_edit_still_sends_the_next_question(env, method):
    """Acknowledging the press and ticking the pressed button are cosmetic; a flaky 5xx on
    them must not swallow the reply with the next question."""
    await env.text(ANN, "/start")
    env.api.fail_next(method, status=502)
    calls = await env.press(ANN, "go")
    assert env.row(ANN)["state"] == "self_check"
    texts = [c.text for c in calls if c.method == "sendMessage" and not c.failed]
    assert len(ok_texts(calls, ANN, SELF_CHECK)) == 1, (
        f"a 502 on {method} lost the next question; the user got {texts}"
    )


async def test_timeout_on_send_message_loses_nothing(env):
    """The fake answers sendMessage after 6 s, past the client's 5 s read timeout (and still
    carries it out, as Telegram does): the bot retries, the answer is saved, the user sees
    the reply (twice at most), and the conversation goes on."""
    await env.text(ANN, "/start")
    env.api.delay_next("sendMessage", 6.0, chat_id=ANN)
    calls = await env.press(ANN, "go")
    assert env.row(ANN)["state"] == "self_check"
    assert ok_texts(calls, ANN, SELF_CHECK)
    for _ in range(40):  # the slow first request completes a little later
        if len(ok_texts(env.api.calls, ANN, SELF_CHECK)) >= 2:
            break
        await asyncio.sleep(0.05)
    assert 1 <= len(ok_texts(env.api.calls, ANN, SELF_CHECK)) <= 2
    calls = await env.press(ANN, "yes")
    assert len(ok_texts(calls, ANN, SUMMARY)) == 1


async def test_5xx_and_429_on_get_updates_lose_no_update(env):
    env.api.fail_next("getUpdates", status=502)
    env.api.fail_next("getUpdates", status=429, retry_after=1)
    calls = await env.text(ANN, "/start")
    assert len(ok_texts(calls, ANN, "Step 1 of 8")) == 1
    assert env.api.count("getUpdates", failed=True) == 2


# -- reminders after transient failures ---------------------------------------------------------


async def test_reminder_after_5xx_in_a_row_is_delivered_exactly_once(env):
    """Four 5xx in a row outlast the sender's own retries; the scheduler tries again later,
    and the reminder goes out once and is marked sent."""
    await env.text(ANN, "/start")
    env.api.fail_next("sendMessage", status=500, chat_id=ANN, times=4)
    rid = env.due_reminder(ANN)
    await env.api.wait_for(
        lambda c: c.chat_id == ANN and not c.failed and "\u23f0" in (c.text or ""), 20
    )
    for _ in range(50):
        if env.reminder_status(rid) == "sent":
            break
        await asyncio.sleep(0.02)
    assert env.reminder_status(rid) == "sent"
    env.app.bot_data["scheduler"].wake()
    await asyncio.sleep(0.5)
    assert len(reminder_texts(env.api, ANN)) == 1
    assert env.api.count("sendMessage", failed=True) >= 4


async def test_reminder_after_429_is_delivered_exactly_once(env):
    await env.text(ANN, "/start")
    env.api.fail_next("sendMessage", status=429, retry_after=1, chat_id=ANN)
    rid = env.due_reminder(ANN)
    await env.api.wait_for(
        lambda c: c.chat_id == ANN and not c.failed and "\u23f0" in (c.text or ""), 10
    )
    await asyncio.sleep(0.3)
    env.app.bot_data["scheduler"].wake()
    await asyncio.sleep(0.3)
    assert env.reminder_status(rid) == "sent"
    assert len(reminder_texts(env.api, ANN)) == 1
    # The user can still answer afterwards.
    calls = await env.press(ANN, "go")
    assert ok_texts(calls, ANN, SELF_CHECK)
