"""The Telegram front end: a thin adapter from updates to engine inputs and back.

Each text, button press or other message becomes one engine input; the engine's replies
become messages with inline keyboards. Updates are handled one at a time, in arrival order
(``concurrent_updates`` stays off: measured cheaper, and it keeps each user's order).
Updates come in through the inbox (``bot/inbox.py``: stored before Telegram is told they
arrived) and replies Telegram cannot take yet go out later through the outbox
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
    InlineKeyboardButton,
    InlineKeyboardMarkup,
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
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    Updater,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.clock import Clock
from bot.commands import menu
from bot.config import Settings
from bot.engine import Engine
from bot.gate import Gate
from bot.inbox import Inbox
from bot.inbox import forget as forget_update
from bot.inbox import prune as prune_inbox
from bot.logs import mask_token_in_records, quiet_http_logs, setup_logging
from bot.outbox import Outbox
from bot.replies import Input, Reply
from bot.request import make_request
from bot.scheduler import Blocked, Scheduler
from bot.storage import StorageError, Store
from flows.spec import Registry

log = logging.getLogger(__name__)

# Bot.do_api_request warns when a method has its own Bot method; _call uses it on purpose.
warnings.filterwarnings(
    "ignore",
    message=r"Please use 'Bot\.(sendMessage|editMessageText|editMessageReplyMarkup)'",
    category=PTBUserWarning,
)

MESSAGE_LIMIT = 4000
SEND_ATTEMPTS = 4
SOMETHING_WRONG = (
    "Sorry, something went wrong on my side. Your answers so far are safe; please try again."
)
MEDIA_KINDS = (
    "photo",
    "sticker",
    "voice",
    "audio",
    "video",
    "video_note",
    "animation",
    "document",
    "location",
    "venue",
    "poll",
    "dice",
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


def keyboard(choices: list[tuple[str, str]], columns: int = 1) -> InlineKeyboardMarkup | None:
    """One button a row (labels are short sentences), or ``columns`` a row for short ones."""
    if not choices:
        return None
    buttons = [InlineKeyboardButton(lbl, callback_data=d) for d, lbl in choices]
    step = max(1, columns)
    return InlineKeyboardMarkup([buttons[i : i + step] for i in range(0, len(buttons), step)])


async def _retrying(call, attempts: int = SEND_ATTEMPTS):
    """Run a Bot API call, backing off on network errors (flood limits: the rate limiter)."""
    delay = 0.5
    for attempt in range(attempts):
        try:
            return await call()
        except RetryAfter as err:
            wait = err.retry_after
            await asyncio.sleep(wait.total_seconds() if hasattr(wait, "total_seconds") else wait)
        except (TimedOut, NetworkError) as err:
            if isinstance(err, BadRequest | Forbidden) or attempt == attempts - 1:
                raise
            await asyncio.sleep(delay)
            delay *= 2
    return await call()


async def _call(bot, method: str, **params):
    """A Bot API call whose answer stays the plain dict Telegram sent.

    ``Bot.send_message`` and friends turn every answer into a ``Message`` (with its chat,
    sender and keyboard) that the bot never reads: measured here at about 1.6x the CPU of
    the whole call (``bench/send_path.py``). ``Bot.do_api_request`` with no return type is
    python-telegram-bot's supported way to skip that; the call goes through the same
    request class, rate limiter and error mapping.
    """
    return await bot.do_api_request(method, api_kwargs=params)


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


def _input_of(message: Message) -> Input:
    if message.text is not None:
        return Input("text", message.text)
    if message.contact is not None:
        c = message.contact
        name = " ".join(p for p in (c.first_name, c.last_name) if p)
        return Input("contact_card", name=name, phone=c.phone_number or "")
    for kind in MEDIA_KINDS:
        if getattr(message, kind, None):
            return Input("media", media=kind)
    return Input("media", media="other")


async def _deliver(update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply]):
    """Send the replies; what Telegram cannot take now waits in the outbox (bot/outbox.py)."""
    user_id = update.effective_user.id
    outbox: Outbox = context.application.bot_data["outbox"]
    try:
        await outbox.deliver(update.effective_chat.id, user_id, replies, update.update_id)
    except Forbidden:
        _engine(context).store.set_blocked(user_id, True, _engine(context).clock.now().isoformat())
        log.info("update %s: user blocked the bot", update.update_id)
        return
    engine = _engine(context)
    engine.delivered(update.update_id)
    scheduler = context.application.bot_data.get("scheduler")
    if scheduler is not None and engine.reminders_added != scheduler.seen_added:
        scheduler.seen_added = engine.reminders_added
        scheduler.wake()


async def _refused(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True when the gate turns this update away (answered with its line; nothing stored)."""
    gate: Gate = context.application.bot_data["gate"]
    chat = update.effective_chat
    said = gate.admit(update.effective_user.id, chat.type if chat else None)
    if said is None:
        return False
    log.info("update %s: not handled (%s)", update.update_id, _why(said))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(said[:190] or None)
        elif said and chat is not None:
            await _retrying(lambda: _call(context.bot, "sendMessage", chat_id=chat.id, text=said))
    except TelegramError as err:
        log.warning("update %s: could not say so (%s)", update.update_id, type(err).__name__)
    forget_update(_engine(context).store, update.update_id)  # nothing of it is kept
    return True


