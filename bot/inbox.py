"""The inbox: every update is in SQLite before Telegram hears it arrived, and is handled once.

Long polling is our own loop (the Application is built with ``.updater(None)``): each batch
from ``getUpdates`` is written to the ``inbox`` table, with the next offset, in one
transaction; only then does the next ``getUpdates`` confirm it to Telegram. A worker hands
the rows to ``Application.process_update`` in ``update_id`` order. A row is done once its
answer is committed and its replies were sent (or queued in the outbox). A user's updates are
never reordered: while the outbox holds replies for their chat, their next updates wait. One
exception: the tap that erases the user (/delete) goes ahead, and what waited for them goes.

After a crash, rows not done are handled first, once: the engine's own ``update_id`` record
(the second guard) answers one that was already applied with its stored replies, if they may
not have gone out, and with nothing if they did. In webhook mode the same inbox is written
before Telegram gets its 200.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Sequence

import orjson
from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot import incoming
from bot.clock import Clock
from bot.incoming import Raw
from bot.outbox import Outbox, seconds, transient
from bot.storage import StorageError, Store

log = logging.getLogger(__name__)

BATCH = 200  # inbox rows read at a time
AT_ONCE = 16  # updates of different chats handled side by side
MARK_EVERY = 64  # handled updates marked done in one transaction (sooner when idle)
BATCH_WAIT = 0.2  # seconds the poller waits for the worker to catch up before fetching again
LONGEST_POLL_PAUSE = 5.0  # seconds between getUpdates attempts while the API is away
POLL_READ_SLACK = 5.0  # seconds a long poll may take beyond its timeout (PTB's default)
STOP_WAIT = 10.0  # seconds the update being handled may take to finish at shutdown


# -- storage ------------------------------------------------------------------------------
def stored_offset(store: Store) -> int | None:
    """The offset that confirms everything already in the inbox (None: nothing yet)."""
    row = store.conn.execute("SELECT next_offset FROM telegram_offset WHERE id = 1").fetchone()
    return row[0] if row else None


def _who(raw: Raw) -> tuple[int | None, int | None]:
    """(user id, chat id) of a raw update: those the handlers answer (``bot/incoming.py``),
    else the sender and chat of whatever the update carries."""
    item = incoming.read(raw)
    if item.kind != "other":
        return item.user_id, item.chat_id
    for key, body in raw.items():
        if key != "update_id" and isinstance(body, dict):
            user = body.get("from") or body.get("user") or body.get("voter_chat")
            chat = body.get("chat") or (body.get("message") or {}).get("chat")
            if chat is None and body.get("chat_id") is not None:
                chat = {"id": body["chat_id"]}
            return (user or {}).get("id"), (chat or {}).get("id")
    return None, None


def update_id_of(update: Raw | Update) -> int:
    return update["update_id"] if isinstance(update, dict) else update.update_id


def add(store: Store, updates: Sequence[Raw | Update], stamp: str) -> None:
    """Write updates to the inbox (and the offset past them) in one transaction.

    Updates are stored as Telegram sent them: polling hands in the raw JSON (no parsing
    into objects and back), the webhook parsed ``Update`` objects.
    An update seen before goes back to "not done": Telegram only hands it out again when it
    was not confirmed, and the engine's record makes a second handling harmless.
    """
    raws = [u if isinstance(u, dict) else u.to_dict() for u in updates]
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO inbox (update_id, user_id, chat_id, payload, received_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (update_id) DO UPDATE SET done = 0",
            [(r["update_id"], *_who(r), orjson.dumps(r).decode(), stamp) for r in raws],
        )
        store.conn.execute(
            "INSERT INTO telegram_offset (id, next_offset) VALUES (1, ?) ON CONFLICT (id)"
            " DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)",
            (max(r["update_id"] for r in raws) + 1,),
        )


def open_rows(
    store: Store, after: int = -1, limit: int = BATCH
) -> list[tuple[int, int | None, str]]:
    """Rows not done yet after ``after``, oldest first: (update_id, chat_id, payload)."""
    return [
        (r[0], r[1], r[2])
        for r in store.conn.execute(
            "SELECT update_id, chat_id, payload FROM inbox WHERE done = 0 AND update_id > ?"
            " ORDER BY update_id LIMIT ?",
            (after, limit),
        )
    ]


def open_heads(store: Store, after: int = -1, limit: int = BATCH) -> list[tuple[int, int | None]]:
    """Like ``open_rows`` without the payloads: (update_id, chat_id)."""
    return store.conn.execute(
        "SELECT update_id, chat_id FROM inbox WHERE done = 0 AND update_id > ?"
        " ORDER BY update_id LIMIT ?",
        (after, limit),
    ).fetchall()


def payload_of(store: Store, update_id: int) -> str | None:
    """One row's stored update (None: gone meanwhile, e.g. erased)."""
    row = store.conn.execute(
        "SELECT payload FROM inbox WHERE update_id = ?", (update_id,)
    ).fetchone()
    return row[0] if row else None


