"""The outbox: replies Telegram could not take yet wait in SQLite and go out later, in order.

A reply is sent at once when it can be. When the Bot API cannot be reached (network errors,
5xx, timeouts, a long outage) the reply, and every later reply to the same chat, is written
to the ``outbox`` table and retried with back-off, oldest first per chat, until Telegram takes
it or it is a day old. Once a poll or one queued reply goes through after an outage, every
chat is retried at once: nobody waits out their own back-off while another user's queue
drains. Reminders that fall due meanwhile queue up behind the same chat's replies. While a
chat has queued replies, the inbox holds that user's next update back, so nobody gets an
answer to a question they have not seen yet.

An outage is logged twice at WARNING: when it starts, and when it is over (how long, how
many replies were held), never as one error per update.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import reminders
from bot.clock import Clock
from bot.replies import Reply
from bot.storage import Store

log = logging.getLogger(__name__)

KEEP_FOR = 86400  # seconds: a reply older than a day is dropped, not sent
FIRST_RETRY = 0.5  # seconds; doubled after each failure of the same chat
LONGEST_RETRY = 15.0
GIVE_UP_ROUND = 3  # chats failing in a row: the API is down, stop this round

Send = Callable[[int, Reply], Awaitable[int | None]]


def seconds(wait) -> float:
    """A ``RetryAfter``'s wait in seconds (PTB gives an int or a timedelta)."""
    return wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)


def transient(err: BaseException) -> bool:
    """A failure worth retrying later: no answer, a timeout or a 5xx (not a 400 or 403)."""
    return isinstance(err, NetworkError | TimedOut) and not isinstance(err, BadRequest)


# -- storage ------------------------------------------------------------------------------
@dataclass
class Queued:
    """One reply waiting in the outbox."""

    id: int
    user_id: int | None
    chat_id: int
    reminder_id: int | None
    reply: Reply
    expires_ts: int


def _insert(
    store: Store,
    chat_id: int,
    user_id: int | None,
    reply: Reply,
    expires: int,
    update_id: int | None = None,
    reminder_id: int | None = None,
) -> None:
    store.conn.execute(
        "INSERT INTO outbox (user_id, chat_id, update_id, reminder_id, reply, created_at,"
        " expires_ts) VALUES (?, ?, ?, ?, ?, datetime('now'), ?)",
        (
            user_id,
            chat_id,
            update_id,
            reminder_id,
            json.dumps(reply.to_json(), ensure_ascii=False),
            expires,
        ),
    )


def _heads(store: Store) -> list[Queued]:
    """The oldest queued reply of every chat, oldest chat first."""
    rows = store.conn.execute(
        "SELECT id, user_id, chat_id, reminder_id, reply, expires_ts FROM outbox WHERE id IN"
        " (SELECT min(id) FROM outbox GROUP BY chat_id) ORDER BY id"
    ).fetchall()
    return [
        Queued(
            r["id"],
            r["user_id"],
            r["chat_id"],
            r["reminder_id"],
            Reply.from_json(json.loads(r["reply"])),
            r["expires_ts"],
        )
        for r in rows
    ]


def _chats(store: Store) -> set[int]:
    return {r[0] for r in store.conn.execute("SELECT DISTINCT chat_id FROM outbox")}


def _remove(store: Store, queued_id: int) -> None:
    store.conn.execute("DELETE FROM outbox WHERE id = ?", (queued_id,))


def _remove_chat(store: Store, chat_id: int) -> int:
    return store.conn.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,)).rowcount