def _why(said: str) -> str:
    reasons = {texts.NOT_ALLOWED: "not in ALLOWED_USER_IDS", texts.PRIVATE_ONLY: "not private"}
    return reasons.get(said, "sending too fast")


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text or any other message: one engine input, replies sent."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or await _refused(update, context):
        return
    replies = _engine(context).handle(
        user.id, _input_of(message), update_id=update.update_id, first_name=user.first_name
    )
    await _deliver(update, context, replies)


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: edits are not read; say how to change an answer instead."""
    if update.effective_user is None or update.effective_chat is None:
        return
    if await _refused(update, context):
        return
    await _deliver(update, context, [Reply(texts.EDIT_NOT_READ)])


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: answered, its message shows the choice and loses its keyboard."""
    query = update.callback_query
    user = update.effective_user
    if await _refused(update, context):
        return
    replies = _engine(context).handle(
        user.id,
        Input("button", query.data or ""),
        update_id=update.update_id,
        first_name=user.first_name,
    )
    try:
        if not context.application.bot_data["outbox"].outage.down:  # no use once it is back
            await query.answer()
            await _mark_pressed(query, accepted=not any(r.refused for r in replies))
    except TelegramError as err:  # the replies matter more than the spinner or the edit
        log.warning(
            "update %s: could not settle the pressed button (%s)",
            update.update_id,
            type(err).__name__,
        )
    await _deliver(update, context, replies)
    if _engine(context).store.load_user(user.id) is None:  # erased (/delete): its update too
        forget_update(_engine(context).store, update.update_id)


async def _mark_pressed(query, accepted: bool) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    label = None
    if message.reply_markup:
        for row in message.reply_markup.inline_keyboard:
            for button in row:
                if button.callback_data == query.data:
                    label = button.text
    where = {"chat_id": message.chat.id, "message_id": message.message_id}
    try:
        if message.text and label and accepted:
            # an edit without a keyboard also takes the old keyboard away
            text = split_text(message.text)[0][:3900] + f"\n\n\u2192 {label}"
            await _call(query.get_bot(), "editMessageText", **where, text=text)
        else:
            await _call(query.get_bot(), "editMessageReplyMarkup", **where)
    except (BadRequest, Forbidden):
        pass


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log once, without personal text; tell the user their answers are safe."""
    update_id = getattr(update, "update_id", None)
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
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(update.effective_chat.id, SOMETHING_WRONG)
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
    scheduler = Scheduler(engine.store, sender, engine.clock, outbox=outbox)
    app.bot_data["scheduler"] = scheduler
    scheduler.start()
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
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edit))
    app.add_handler(MessageHandler(~filters.UpdateType.EDITED, on_message))
    app.add_error_handler(on_error)
    return app


async def _start(app: Application) -> Inbox:
    await app.initialize()
    await post_init(app)
    await app.start()
    engine: Engine = app.bot_data["engine"]
    inbox = Inbox(app, engine.store, app.bot_data["outbox"], engine.clock)
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