def mark_done(store: Store, update_ids: Sequence[int], stamp: str) -> None:
    """Rows handled: their answers committed and their replies sent or queued.

    Written once per batch; after a crash the batch is handled again, and the engine's
    record answers every update in it whose replies went out with nothing.
    """
    with store.transaction():
        for update_id in update_ids:
            store.conn.execute(
                "UPDATE inbox SET done = 1, done_at = ? WHERE update_id = ?", (stamp, update_id)
            )


def forget(store: Store, update_id: int) -> None:
    """Drop one update's row now: one the bot may not keep (a refused sender, a group chat,
    too fast), or the one that erased its user (/delete)."""
    with store.transaction():
        store.conn.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))


def forget_before(store: Store, user_id: int, update_id: int) -> list[int]:
    """Drop a user's rows not handled yet that came before ``update_id`` (the one that erased
    them: what they sent before asking for everything to go goes too); their ids."""
    who = "done = 0 AND update_id < ? AND (user_id = ? OR chat_id = ?)"
    args = (update_id, user_id, user_id)
    with store.transaction():
        ids = [r[0] for r in store.conn.execute(f"SELECT update_id FROM inbox WHERE {who}", args)]
        store.conn.execute(f"DELETE FROM inbox WHERE {who}", args)
    return ids


def prune(store: Store, before: str) -> int:
    """Forget done rows received before ``before``."""
    with store.transaction():
        return store.conn.execute(
            "DELETE FROM inbox WHERE done = 1 AND received_at < ?", (before,)
        ).rowcount


async def fetch(bot, offset: int | None, timeout: float, allowed_updates) -> list[Raw]:
    """One long poll, the updates kept as Telegram's JSON: they are stored as they came and
    parsed into ``Update`` objects only when handled (``Bot.get_updates`` parses them all
    first; storing meant turning them back into JSON, a third of a press's CPU here)."""
    params = {"offset": offset, "timeout": timeout, "allowed_updates": allowed_updates}
    result = await bot.do_api_request(
        "getUpdates",
        api_kwargs={k: v for k, v in params.items() if v is not None},
        read_timeout=POLL_READ_SLACK + timeout,
    )
    return [u for u in result if isinstance(u, dict) and isinstance(u.get("update_id"), int)]