# -- the outage ---------------------------------------------------------------------------
class Outage:
    """Whether the Bot API is unreachable now, and since when; logs its start and end once.

    One chat failing is that chat's trouble (its replies queue, the others go on); the API
    counts as down when polling fails or two chats fail with no success in between.
    """

    def __init__(self) -> None:
        self.down = False
        self.since: float | None = None
        self.held = 0  # replies queued since the last time nothing was held
        self._failing: set[int] = set()

    def failed(self, err: BaseException, what: str, chat_id: int | None = None) -> None:
        """A request failed for good (after the quick retries)."""
        if chat_id is not None:
            self._failing.add(chat_id)
        if self.down or (chat_id is not None and len(self._failing) < 2):
            return
        self.down = True
        if self.since is None:
            self.since = time.monotonic()
            log.warning(
                "Telegram Bot API unreachable (%s on %s); holding replies until it answers",
                type(err).__name__,
                what,
            )

    def answered(self) -> None:
        """A request went through: send directly again (the queue still drains first)."""
        self.down = False
        self._failing.clear()

    def over(self) -> None:
        """The API answers and nothing is held any more: log the end once."""
        self.down = False
        self._failing.clear()
        if self.since is not None:
            log.warning(
                "Telegram Bot API reachable again after %.0f s; %d replies held meanwhile,"
                " all sent",
                time.monotonic() - self.since,
                self.held,
            )
            self.since = None
        self.held = 0


