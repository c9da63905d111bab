"""The Telegram front end: a thin adapter from updates to engine inputs and back.

Each text, button press or other message becomes one engine input; the engine's replies
become messages with inline keyboards. Updates come in through the inbox (``bot/inbox.py``:
stored before Telegram is told they arrived, as Telegram's JSON, which the handlers read
through ``bot/incoming.py``); it hands in updates of different chats side by side and each
chat's in order. Replies Telegram cannot take yet go out later through the outbox
(``bot/outbox.py``).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
import warnings
from datetime import UTC, datetime
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ContextTypes,
    TypeHandler,
    Updater,
)
from telegram.warnings import PTBUserWarning

from bot import asks, buttons, incoming, texts
from bot.clock import Clock
from bot.commands import menu
from bot.config import Settings
from bot.engine import Engine
from bot.gate import Gate
from bot.inbox import Inbox
from bot.inbox import forget as forget_update
from bot.inbox import prune as prune_inbox
from bot.incoming import Incoming, Raw
from bot.logs import mask_token_in_records, quiet_http_logs, setup_logging
from bot.outbox import Outbox, seconds
from bot.replies import Input, Reply
from bot.request import call_api, make_request
from bot.scheduler import Blocked, Scheduler
from bot.storage import StorageError, Store
from flows import when
from flows.spec import Registry

log = logging.getLogger(__name__)

# Bot.do_api_request warns when a method has its own Bot method; the inbox's fetch uses it
# on purpose (bot/inbox.py: the updates stay JSON).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)

MESSAGE_LIMIT = 4000
SEND_ATTEMPTS = 4
SOMETHING_WRONG = (
    "Sorry, something went wrong on my side. Your answers so far are safe; please try again."
)


# -- sending ---------------------------------------------------------------------------
def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a long text below Telegram's limit, at paragraph breaks where possible."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n\n", 0, limit)
        if cut <= 0:
            cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    chunks.append(text)
    return [c for c in chunks if c] or [""]


def keyboard(choices: list[tuple[str, str]], columns: int = 1) -> dict | None:
    """One button a row (labels are short sentences), or ``columns`` a row for short ones.

    Built as the Bot API's JSON (``reply_markup``) rather than ``InlineKeyboardMarkup``
    objects, which python-telegram-bot would only turn back into this dict."""
    if not choices:
        return None
    buttons = [{"text": lbl, "callback_data": d} for d, lbl in choices]
    step = max(1, columns)
    return {"inline_keyboard": [buttons[i : i + step] for i in range(0, len(buttons), step)]}


async def _retrying(call, attempts: int = SEND_ATTEMPTS):
    """Run a Bot API call, backing off on network errors (flood limits: the rate limiter)."""
    delay = 0.5
    for attempt in range(attempts):
        try:
            return await call()
        except RetryAfter as err:
            await asyncio.sleep(seconds(err.retry_after))
        except (TimedOut, NetworkError) as err:
            if isinstance(err, BadRequest | Forbidden) or attempt == attempts - 1:
                raise
            await asyncio.sleep(delay)
            delay *= 2
    return await call()


async def _call(bot, method: str, **params):
    """A Bot API call whose answer stays the plain dict Telegram sent (``call_api``).

    ``Bot.send_message`` and friends turn every answer into a ``Message`` (with its chat,
    sender and keyboard) that the bot never reads: measured here at about 1.6x the CPU of
    the whole call (``bench/send_path.py``).
    """
    return await call_api(bot, method, params)


async def send_replies(
    app: Application, chat_id: int, replies: list[Reply], attempts: int = SEND_ATTEMPTS
) -> int | None:
    """Send the engine's replies in order, each tried up to ``attempts`` times; return the
    last message id."""
    bot = app.bot
    last: int | None = None
    for reply in replies:
        if reply.document is not None:
            doc = reply.document
            msg: Message = await _retrying(
                lambda doc=doc: bot.send_document(
                    chat_id, document=doc.content, filename=doc.filename, caption=doc.caption
                ),
                attempts,
            )
            last = msg.message_id
            continue
        chunks = split_text(reply.text)
        for index, chunk in enumerate(chunks):
            last_chunk = index == len(chunks) - 1
            markup = keyboard(reply.choices, reply.columns) if last_chunk else None
            sent = await _retrying(
                lambda chunk=chunk, markup=markup: _call(
                    bot, "sendMessage", chat_id=chat_id, text=chunk, reply_markup=markup
                ),
                attempts,
            )
            last = sent.get("message_id") if isinstance(sent, dict) else None
    return last


# -- handlers --------------------------------------------------------------------------
def _engine(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    return context.application.bot_data["engine"]


async def _deliver(item: Incoming, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply]):
    """Send the replies; what Telegram cannot take now waits in the outbox (bot/outbox.py)."""
    outbox: Outbox = context.application.bot_data["outbox"]
    engine = _engine(context)
    try:
        await outbox.deliver(item.chat_id, item.user_id, replies, item.update_id)
    except Forbidden:
        engine.store.set_blocked(item.user_id, True, engine.clock.now().isoformat())
        log.info("update %s: user blocked the bot", item.update_id)
        return
    engine.delivered(item.update_id)
    scheduler = context.application.bot_data.get("scheduler")
    if scheduler is not None and engine.reminders_added != scheduler.seen_added:
        scheduler.seen_added = engine.reminders_added
        scheduler.wake()


async def _refused(item: Incoming, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True when the gate turns this update away (answered with its line; nothing stored)."""
    gate: Gate = context.application.bot_data["gate"]
    said = gate.admit(item.user_id, item.chat_type)
    if said is None:
        return False
    log.info("update %s: not handled (%s)", item.update_id, _why(said))
    try:
        if item.kind == "button":
            await _answer(context.bot, item, said[:190])
        elif said and item.chat_id is not None:
            await _retrying(
                lambda: _call(context.bot, "sendMessage", chat_id=item.chat_id, text=said)
            )
    except TelegramError as err:
        log.warning("update %s: could not say so (%s)", item.update_id, type(err).__name__)
    forget_update(_engine(context).store, item.update_id)  # nothing of it is kept
    return True


