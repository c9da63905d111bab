"""A chat driver over the fake Bot API, so Telegram tests read like a conversation.

The real ``Application`` handles every update; a watcher in a late handler group counts the
updates it finished, so a test waits exactly until the bot is done with what it typed or
pressed (updates are handled one at a time, so the watcher runs after the bot's handler).

Example::

    async with bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, 101)
        await ann.send("/start")
        await ann.click("Let's start")
        assert "Step 2 of 8" in ann.last
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections import Counter
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from telegram.ext import Application, ContextTypes, TypeHandler

from bot.clock import FakeClock
from flows.spec import Registry
from tests.fakeapi import Call, FakeBotAPI
from tests.tg_helpers import running_bot

START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
WAIT = 5.0  # seconds any single wait may take

SUMMARY = "I like people and puzzles; I value autonomy; I write well."
GOAL = "UX research"
ORG = "Acme Health"
PERSON = "Maria Lopez"
TITLE = "Lead UX Researcher"
PHONE = "+49 30 1234567"
REASON = "I love understanding how people use tools"
PLACE = "Acme HQ, Main St 1, Berlin"
ABOUT_ME = "a third-year biology student"
MY_PHONE = "+49 170 1234567"


class Watcher:
    """Counts the updates the Application finished handling."""

    def __init__(self) -> None:
        self.handled: Counter[int] = Counter()
        self.app: Application | None = None
        self._changed = asyncio.Event()

    def attach(self, app: Application) -> None:
        self.app = app
        app.add_handler(TypeHandler(dict, self._seen), group=99)  # the inbox hands in JSON

    async def _seen(self, update: dict, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.handled[update["update_id"]] += 1
        self._changed.set()

    async def wait(self, update_id: int, times: int = 1, timeout: float = WAIT) -> None:
        """Until ``update_id`` was handled ``times`` times."""
        deadline = time.monotonic() + timeout
        while self.handled[update_id] < times:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"update {update_id} not handled {times}x within {timeout}s")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass


@asynccontextmanager
async def bot_and_watcher(
    api: FakeBotAPI,
    db_path: str,
    clock: FakeClock | None = None,
    registry: Registry | None = None,
    **settings: object,
):
    """The real bot polling ``api`` with a watcher attached; yields the watcher
    (``settings``: more Settings fields, e.g. ``allowed_user_ids``)."""
    clock = clock or FakeClock(START)
    async with running_bot(api, db_path, clock, registry, **settings) as app:
        watcher = Watcher()
        watcher.attach(app)
        yield watcher


class TgChat:
    """One Telegram user talking to the bot through the fake server."""

    def __init__(
        self, api: FakeBotAPI, watcher: Watcher, user_id: int, first_name: str = "Ann"
    ) -> None:
        self.api = api
        self.watcher = watcher
        self.user_id = user_id
        self.first_name = first_name
        self.since = 0  # index of the first call made for the last input
        self.update_id = 0

    # -- acting ------------------------------------------------------------------------
    async def _after(self, update_id: int, times: int = 1) -> list[Call]:
        self.update_id = update_id
        await self.watcher.wait(update_id, times)
        return self.new_calls

    def _mark(self) -> None:
        self.since = len(self.api.calls)

    async def send(self, text: str) -> list[Call]:
        """Type a message; returns the bot's delivery calls in answer."""
        self._mark()
        return await self._after(self.api.user_text(self.user_id, text, self.first_name))

    async def press(self, data: str, message_id: int | None = None) -> list[Call]:
        """Press a button with this callback data on the bot's message (default: the last
        message that still has buttons)."""
        self._mark()
        uid = self.api.user_press(self.user_id, data, message_id, self.first_name)
        return await self._after(uid)

    async def click(self, label: str) -> list[Call]:
        """Press the button with this label on the bot's last message."""
        message = self.last_message
        return await self.press(self.data_of(label), message.message_id)

    async def click_starting(self, prefix: str) -> list[Call]:
        message = self.last_message
        for text, data in message.buttons():
            if text.startswith(prefix):
                return await self.press(data, message.message_id)
        raise AssertionError(f"no button starting {prefix!r}: {self.choices!r}\n{self.last}")

    async def media(self, kind: str) -> list[Call]:
        self._mark()
        return await self._after(self.api.user_media(self.user_id, kind, self.first_name))

    async def contact_card(self, first: str, last: str, phone: str) -> list[Call]:
        """Share someone's contact card from the address book."""
        self._mark()
        update = {
            "message": {
                "message_id": 100_000 + len(self.api.calls),
                "from": {"id": self.user_id, "is_bot": False, "first_name": self.first_name},
                "chat": {"id": self.user_id, "type": "private", "first_name": self.first_name},
                "date": int(time.time()),
                "contact": {"phone_number": phone, "first_name": first, "last_name": last},
            }
        }
        return await self._after(self.api.enqueue_raw(update))

    async def edit(self, update_id: int, text: str) -> list[Call]:
        """The user edits the message they sent in update ``update_id``."""
        self._mark()
        message = dict(self.api.get_update(update_id)["message"])
        message.update(text=text, edit_date=int(time.time()))
        return await self._after(self.api.enqueue_raw({"edited_message": message}))

    async def redeliver(self, update_id: int) -> list[Call]:
        """Telegram hands out the same update again."""
        self._mark()
        times = self.watcher.handled[update_id] + 1
        self.api.enqueue_raw(self.api.get_update(update_id))
        return await self._after(update_id, times)

    # -- reading -----------------------------------------------------------------------
    @property
    def new_calls(self) -> list[Call]:
        """Successful messages, files and edits for this user since the last input."""
        return [c for c in self.api.sent_to(self.user_id) if c.index >= self.since]

    @property
    def new_messages(self) -> list[str]:
        return [c.text or "" for c in self.new_calls if c.method == "sendMessage"]

    @property
    def last_message(self) -> Call:
        sent = [c for c in self.api.sent_to(self.user_id) if c.method == "sendMessage"]
        assert sent, "the bot sent nothing yet"
        return sent[-1]

    @property
    def last(self) -> str:
        """Text of the bot's last message."""
        return self.last_message.text or ""

    @property
    def aside(self) -> str:
        """Text of the first message in answer to the last input (a status, a list)."""
        return self.new_messages[0] if self.new_messages else self.last

    @property
    def choices(self) -> list[str]:
        """Labels of the buttons of the bot's last message."""
        return [text for text, _ in self.last_message.buttons()]

    def data_of(self, label: str, message: Call | None = None) -> str:
        """Callback data of the button with this label (on the last message by default)."""
        message = message or self.last_message
        for text, data in message.buttons():
            if text == label:
                assert data is not None
                return data
        raise AssertionError(f"no button {label!r}: {message.buttons()!r}\n{message.text}")


