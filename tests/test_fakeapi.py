"""The fake Bot API server works with the real python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakeapi import DEFAULT_TOKEN, Call, FakeBotAPI

USER = 4242
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


def build_app(api: FakeBotAPI, token: str = DEFAULT_TOKEN) -> Application:
    return (
        Application.builder()
        .token(token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )


@contextlib.asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@contextlib.asynccontextmanager
async def bare_bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(DEFAULT_TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        yield bot


def echo_app(api: FakeBotAPI, seen: list[Update] | None = None) -> Application:
    app = build_app(api)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if seen is not None:
            seen.append(update)
        assert update.message is not None
        if update.message.text:
            await update.message.reply_text(f"echo: {update.message.text}", reply_markup=KEYBOARD)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("noted")
        await query.edit_message_text(f"you pressed {query.data}")

    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


def is_send(chat_id: int, method: str = "sendMessage"):
    return lambda c: c.method == method and c.chat_id == chat_id and not c.failed


async def test_echo_and_button_press(api: FakeBotAPI) -> None:
    async with running(echo_app(api)):
        api.user_text(USER, "hello")
        sent = await api.wait_for(is_send(USER))
        assert sent.text == "echo: hello"
        assert sent.buttons() == [("Yes", "yes")]
        assert api.messages(USER) == ["echo: hello"]

        api.user_press(USER, "yes")
        edit = await api.wait_for(is_send(USER, "editMessageText"))
        answer = await api.wait_for(lambda c: c.method == "answerCallbackQuery")
        assert answer.params["text"] == "noted"
        assert edit.message_id == sent.message_id
        assert edit.text == "you pressed yes"
        current = api.bot_message(USER, sent.message_id)
        assert current is not None
        assert current["text"] == "you pressed yes" and "reply_markup" not in current

    methods = [c.method for c in api.calls]
    assert methods[0] == "getMe" and "deleteWebhook" in methods
    assert [c.method for c in api.sent_to(USER)] == ["sendMessage", "editMessageText"]
    # user message got id 1, the bot's reply id 2: ids are counted per chat
    assert sent.message_id == 2


async def test_wrong_token_raises_invalid_token(api: FakeBotAPI) -> None:
    app = build_app(api, token="999:WRONG")
    with pytest.raises(InvalidToken):
        await app.initialize()
    await app.bot.shutdown()
    assert api.calls == []  # rejected before reaching a method


async def test_retry_after_and_forbidden(api: FakeBotAPI, monkeypatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.fail_next("sendMessage", status=429, retry_after=7)
    api.fail_next("sendMessage", status=403, chat_id=USER)
    async with bare_bot(api) as bot:
        with pytest.raises(RetryAfter) as exc:
            await bot.send_message(USER + 1, "hi")
        assert exc.value.retry_after == dtm.timedelta(seconds=7)

        await bot.send_message(USER + 1, "hi again")  # the 403 only hits USER
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(USER, "hi")
        await bot.send_message(USER, "unblocked")

    assert api.count("sendMessage", failed=True) == 2
    assert api.count("sendMessage") == 2
    assert api.messages(USER) == ["unblocked"]
    failed = [c for c in api.calls_to(USER) if c.failed]
    assert failed[0].status == 403 and failed[0].text == "hi"


async def test_bad_request_edits_and_server_errors(api: FakeBotAPI) -> None:
    async with bare_bot(api) as bot:
        msg = await bot.send_message(USER, "one", reply_markup=KEYBOARD)
        assert msg.reply_markup == KEYBOARD and msg.from_user.username == "coach_test_bot"
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_text("one", USER, msg.message_id, reply_markup=KEYBOARD)
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await bot.edit_message_text("x", USER, 999)
        api.fail_next("sendMessage", status=400, description="chat not found")
        with pytest.raises(BadRequest, match="(?i)^chat not found$"):
            await bot.send_message(USER, "x")
        assert await bot.delete_message(USER, msg.message_id)
        assert api.bot_message(USER, msg.message_id) is None
        await bot.set_my_commands([("start", "Begin"), ("help", "Help")])
        assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
        assert api.commands == [
            {"command": "start", "description": "Begin"},
            {"command": "help", "description": "Help"},
        ]


async def test_redelivered_update_is_delivered_again(api: FakeBotAPI) -> None:
    seen: list[Update] = []
    async with running(echo_app(api, seen)):
        update_id = api.user_text(USER, "once")
        first = await api.wait_for(is_send(USER))
        assert api.enqueue_raw(api.get_update(update_id)) == update_id
        await api.wait_for(is_send(USER), since=first.index + 1)
        later = api.user_text(USER, "next")
        await api.wait_for(lambda c: c.method == "sendMessage" and c.text == "echo: next")
    assert [u.update_id for u in seen] == [update_id, update_id, later]
    assert later > update_id
    assert api.messages(USER) == ["echo: once", "echo: once", "echo: next"]


async def test_send_document_records_name_and_bytes(api: FakeBotAPI) -> None:
    payload = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" + bytes(range(256))
    async with bare_bot(api) as bot:
        msg = await bot.send_document(
            USER, document=io.BytesIO(payload), filename="invite.ics", caption="see you"
        )
        assert msg.document is not None and msg.document.file_name == "invite.ics"
        assert msg.caption == "see you"
        downloaded = await (await bot.get_file(msg.document.file_id)).download_as_bytearray()
    call = await api.wait_for(is_send(USER, "sendDocument"))
    assert call.document_name == "invite.ics"
    assert call.document_bytes == payload
    assert call.text == "see you"
    assert bytes(downloaded) == payload
    assert api.sent_to(USER) == [call]


async def test_media_updates_are_parsed_by_ptb(api: FakeBotAPI) -> None:
    seen: list[Update] = []
    async with running(echo_app(api, seen)):
        for kind in ("photo", "sticker", "voice", "document", "location"):
            api.user_media(USER, kind)
        api.user_contact(USER, "Bea", "+4930123456")
        api.user_text(USER, "/start deep")
        await api.wait_for(lambda c: c.method == "sendMessage" and c.text == "echo: /start deep")
    messages = [u.message for u in seen]
    assert all(m is not None for m in messages)
    assert messages[0].photo[-1].width == 800
    assert messages[1].sticker.emoji
    assert messages[2].voice.mime_type == "audio/ogg"
    assert messages[3].document.file_name == "notes.pdf"
    assert messages[4].location.latitude == pytest.approx(52.520008)
    assert messages[5].contact.phone_number == "+4930123456"
    assert messages[6].text == "/start deep"
    assert filters.COMMAND.check_update(seen[6])


async def test_long_poll_returns_early_and_honours_offset() -> None:
    async with FakeBotAPI(poll_cap=0.4) as api, bare_bot(api) as bot:
        started = time.monotonic()
        assert await bot.get_updates(timeout=5) == ()
        assert 0.3 < time.monotonic() - started < 1.5  # capped wait

        asyncio.get_running_loop().call_later(0.1, api.user_text, USER, "wake up")
        started = time.monotonic()
        updates = await bot.get_updates(timeout=5)
        assert time.monotonic() - started < 0.35
        assert [u.message.text for u in updates] == ["wake up"]

        second = api.user_text(USER, "b")
        third = api.user_text(USER, "c")
        again = await bot.get_updates(limit=2)  # not confirmed yet: delivered again
        assert [u.update_id for u in again] == [updates[0].update_id, second]
        rest = await bot.get_updates(offset=second + 1)
        assert [u.update_id for u in rest] == [third]
        await bot.get_updates(offset=third + 1)
        assert api.pending_updates() == 0


async def test_delay_causes_timeout_and_stop_is_prompt(api: FakeBotAPI) -> None:
    api.delay_next("sendMessage", 0.6)
    async with bare_bot(api) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "slow", read_timeout=0.15)
        call = await api.wait_for(is_send(USER), timeout=2)  # Telegram still sent it
        assert call.text == "slow"
        # a pending long poll is woken by stop()
        poll = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=5))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        await api.stop()
        assert await poll == ()
        assert time.monotonic() - started < 1.0


def _post(url: str, data: bytes | None = None, ctype: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=data)
    if ctype:
        request.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_threaded_server_with_plain_http() -> None:
    with FakeBotAPI.run_in_thread(token="777:ABC", poll_cap=0.2) as api:
        base = f"{api.base_url}777:ABC"
        status, body = _post(f"{api.base_url}1:nope/getMe")
        assert (status, body) == (
            401,
            {"ok": False, "error_code": 401, "description": "Unauthorized"},
        )
        status, body = _post(f"{base}/getMe")  # GET
        assert status == 200 and body["result"]["id"] == 777 and body["result"]["is_bot"]
        status, body = _post(f"{base}/frobnicate", b"{}", "application/json")
        assert status == 404 and body["description"] == "Not Found: method not found"

        form = urllib.parse.urlencode({"chat_id": 5, "text": "007"}).encode()
        status, body = _post(f"{base}/sendMessage", form, "application/x-www-form-urlencoded")
        assert status == 200 and body["result"]["text"] == "007"
        markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
        data = json.dumps({"chat_id": 5, "text": "pick", "reply_markup": markup}).encode()
        status, body = _post(f"{base}/sendMessage", data, "application/json")
        assert body["result"]["reply_markup"] == markup and body["result"]["message_id"] == 2

        first = api.user_text(5, "hi")
        api.user_press(5, "a")
        status, body = _post(f"{base}/getUpdates?timeout=1")
        updates = body["result"]
        assert [u["update_id"] for u in updates] == [first, first + 1]
        assert updates[1]["callback_query"]["message"]["message_id"] == 2
        assert updates[1]["callback_query"]["data"] == "a"

        found = api.wait_for_sync(lambda c: c.text == "pick", timeout=1)
        assert isinstance(found, Call) and found.reply_markup == markup
        with pytest.raises(TimeoutError, match="recent calls"):
            api.wait_for_sync(lambda c: c.text == "never", timeout=0.1)
        assert api.requests_served == 6


async def test_threaded_server_with_async_waiters() -> None:
    with FakeBotAPI.run_in_thread() as api:
        with pytest.raises(LookupError):
            api.user_press(USER, "yes")  # nothing to press yet
        async with bare_bot(api) as bot:
            waiter = asyncio.create_task(api.wait_for(is_send(USER), timeout=2))
            await asyncio.sleep(0.05)
            await bot.send_message(USER, "across threads", reply_markup=KEYBOARD)
            assert (await waiter).text == "across threads"
        api.user_press(USER, "yes")
        assert api.pending_updates() == 1