def _why(said: str) -> str:
    reasons = {texts.NOT_ALLOWED: "not in ALLOWED_USER_IDS", texts.PRIVATE_ONLY: "not private"}
    return reasons.get(said, "sending too fast")


async def on_update(raw: Raw, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An update from the inbox, as Telegram sent it: handed to the handler of its kind."""
    item = incoming.read(raw)
    if item.user_id is None or item.chat_id is None:
        return  # a channel post, a member change, a poll's votes: nothing to answer
    if item.kind == "message":
        await on_message(item, context)
    elif item.kind == "edit":
        await on_edit(item, context)
    elif item.kind == "button":
        await on_button(item, context)


async def on_message(item: Incoming, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text or any other message: one engine input, replies sent."""
    if await _refused(item, context):
        return
    replies = _engine(context).handle(
        item.user_id, item.as_input(), update_id=item.update_id, first_name=item.first_name
    )
    await _deliver(item, context, replies)


async def on_edit(item: Incoming, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: edits are not read; say how to change an answer instead."""
    if await _refused(item, context):
        return
    await _deliver(item, context, [Reply(texts.EDIT_NOT_READ)])


async def on_button(item: Incoming, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: answered, its message shows the choice and loses its keyboard."""
    if await _refused(item, context):
        return
    engine = _engine(context)
    replies = engine.handle(
        item.user_id,
        Input("button", item.data),
        update_id=item.update_id,
        first_name=item.first_name,
    )
    erased = engine.store.load_user(item.user_id) is None  # by this very press (/delete)
    inbox = context.application.bot_data.get("inbox")
    if erased and inbox is not None:
        inbox.erased(item.user_id, item.update_id)
    try:
        if not context.application.bot_data["outbox"].outage.down:  # no use once it is back
            await _retrying(lambda: _answer(context.bot, item), attempts=2)
            accepted = not any(r.refused for r in replies)
            await _retrying(lambda: _mark_pressed(context.bot, item, accepted), attempts=2)
    except TelegramError as err:  # the replies matter more than the spinner or the edit
        log.warning(
            "update %s: could not settle the pressed button (%s)",
            item.update_id,
            type(err).__name__,
        )
    await _deliver(item, context, replies)
    if erased:  # its update goes too, once its confirmation is sent or queued
        forget_update(engine.store, item.update_id)


async def _answer(bot, item: Incoming, text: str = "") -> None:
    """Stop the pressed button's spinner (with a short note when ``text`` is given)."""
    query_id = item.body.get("id")
    if isinstance(query_id, str):
        params = {"text": text} if text else {}
        await _call(bot, "answerCallbackQuery", callback_query_id=query_id, **params)


async def _mark_pressed(bot, item: Incoming, accepted: bool) -> None:
    message = item.pressed
    if message is None or not isinstance(message.get("message_id"), int):
        return
    label = item.button_label()
    where = {"chat_id": item.chat_id, "message_id": message["message_id"]}
    text = message.get("text")
    try:
        if isinstance(text, str) and text and label and accepted:
            # an edit without a keyboard also takes the old keyboard away
            text = split_text(text)[0][:3900] + f"\n\n\u2192 {label}"
            await _call(bot, "editMessageText", **where, text=text)
        else:
            await _call(bot, "editMessageReplyMarkup", **where)
    except (BadRequest, Forbidden):
        pass


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log once, without personal text; tell the user their answers are safe."""
    update_id = update.get("update_id") if isinstance(update, dict) else None
    err = context.error
    # Storage errors carry SQLite's reason (no personal text); other errors only their type.
    reason = (
        f"{type(err).__name__}: {err}"
        if isinstance(err, StorageError | sqlite3.Error)
        else (type(err).__name__)
    )
    log.error(
        "update %s failed: %s",
        update_id,
        reason,
        exc_info=(type(err), err, err.__traceback__) if log.isEnabledFor(logging.DEBUG) else None,
    )
    chat_id = incoming.read(update).chat_id if isinstance(update, dict) else None
    if chat_id is not None:
        try:
            await _call(context.bot, "sendMessage", chat_id=chat_id, text=SOMETHING_WRONG)
        except Exception:
            pass


# -- start-up --------------------------------------------------------------------------
async def post_init(app: Application) -> None:
    """Register the command menu, tidy old update ids, arm the reminders."""
    engine: Engine = app.bot_data["engine"]
    await app.bot.set_my_commands([BotCommand(n, d) for n, d in menu(engine.registry)])
    horizon = engine.clock.now().timestamp() - 7 * 86400
    engine.store.prune_updates(datetime.fromtimestamp(horizon, UTC).isoformat())
    prune_inbox(engine.store, datetime.fromtimestamp(horizon, UTC).isoformat())

    async def send_one(chat_id: int, reply: Reply) -> int | None:
        return await send_replies(app, chat_id, [reply])

    async def try_once(chat_id: int, reply: Reply) -> int | None:  # the outbox backs off
        return await send_replies(app, chat_id, [reply], attempts=1)

    async def sender(user_id: int, reply: Reply) -> int | None:
        try:
            return await send_one(user_id, reply)
        except Forbidden as err:
            raise Blocked() from err

    outbox = Outbox(engine.store, send_one, engine.clock, retry=try_once)
    outbox.on_blocked = lambda uid: engine.store.set_blocked(
        uid, True, engine.clock.now().isoformat()
    )
    app.bot_data["outbox"] = outbox
    outbox.start()
    allowed = app.bot_data["gate"].allowed  # reminders of users off the list wait
    scheduler = Scheduler(engine.store, sender, engine.clock, outbox=outbox, allowed=allowed)
    app.bot_data["scheduler"] = scheduler
    scheduler.start()
    # dateparser's one-time set-up, in a thread so that start-up is not held up by it
    asyncio.get_running_loop().run_in_executor(None, when.warm_up)
    log.info("polling and reminders armed")


async def post_stop(app: Application) -> None:
    """Stop the reminder timer and the outbox; note the deliveries not yet written."""
    scheduler = app.bot_data.get("scheduler")
    if scheduler:
        await scheduler.stop()
    outbox = app.bot_data.get("outbox")
    if outbox:
        await outbox.stop()
    app.bot_data["engine"].flush_delivered()


def build_application(
    settings: Settings, store: Store, clock: Clock | None = None, registry: Registry | None = None
) -> Application:
    """The python-telegram-bot Application, wired to the engine (hosting ``registry``'s flows,
    the coach's own by default)."""
    mask_token_in_records(settings.token)
    quiet_http_logs()
    app = (
        Application.builder()
        .token(settings.token or "")
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .request(make_request(settings.telegram_http))
        .get_updates_request(make_request(settings.telegram_http, polling=True))
        # No up-front throttling (it capped replies at 30/s and queued them for a second);
        # a 429 from Telegram is still waited out and the request retried.
        .rate_limiter(AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3))
        .concurrent_updates(False)
        .updater(None)  # our own polling loop writes the inbox first (bot/inbox.py)
        .post_init(post_init)
        .post_stop(post_stop)
        .build()
    )
    app.bot_data["engine"] = Engine(store, clock, registry, seed=settings.practice_seed)
    app.bot_data["gate"] = Gate(settings.allowed_ids, settings.messages_per_second)
    app.add_handler(TypeHandler(dict, on_update))  # the inbox hands in Telegram's JSON
    app.add_error_handler(on_error)
    return app


async def _start(app: Application) -> Inbox:
    await app.initialize()
    await post_init(app)
    await app.start()
    engine: Engine = app.bot_data["engine"]
    inbox = Inbox(app, engine.store, app.bot_data["outbox"], engine.clock)
    inbox.on_handled = engine.flush_delivered
    inbox.erase_button = buttons.question(asks.DELETE, "yes")  # ahead of held replies
    app.bot_data["inbox"] = inbox
    return inbox


async def start_polling(app: Application, poll_timeout: float = 10) -> None:
    """Start the Application with our own long polling into the inbox (bot/inbox.py)."""
    inbox = await _start(app)
    inbox.start(poll_timeout, Update.ALL_TYPES)


class _InboxQueue(asyncio.Queue):
    """The webhook's update queue: an update is in the inbox before Telegram gets its 200."""

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox

    async def put(self, item: Update) -> None:
        self.inbox.put([item])


async def start_webhook(app: Application, settings: Settings) -> None:
    """Start the Application behind a webhook that writes to the same inbox."""
    inbox = await _start(app)
    inbox.start()
    updater = Updater(app.bot, _InboxQueue(inbox))
    app.bot_data["webhook"] = updater
    await updater.initialize()
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    await updater.start_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlparse(settings.webhook_url or "").path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret or None,
        allowed_updates=Update.ALL_TYPES,
    )


async def stop_polling(app: Application) -> None:
    """Stop what ``start_polling`` or ``start_webhook`` started."""
    updater = app.bot_data.pop("webhook", None)
    if updater is not None:
        if updater.running:
            await updater.stop()
        await updater.shutdown()
    inbox = app.bot_data.get("inbox")
    if inbox is not None:
        await inbox.stop()
    if app.running:
        await app.stop()
    await post_stop(app)
    await app.shutdown()


async def _serve(app: Application, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        if settings.webhook_url:
            await start_webhook(app, settings)
        else:
            await start_polling(app)
    except BaseException:
        # A failed start (a rejected token, no Bot API) leaves the HTTP sessions open:
        # close them, or aiohttp reports them on stderr after our one clear line.
        await app.bot.shutdown()
        raise
    try:
        await stop.wait()
    finally:
        await stop_polling(app)


def run_telegram(settings: Settings, store: Store) -> int:
    """Run until stopped: long polling, or a webhook when WEBHOOK_URL is set."""
    setup_logging(settings.log_level, settings.token)
    app = build_application(settings, store)
    try:
        asyncio.run(_serve(app, settings))
    except InvalidToken:
        print(
            "Error: Telegram rejected the bot token (TELEGRAM_BOT_TOKEN). Check it with BotFather.",
            file=__import__("sys").stderr,
        )
        return 2
    except NetworkError as err:
        print(
            f"Error: cannot reach the Telegram Bot API at {settings.telegram_base_url}"
            f" ({type(err).__name__}).",
            file=__import__("sys").stderr,
        )
        return 2
    return 0