# -- the inbox ----------------------------------------------------------------------------
class Inbox:
    """Fetches updates into the inbox (polling mode) and hands its rows to the Application."""

    def __init__(self, app: Application, store: Store, outbox: Outbox, clock: Clock) -> None:
        self.app = app
        self.store = store
        self.outbox = outbox
        self.clock = clock
        self._fresh: dict[int, Raw | Update] = {}  # not yet handled: no reading back
        self._unsaved: deque[Raw | Update] = deque()  # updates the inbox could not store
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()  # the worker has handled all it can
        self._finished: deque[asyncio.Task] = deque()  # handled, not yet collected
        self._stopping = False
        self._tasks: list[asyncio.Task] = []
        self.erase_button: str | None = None  # callback data that erases its user (/delete)
        outbox.on_release = self.wake
        # called while other updates are still in hand: note what was delivered
        self.on_handled: Callable[[], None] = lambda: None

    def start(self, poll_timeout: float | None = None, allowed_updates=None) -> None:
        """Handle what is in the inbox, then new rows; poll Telegram unless it is None."""
        loop = asyncio.get_running_loop()
        self._tasks.append(loop.create_task(self.work(), name="inbox"))
        if poll_timeout is not None:
            self._tasks.append(
                loop.create_task(self.poll(poll_timeout, allowed_updates), name="getUpdates")
            )

    async def stop(self) -> None:
        """Stop polling; let the update being handled finish."""
        self._stopping = True
        self._wake.set()
        poller = self._tasks[1:]
        for task in poller:
            task.cancel()
        if self._tasks:
            done, pending = await asyncio.wait(self._tasks[:1], timeout=STOP_WAIT)
            for task in pending:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    def erased(self, user_id: int, update_id: int) -> None:
        """Update ``update_id`` erased its user: what they sent before it is dropped unread."""
        for earlier in forget_before(self.store, user_id, update_id):
            self._fresh.pop(earlier, None)

    def wake(self) -> None:
        """New rows, or a chat's queue was emptied: look again."""
        self._wake.set()

    def put(self, updates: Sequence[Raw | Update]) -> None:
        """Write updates to the inbox and wake the worker (polling and the webhook)."""
        if not updates:
            return
        try:
            add(self.store, updates, self.clock.now().isoformat())
        except (StorageError, sqlite3.Error) as err:
            # The disk is full or read-only: handle them anyway, as a bot without an inbox
            # would (the engine then says what went wrong, once per update it cannot save).
            log.warning(
                "inbox: cannot write %d updates (%s); handling them unsaved", len(updates), err
            )
            self._unsaved.extend(updates)
        else:
            for update in updates:
                self._fresh[update_id_of(update)] = update
        self._wake.set()

    # -- polling -----------------------------------------------------------------------
    async def poll(self, timeout: float, allowed_updates) -> None:
        """Long polling: fetch, store, and only then confirm with the next offset."""
        bot = self.app.bot
        offset = stored_offset(self.store)
        pause = 0.0
        try:
            await bot.delete_webhook()  # polling and a webhook exclude each other
        except TelegramError as err:
            log.debug("deleteWebhook failed (%s)", type(err).__name__)
        while not self._stopping:
            if pause:
                await asyncio.sleep(pause)
            try:
                updates = await fetch(bot, offset, timeout, allowed_updates)
            except RetryAfter as err:
                pause = seconds(err.retry_after)
                continue
            except InvalidToken:
                log.error("Telegram rejected the bot token; polling stopped")
                return
            except Conflict as err:
                log.warning("getUpdates conflict (%s); retrying", err)
                pause = LONGEST_POLL_PAUSE
                continue
            except (NetworkError, TelegramError) as err:
                if transient(err):
                    self.outbox.outage.failed(err, "getUpdates")
                else:
                    log.warning("getUpdates failed (%s)", type(err).__name__)
                pause = min(max(pause * 2, 0.25), LONGEST_POLL_PAUSE)
                continue
            if pause:  # back after failures: try the queue at once
                self.outbox.retry_now()
            if self.outbox.outage.since is not None and not self.outbox.held:
                self.outbox.outage.over()  # only polling was hit: nothing was held
            pause = 0.0
            if updates:
                self._idle.clear()
                self.put(updates)
                offset = updates[-1]["update_id"] + 1
                await self._caught_up()

    async def _caught_up(self) -> None:
        """Wait (briefly) until the worker has handled what came in, so that what arrives
        meanwhile is fetched in one batch: one getUpdates and one inbox write for many
        updates. A worker held up longer (a slow send) does not hold up the fetching."""
        try:
            await asyncio.wait_for(self._idle.wait(), BATCH_WAIT)
        except TimeoutError:
            pass

    # -- handling ----------------------------------------------------------------------
    async def work(self) -> None:
        """Hand inbox rows to the Application, oldest first, as they can go: updates of
        different chats side by side (up to AT_ONCE; while one waits for Telegram, another's
        turn runs), a chat's own one at a time and in order, none while the outbox holds
        replies for that chat. A row that finishes frees its chat at once, whatever the
        others in hand still wait for."""
        running: dict[asyncio.Task, tuple[int, int | None]] = {}  # -> (update_id, chat_id)
        done: list[int] = []  # handled, not yet marked
        try:
            while not self._stopping:
                self._wake.clear()
                self._collect(running, done)  # also those finished during an error's pause
                try:
                    started = await self._start_ready(running, done)
                except Exception as err:  # the database, most likely: try again shortly
                    log.error("inbox: %s: %s", type(err).__name__, err)
                    await asyncio.sleep(1.0)
                    continue
                if not running:
                    self._flush_done(done)
                    self._idle.set()
                    await self._wake.wait()
                    continue
                if len(done) >= MARK_EVERY:
                    self._flush_done(done)
                if not started:  # only waiting now: note what was delivered (see _note)
                    self._note()
                await self._wake.wait()  # an update in hand was handled, or new rows came
                self._collect(running, done)
        finally:
            if running:  # stopping: let those in hand finish (stop() bounds the wait)
                try:
                    await asyncio.wait(running, timeout=STOP_WAIT)
                finally:
                    for task in running:
                        task.cancel()
                    done.extend(
                        uid for t, (uid, _) in running.items() if t.done() and not t.cancelled()
                    )
            self._flush_done(done)

    async def _start_ready(
        self, running: dict[asyncio.Task, tuple[int, int | None]], done: list[int]
    ) -> int:
        """Start every open row that may go now; return how many were started."""
        while self._unsaved and not running:  # the disk refused them: one by one, alone
            raw = self._unsaved.popleft()
            update = self._parse(update_id_of(raw), raw)
            if update is not None:
                await self._handle(update)
        in_hand = {update_id for update_id, _ in running.values()}
        busy = {chat for _, chat in running.values() if chat is not None}
        handled = set(done)
        waiting: set[int] = set()  # chats whose earlier update waits: later ones wait too
        started = 0
        after = -1
        while rows := open_heads(self.store, after):
            for update_id, chat_id in rows:
                after = update_id
                if self._stopping or len(running) >= AT_ONCE:
                    return started
                if update_id in handled:  # its done mark is yet to be written
                    continue
                if update_id in in_hand:
                    if chat_id is not None:
                        waiting.add(chat_id)
                    continue
                if chat_id is not None and (
                    chat_id in waiting or chat_id in busy or chat_id in self.outbox.held
                ):
                    if chat_id in busy or not self._erases(update_id):
                        waiting.add(chat_id)
                        continue
                data = self._fresh.pop(update_id, None) or payload_of(self.store, update_id)
                update = self._parse(update_id, data) if data is not None else None
                if update is None:
                    done.append(update_id)
                    continue
                task = asyncio.create_task(self._handle(update))
                task.add_done_callback(self._task_done)
                running[task] = (update_id, chat_id)
                started += 1
                if chat_id is not None:
                    busy.add(chat_id)
                    waiting.add(chat_id)
        return started

    def _task_done(self, task: asyncio.Task) -> None:
        self._finished.append(task)
        self._wake.set()

    def _collect(self, running: dict[asyncio.Task, tuple[int, int | None]], done: list[int]):
        """Move the updates handled meanwhile out of ``running`` into ``done``."""
        while self._finished:
            found = running.pop(self._finished.popleft(), None)
            if found is not None:
                done.append(found[0])

    def _note(self) -> None:
        """Write the delivery marks of updates handled meanwhile (``on_handled``): the next
        update's turn would write them in its transaction, but none may come soon, and after
        a crash an update handled again then answers with nothing, not a second reply."""
        try:
            self.on_handled()
        except Exception as err:  # a missed note only costs a repeat after a crash
            log.warning("inbox: cannot note deliveries: %s: %s", type(err).__name__, err)

    def _flush_done(self, done: list[int]) -> None:
        if done and self._mark_done(list(done)):
            done.clear()  # kept (and not handled again) until the mark is written

    def _erases(self, update_id: int) -> bool:
        """True for a held update that presses ``erase_button`` (the /delete confirmation):
        it goes ahead of the replies waiting for that chat, which must not reach someone who
        asked for everything about them to go (erasing drops them, and the updates that
        wait before it)."""
        if not self.erase_button:
            return False
        data = self._fresh.get(update_id) or payload_of(self.store, update_id)
        if data is None or (isinstance(data, str) and self.erase_button not in data):
            return False
        update = self._parse(update_id, data)
        if update is None:
            return False
        self._fresh[update_id] = update
        press = update.get("callback_query")
        return isinstance(press, dict) and press.get("data") == self.erase_button

    def _parse(self, update_id: int, data: str | Raw | Update) -> Raw | None:
        """The update as Telegram's JSON (a dict), which the Application's handlers read."""
        try:
            if isinstance(data, str):
                return orjson.loads(data)
            return data if isinstance(data, dict) else data.to_dict()
        except Exception as err:  # a row this version cannot read: skip it, do not loop on it
            log.error(
                "inbox: update %s cannot be read (%s); skipped", update_id, type(err).__name__
            )
            return None

    def _mark_done(self, done: list[int]) -> bool:
        try:
            mark_done(self.store, done, self.clock.now().isoformat())
        except Exception as err:  # handled again after a restart; the engine's record guards
            log.warning("inbox: cannot mark updates done: %s: %s", type(err).__name__, err)
            return False
        return True

    async def _handle(self, update: Raw) -> None:
        try:
            await self.app.process_update(update)
        except Exception as err:  # handlers' errors go to the error handler; this is a last net
            log.error("update %s failed: %s", update.get("update_id"), type(err).__name__)