# -- scripted conversations -----------------------------------------------------------------


async def prep_to_review(chat: TgChat, orgs: tuple[str, ...] = (ORG,)) -> None:
    """From a new user to the plan review (summary path, student, no people)."""
    await chat.send("/start")
    assert "Step 1 of 8" in chat.last, chat.last
    await chat.click("Let's start")
    await chat.click("Yes, I have")
    await chat.send(SUMMARY)
    await chat.send(GOAL)
    await chat.click("A student")
    await chat.click("Use: a student")
    await chat.send(MY_PHONE)
    assert "Step 5 of 8" in chat.last, chat.last
    for org in orgs:
        await chat.send(org)
    await chat.click("Done")
    await chat.click("Done")
    assert "Your plan so far" in chat.last, chat.last


# -- database -------------------------------------------------------------------------------


def rows(db_path: str, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def progress(db_path: str) -> dict[str, list]:
    """Every user's, contact's and flow's row and every reminder: what an answer can change."""
    return {
        table: rows(db_path, f"SELECT * FROM {table} ORDER BY rowid")
        for table in ("users", "contacts", "progress", "reminders")
    }


def user_state(db_path: str, user_id: int) -> tuple[str, dict, int | None]:
    """The user's preparation state and answers, and the contact open on top."""
    found = rows(
        db_path,
        "SELECT state, answers FROM progress WHERE user_id = ? AND flow = 'prep'",
        user_id,
    )
    state, answers = found[0] if found else ("welcome", "{}")
    (stack,) = rows(db_path, "SELECT stack FROM users WHERE user_id = ?", user_id)
    frames = json.loads(stack[0])
    active = frames[-1][1] if frames and frames[-1][0] == "setup" else None
    return state, json.loads(answers), active


def contacts_of(db_path: str, user_id: int) -> list[dict]:
    keys = ("id", "kind", "org", "name", "phone", "state", "answers")
    found = rows(
        db_path,
        "SELECT c.id, c.kind, c.org, c.name, c.phone, p.state, p.answers FROM contacts c"
        " LEFT JOIN progress p ON p.user_id = c.user_id AND p.flow = 'setup' AND p.ref = c.id"
        " WHERE c.user_id = ? ORDER BY c.id",
        user_id,
    )
    return [
        dict(zip(keys, r, strict=True))
        | {"state": r[5] or "new", "answers": json.loads(r[6] or "{}")}
        for r in found
    ]
