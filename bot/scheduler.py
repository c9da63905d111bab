"""Sends reminders when they fall due: one timer for the next due row, never one per reminder.

The table is the source of truth. At start the scheduler sends what was missed while the bot
was down (if still useful; stale ones are marked dropped), then sleeps until the next due
time or until ``wake()`` says a new reminder was written.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot import reminders
from bot.clock import Clock
from bot.outbox import Outbox, transient
from bot.replies import Reply
from bot.storage import Store

log = logging.getLogger(__name__)

MAX_SLEEP = 300.0
RETRY_AFTER_ERROR = 30.0


class Blocked(Exception):
    """The user blocked the bot; their reminders stop."""


Sender = Callable[[int, Reply], Awaitable[int | None]]


class Scheduler:
    """Sends due reminders through ``sender`` and records each as sent."""

    def __init__(
        self,
        store: Store,
        sender: Sender,
        clock: Clock | None = None,
        only_user: int | None = None,
        outbox: Outbox | None = None,
        allowed: frozenset[int] | None = None,
    ) -> None:
        self.store = store
        self.outbox = outbox  # Telegram: replies held for a chat are sent before its reminder
        self.only_user = only_user
        self.allowed = allowed  # ALLOWED_USER_IDS: others' reminders wait, unsent
        self.sender = sender
        self.clock = clock or Clock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.sent = 0
        self.dropped = 0
        self._failures = 0
        self._stopping = False
        self.seen_added = 0  # the engine's reminders_added when last woken

    def start(self) -> None:
        """Run in the background on the current event loop."""
        self._task = asyncio.get_running_loop().create_task(self.run(), name="reminders")

    async def stop(self) -> None:
        """Stop the background task."""
        self._stopping = True
        self._wake.set()
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def wake(self) -> None:
        """Look again now: a reminder may have been added or changed."""
        self._wake.set()

    async def run(self) -> None:
        """Send what is due, then sleep until the next one (or a wake-up)."""
        while not self._stopping:
            delay = MAX_SLEEP
            try:
                await self.tick()
                delay = self.seconds_to_next()
                if self._failures:
                    delay = max(delay, min(2.0**self._failures, 60.0))
            except Exception as err:
                log.error(
                    "reminder tick failed (%s: %s); retrying in %ss",
                    type(err).__name__,
                    err,
                    RETRY_AFTER_ERROR,
                    exc_info=log.isEnabledFor(logging.DEBUG),
                )
                delay = RETRY_AFTER_ERROR
            if self._stopping:
                return
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
            except TimeoutError:
                pass

    def seconds_to_next(self) -> float:
        """Seconds until the next pending reminder of an active user (capped)."""
        due = reminders.next_due_ts(self.store.conn, self.only_user, self.allowed)
        if due is None:
            return MAX_SLEEP
        wait = due - self.clock.now().timestamp()
        return min(max(wait, 0.05), MAX_SLEEP)

    async def tick(self) -> int:
        """Send every reminder due now; return how many went out."""
        sent = 0
        while True:
            now = self.clock.now()
            batch = reminders.due_now(
                self.store.conn, now, only_user=self.only_user, allowed=self.allowed
            )
            if not batch:
                return sent
            progressed = False
            for due in batch:
                outcome = await self._deliver(due, now)
                progressed = progressed or outcome != "retry"
                sent += outcome == "sent"
            if not progressed:
                self._failures += 1
                return sent
            self._failures = 0

    async def _deliver(self, due: reminders.Due, now: datetime) -> str:
        conn = self.store.conn
        if now.timestamp() >= due.expires_ts:
            with self.store.transaction():
                reminders.mark(conn, due.id, "dropped", now)
            self.dropped += 1
            log.info("reminder %s (%s) dropped: no longer useful", due.id, due.kind)
            return "dropped"
        user = self.store.load_user(due.user_id)
        if user is None or user.paused or user.blocked:
            return "skipped"
        reply = reminders.message(due, user.tz, user.favourites)
        if self.outbox is not None and self.outbox.holding(due.user_id):
            self.outbox.queue_reminder(due, reply)
            return "queued"
        try:
            message_id = await self.sender(due.user_id, reply)
        except Blocked:
            self.store.set_blocked(due.user_id, True, now.isoformat())
            log.info("user blocked the bot; reminder %s held", due.id)
            return "blocked"
        except Exception as err:  # network trouble: keep it pending, try again later
            if self.outbox is not None and transient(err):
                self.outbox.outage.failed(err, "a reminder", due.user_id)
                self.outbox.queue_reminder(due, reply)
                return "queued"
            log.warning("reminder %s not sent (%s); will retry", due.id, type(err).__name__)
            return "retry"
        with self.store.transaction():
            reminders.mark(conn, due.id, "sent", self.clock.now(), message_id)
        self.sent += 1
        return "sent"