# -- the outbox ---------------------------------------------------------------------------
class Outbox:
    """Sends replies now, or queues them and drains the queue in the background."""

    def __init__(
        self, store: Store, send: Send, clock: Clock | None = None, retry: Send | None = None
    ) -> None:
        self.store = store
        self.send = send  # sending now (with its own quick retries)
        self.retry = retry or send  # one try from the queue: the queue does the backing off
        self.clock = clock or Clock()
        self.outage = Outage()
        self.held: set[int] = _chats(store)
        self.on_release: Callable[[], None] = lambda: None  # a chat's queue became empty
        self.on_blocked: Callable[[int], None] = lambda user_id: None
        self._wake = asyncio.Event()
        self._retry_at: dict[int, float] = {}
        self._delay: dict[int, float] = {}
        self._task: asyncio.Task | None = None

    # -- sending now -------------------------------------------------------------------
    def holding(self, chat_id: int) -> bool:
        """True when a reply to this chat must queue (older ones wait, or the API is down)."""
        return self.outage.down or chat_id in self.held

    async def deliver(
        self, chat_id: int, user_id: int | None, replies: list[Reply], update_id: int | None
    ) -> None:
        """Send the replies in order; the ones that cannot go now are queued.

        A 403 or 400 is raised as before (blocked user, refused request).
        """
        for index, reply in enumerate(replies):
            if self.holding(chat_id):
                self.queue(chat_id, user_id, replies[index:], update_id)
                return
            try:
                await self.send(chat_id, reply)
            except RetryAfter as err:  # too many messages: the rest waits in the queue
                self.queue(chat_id, user_id, replies[index:], update_id)
                self._retry_at[chat_id] = time.monotonic() + seconds(err.retry_after)
                return
            except Exception as err:
                if not transient(err):
                    raise
                self.outage.failed(err, "sendMessage", chat_id)
                self.queue(chat_id, user_id, replies[index:], update_id)
                return
            self.outage.answered()

    def queue(
        self,
        chat_id: int,
        user_id: int | None,
        replies: list[Reply],
        update_id: int | None = None,
        reminder: reminders.Due | None = None,
    ) -> None:
        """Write replies to the outbox (the update's stored replies are then the outbox's)."""
        if not replies:
            return
        now = self.clock.now()
        expires = int(now.timestamp()) + KEEP_FOR
        with self.store.transaction():
            for reply in replies:
                if reminder is not None:
                    _insert(
                        self.store,
                        chat_id,
                        user_id,
                        reply,
                        min(expires, reminder.expires_ts),
                        reminder_id=reminder.id,
                    )
                else:
                    _insert(self.store, chat_id, user_id, reply, expires, update_id=update_id)
            if update_id is not None:
                self.store.mark_sent(update_id, now.isoformat())
            if reminder is not None:
                reminders.mark(self.store.conn, reminder.id, "sent", now)
        self.held.add(chat_id)
        self.outage.held += len(replies)
        self._wake.set()

    def queue_reminder(self, due: reminders.Due, reply: Reply) -> None:
        """A due reminder for a chat that is held: queued, and marked sent with it."""
        self.queue(due.user_id, due.user_id, [reply], reminder=due)

    # -- draining ----------------------------------------------------------------------
    def start(self) -> None:
        """Drain the queue in the background on the current event loop."""
        self._task = asyncio.get_running_loop().create_task(self.run(), name="outbox")

    async def stop(self) -> None:
        """Stop draining (queued replies stay in the database)."""
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def wake(self) -> None:
        """Look at the queue now (a reply was queued)."""
        self._wake.set()

    def retry_now(self) -> None:
        """The API answers again (a poll went through): retry every chat at once."""
        self._retry_at.clear()
        self._wake.set()

    async def run(self) -> None:
        """Send queued replies, oldest first per chat, backing off while Telegram is away."""
        while True:
            self._wake.clear()
            try:
                progressed = await self.drain_once()
            except Exception as err:  # the database, most likely: try again shortly
                log.error("outbox: %s: %s", type(err).__name__, err)
                progressed = False
            if progressed:
                continue
            if not self.held:
                if not self.outage.down:
                    self.outage.over()
                await self._wake.wait()
                continue
            wait = min(self._retry_at.values(), default=time.monotonic() + LONGEST_RETRY)
            try:
                await asyncio.wait_for(self._wake.wait(), max(wait - time.monotonic(), 0.01))
            except TimeoutError:
                pass

    async def drain_once(self) -> bool:
        """One round: try the oldest reply of each held chat; True if any went (or went away)."""
        progressed = False
        failures = 0
        now = time.monotonic()
        for item in _heads(self.store):
            if self._retry_at.get(item.chat_id, 0.0) > now:
                continue
            if self.clock.now().timestamp() >= item.expires_ts:
                with self.store.transaction():
                    _remove(self.store, item.id)
                log.info("outbox: a reply to chat %s was dropped: older than a day", item.chat_id)
                progressed = True
                continue
            try:
                await self.retry(item.chat_id, item.reply)
            except Forbidden:
                with self.store.transaction():
                    dropped = _remove_chat(self.store, item.chat_id)
                self.on_blocked(item.user_id or item.chat_id)
                log.info(
                    "outbox: chat %s blocked the bot; %d replies dropped", item.chat_id, dropped
                )
                progressed = True
                continue
            except BadRequest as err:
                with self.store.transaction():
                    _remove(self.store, item.id)
                log.warning("outbox: Telegram refused a queued reply (%s)", err)
                progressed = True
                continue
            except RetryAfter as err:  # a flood limit for this chat, not an outage
                self._retry_at[item.chat_id] = time.monotonic() + seconds(err.retry_after)
                continue
            except Exception as err:
                if not transient(err):
                    raise
                self.outage.failed(err, "sendMessage", item.chat_id)
                delay = min(self._delay.get(item.chat_id, FIRST_RETRY / 2) * 2, LONGEST_RETRY)
                self._delay[item.chat_id] = delay
                self._retry_at[item.chat_id] = time.monotonic() + delay
                failures += 1
                if failures >= GIVE_UP_ROUND:
                    break
                continue
            failures = 0
            if self.outage.down:  # the first reply through after an outage: try every chat now
                self._retry_at.clear()
            self.outage.answered()
            self._retry_at.pop(item.chat_id, None)
            self._delay.pop(item.chat_id, None)
            with self.store.transaction():
                _remove(self.store, item.id)
            progressed = True
        released = self.held - _chats(self.store)
        if released:
            self.held -= released
            for chat_id in released:
                self._retry_at.pop(chat_id, None)
                self._delay.pop(chat_id, None)
            self.on_release()
        return progressed
