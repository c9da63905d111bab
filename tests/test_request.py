"""The aiohttp request path (bot/request.py) through python-telegram-bot's real Bot and
Application, against the fake Bot API on 127.0.0.1.

What the bot relies on: messages with keyboards, edits, callback answers and the calendar
file arrive as sent; Telegram's errors come back as PTB's exceptions (429 with its wait,
403, 400, 5xx, a rejected token); a slow answer times out as ``TimedOut`` unless the call
asked for longer (long polling does); a refused connection is a ``NetworkError`` that does
not show the token; proxies in the environment are not used; ``TELEGRAM_HTTP=httpx`` brings
back python-telegram-bot's default request class. Refused connections for a whole 60 s, and
the bot coming back from them on this class, are in tests/test_inbox_outbox.py (the outage).
"""

from __future__ import annotations

import socket
import time

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.request import AiohttpRequest
from tests.fakeapi import FakeBotAPI
from tests.scripted import Handled
from tests.tg_helpers import running_bot, settings_for

ANN = 601


def make_bot(api: FakeBotAPI, token: str | None = None, **timeouts) -> Bot:
    return Bot(
        token or api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=AiohttpRequest(**timeouts),
        get_updates_request=AiohttpRequest(connection_pool_size=1, **timeouts),
    )


@pytest.fixture
async def api():
    async with FakeBotAPI(poll_cap=2.0) as fake:
        yield fake


@pytest.fixture
async def bot(api):
    async with make_bot(api, read_timeout=0.5) as b:
        yield b


async def test_sends_edits_and_answers_arrive_as_sent(api, bot):
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Yes, I have \u2705", callback_data="p|x|y")]]
    )
    text = "Caf\u00e9 \U0001f600 \u201cquoted\u201d & <b>not html</b>\n\nsecond line"
    sent = await bot.send_message(ANN, text, reply_markup=markup)
    assert sent.text == text and sent.chat.id == ANN
    call = api.last_sent(ANN)
    assert call.text == text
    assert call.buttons() == [("Yes, I have \u2705", "p|x|y")]

    await bot.edit_message_text("Edited \u2192 Yes", chat_id=ANN, message_id=sent.message_id)
    assert api.bot_message(ANN, sent.message_id)["text"] == "Edited \u2192 Yes"
    assert "reply_markup" not in api.bot_message(ANN, sent.message_id)

    api.user_text(ANN, "hello")  # a real update to answer a callback of
    uid = api.user_press(ANN, "p|x|y", message_id=sent.message_id)
    updates = await bot.get_updates(timeout=0)
    query = next(u.callback_query for u in updates if u.update_id == uid)
    assert await bot.answer_callback_query(query.id) is True
    assert api.count("answerCallbackQuery") == 1


async def test_calendar_file_goes_up_as_multipart(api, bot):
    content = b"BEGIN:VCALENDAR\r\nSUMMARY:Caf\xc3\xa9 with Maria\r\nEND:VCALENDAR\r\n"
    msg = await bot.send_document(
        ANN, document=content, filename="meeting.ics", caption="Add it to your calendar \U0001f4c5"
    )
    assert msg.document is not None
    call = api.last_sent(ANN)
    assert (call.document_name, call.document_bytes) == ("meeting.ics", content)
    assert call.text == "Add it to your calendar \U0001f4c5"


@pytest.mark.parametrize(
    ("status", "raised"),
    [(403, Forbidden), (400, BadRequest), (500, NetworkError), (502, NetworkError)],
)
async def test_telegram_errors_become_ptb_exceptions(api, bot, status, raised):
    api.fail_next("sendMessage", status=status, description="nope")
    with pytest.raises(raised) as info:
        await bot.send_message(ANN, "hi")
    if status < 500:
        assert "nope" in str(info.value).lower()  # Telegram's own description
    assert (await bot.send_message(ANN, "again")).text == "again"  # the session goes on


async def test_429_carries_telegrams_wait(api, bot):
    api.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(ANN, "hi")
    assert info.value.retry_after.total_seconds() == 7


async def test_rejected_token_is_invalid_token(api):
    bot = make_bot(api, token="123:wrong-token-value")
    with pytest.raises(InvalidToken):
        await bot.initialize()
    await bot.shutdown()


async def test_slow_answer_times_out_unless_the_call_asks_for_longer(api, bot):
    api.delay_next("sendMessage", 1.5)
    t0 = time.monotonic()
    with pytest.raises(TimedOut):
        await bot.send_message(ANN, "slow")
    assert time.monotonic() - t0 < 1.4  # the 0.5 s read timeout, not the 1.5 s delay
    api.delay_next("sendMessage", 0.8)
    assert (await bot.send_message(ANN, "patient", read_timeout=3)).text == "patient"


async def test_long_polling_waits_beyond_the_read_timeout(api, bot):
    """getUpdates asks for its long-poll time on top of the read timeout (0.5 s here)."""
    t0 = time.monotonic()
    assert await bot.get_updates(timeout=1.5) == ()
    assert 1.3 < time.monotonic() - t0 < 3
    api.user_text(ANN, "late")
    (update,) = await bot.get_updates(timeout=1.5)
    assert update.message.text == "late"


async def test_refused_connection_is_a_network_error_without_the_token(api):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    secret = "424242:refused-token-secret"
    bot = Bot(
        secret,
        base_url=f"http://127.0.0.1:{port}/bot",
        request=AiohttpRequest(connect_timeout=1),
        get_updates_request=AiohttpRequest(connection_pool_size=1, connect_timeout=1),
    )
    await bot.request.initialize()
    try:
        with pytest.raises(NetworkError) as info:
            await bot.send_message(ANN, "hi")
        assert not isinstance(info.value, TimedOut)
        assert "refused-token-secret" not in repr(info.value)
        assert "refused-token-secret" not in str(info.value.__cause__ or "")
    finally:
        await bot.request.shutdown()


async def test_environment_proxies_are_not_used(api, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with make_bot(api) as bot:
        assert (await bot.send_message(ANN, "direct")).text == "direct"


@pytest.mark.parametrize("kind", ["aiohttp", "httpx"])
async def test_the_coach_answers_on_either_request_class(tmp_path, kind, monkeypatch):
    monkeypatch.setenv("TELEGRAM_HTTP", kind)
    async with FakeBotAPI(poll_cap=0.2) as api:
        db = str(tmp_path / "coach.db")
        settings = settings_for(api, db)
        assert settings.telegram_http == kind
        async with running_bot(api, db) as app:
            expected = AiohttpRequest if kind == "aiohttp" else HTTPXRequest
            assert type(app.bot.request) is expected
            assert type(app.bot._request[0]) is expected  # noqa: SLF001 - the polling one
            handled = Handled(app)
            await handled.wait(api.user_text(ANN, "/start"))
            await handled.wait(api.user_press(ANN, "p|welcome|go"))
        answered = api.count("answerCallbackQuery")
        edits = [c for c in api.calls_to(ANN) if c.method == "editMessageText"]
        assert answered == 1 and len(edits) == 1
        assert edits[0].text.endswith("\u2192 Let's start")
        assert "Step 2 of 8" in api.messages(ANN)[-1]


def test_unknown_http_kind_is_refused(monkeypatch):
    monkeypatch.setenv("TELEGRAM_HTTP", "requests")
    with pytest.raises(ValueError, match="telegram_http"):
        Settings(_env_file=None)
