"""A fake Telegram Bot API server for tests and benchmarks.

It speaks enough of the Bot API for a real python-telegram-bot ``Application`` to run against it
unchanged::

    async with FakeBotAPI() as api:
        app = (
            Application.builder()
            .token(api.token)
            .base_url(api.base_url)
            .base_file_url(api.base_file_url)
            .build()
        )
        ...
        api.user_text(42, "/start")
        call = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == 42)

For subprocess-based tests run it in its own thread and event loop::

    api = FakeBotAPI.run_in_thread()
    try:
        ...  # start the bot process with api.base_url / api.base_file_url
        api.user_text(42, "hi")
        api.wait_for_sync(lambda c: c.method == "sendMessage", timeout=5)
    finally:
        api.close()

Every request the bot makes is recorded as a :class:`Call` (failed ones too, with
``failed=True``). Updates are queued with the ``user_*`` builders and handed out by
``getUpdates`` (long polling, capped at ``poll_cap`` seconds). Errors and slow answers can be
injected with :meth:`FakeBotAPI.fail_next` and :meth:`FakeBotAPI.delay_next`.

Deliberate simplifications: every chat is the private chat of the user with the same id;
``offset`` in ``getUpdates`` confirms only updates that were already handed out (so an update
re-queued with an old ``update_id`` is delivered again, as Telegram does when a bot did not
confirm it); message ids are counted per chat, shared by the user's and the bot's messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["DEFAULT_TOKEN", "Call", "FakeBotAPI"]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
JSONDict = dict[str, Any]

#: methods whose successful calls count as "delivered text to the user"
DELIVERY_METHODS = frozenset({"sendMessage", "sendDocument", "editMessageText"})

# Form values arrive as strings; PTB JSON-encodes everything that is not a plain string.
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "media",
        "results",
        "message_ids",
    }
)
_STR_PARAMS = frozenset(
    {
        "text",
        "caption",
        "data",
        "callback_query_id",
        "inline_message_id",
        "url",
        "parse_mode",
        "action",
        "secret_token",
        "file_id",
        "document",
        "description",
        "short_description",
        "name",
        "title",
        "emoji",
        "query",
        "phone_number",
        "first_name",
        "last_name",
        "language_code",
        "message_effect_id",
        "business_connection_id",
        "ip_address",
    }
)
_INT_RE = re.compile(r"-?\d+\Z")
_FLOAT_RE = re.compile(r"-?\d+\.\d*\Z")

_PREFIXES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: bad request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
}
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _coerce(key: str, value: str) -> Any:
    if key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if key in _STR_PARAMS:
        return value
    if _INT_RE.match(value):
        return int(value)
    if value == "true" or value == "false":
        return value == "true"
    if _FLOAT_RE.match(value):
        return float(value)
    return value


def _chat_key(value: Any) -> int | str | None:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, str) and _INT_RE.match(value):
        return int(value)
    return str(value)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _error_body(status: int, description: str | None, retry_after: int | None = None) -> JSONDict:
    if description is None:
        if status == 429:
            description = f"Too Many Requests: retry after {retry_after or 1}"
        else:
            description = _DEFAULT_DESCRIPTIONS.get(status, _PREFIXES.get(status, "Error"))
    else:
        prefix = _PREFIXES.get(status)
        if prefix and not description.startswith(prefix):
            description = f"{prefix}: {description}"
    body: JSONDict = {"ok": False, "error_code": status, "description": description}
    if status == 429 or retry_after is not None:
        body["parameters"] = {"retry_after": retry_after or 1}
    return body


class ApiError(Exception):
    """Raised inside a method handler to answer with Telegram's error JSON."""

    def __init__(self, status: int, description: str | None = None, retry_after: int | None = None):
        self.body = _error_body(status, description, retry_after)
        self.status = status
        super().__init__(self.body["description"])


@dataclass(slots=True, eq=False)
class Call:
    """One request the bot made (``time`` is ``time.monotonic()`` when it was answered)."""

    method: str
    params: JSONDict
    chat_id: int | str | None = None
    text: str | None = None
    reply_markup: JSONDict | None = None
    document_name: str | None = None
    document_bytes: bytes | None = None
    time: float = 0.0
    failed: bool = False
    status: int = 200
    error: str | None = None  #: Telegram's ``description`` when the call failed
    message_id: int | None = None  #: id of the message sent/edited/deleted, if any
    result: Any = None
    index: int = -1  #: position in ``FakeBotAPI.calls``

    def buttons(self) -> list[tuple[str, str | None]]:
        """``(text, callback_data)`` of every inline button in ``reply_markup``."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [(b.get("text", ""), b.get("callback_data")) for row in rows for b in row]

    def short(self) -> str:
        bits = [self.method]
        if self.chat_id is not None:
            bits.append(f"chat={self.chat_id}")
        if self.text is not None:
            text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
            bits.append(repr(text))
        if self.document_name:
            bits.append(f"file={self.document_name!r}")
        if self.failed:
            bits.append(f"FAILED {self.status} {self.error!r}")
        return " ".join(bits)


@dataclass(slots=True)
class _Chat:
    first_name: str = "Ann"
    next_message_id: int = 1
    messages: dict[int, JSONDict] = field(default_factory=dict)  # the bot's live messages


@dataclass(slots=True)
class _Rule:
    chat_id: int | str | None
    times: int | None  # None: forever
    status: int = 0
    description: str | None = None
    retry_after: int | None = None
    seconds: float = 0.0


@dataclass(slots=True)
class _Queued:
    update: JSONDict
    delivered: bool = False

    @property
    def update_id(self) -> int:
        return self.update["update_id"]


def _wake(waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]) -> None:
    """Resolve futures that may belong to other threads' loops."""
    if not waiters:
        return
    try:
        current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        current = None
    for loop, fut in waiters:
        if loop is current:
            if not fut.done():
                fut.set_result(None)
        else:
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(_resolve, fut)


def _resolve(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


class FakeBotAPI:
    """A fake ``api.telegram.org`` on ``127.0.0.1``; see the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        poll_cap: float = 1.0,
        strict: bool = True,
        bot_first_name: str = "Coach",
        bot_username: str = "coach_test_bot",
    ) -> None:
        """``poll_cap`` caps the long-poll wait of getUpdates; ``strict`` makes edits/deletes of
        unknown messages and no-op edits fail with Telegram's 400 errors."""
        self.token = token
        self.host = host
        self.port = port
        self.poll_cap = poll_cap
        self.strict = strict
        prefix = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(prefix) if prefix.isdigit() else 123456,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.requests_served = 0

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._calls: list[Call] = []
        self._by_chat: dict[int | str, list[Call]] = {}
        self._counts: Counter[tuple[str, bool]] = Counter()
        self._chats: dict[int | str, _Chat] = {}
        self._queue: deque[_Queued] = deque()
        self._history: dict[int, JSONDict] = {}
        self._last_update_id = 0
        self._serial = 0  # callback query ids, file ids
        self._faults: dict[str, list[_Rule]] = {}
        self._delays: dict[str, list[_Rule]] = {}
        self._commands: dict[str, list[JSONDict]] = {}
        self._webhook_url = ""
        self._files: dict[str, bytes] = {}
        self._update_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._call_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._closing_event: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None

        self._handlers: dict[str, Callable[[JSONDict, dict[str, tuple[str, bytes]], Call], Any]]
        self._handlers = {
            "getme": lambda p, f, c: self._get_me(),
            "logout": lambda p, f, c: True,
            "close": lambda p, f, c: True,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "sendchataction": lambda p, f, c: True,
            "deletemessage": self._delete_message,
            "getfile": self._get_file,
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    async def start(self) -> FakeBotAPI:
        if self._runner is not None:
            raise RuntimeError("FakeBotAPI already started")
        self._loop = asyncio.get_running_loop()
        self._closing = False
        self._closing_event = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        """Wake pending long polls and delayed answers, then close the server."""
        runner = self._runner
        if runner is None:
            return
        with self._lock:
            self._closing = True
            waiters, self._update_waiters = self._update_waiters, []
        _wake(waiters)
        if self._closing_event is not None:
            self._closing_event.set()
        self._runner = None
        await runner.cleanup()
        self._loop = None

    async def go_down(self) -> None:
        """An outage: close the port (connections refused), keeping queued updates and calls."""
        await self.stop()

    async def come_back(self) -> None:
        """End the outage: listen on the same port again."""
        await self.start()

    def go_down_sync(self) -> None:
        """``go_down`` for a server started with :meth:`run_in_thread`."""
        asyncio.run_coroutine_threadsafe(self.go_down(), self._thread_loop).result(10)

    def come_back_sync(self) -> None:
        """``come_back`` for a server started with :meth:`run_in_thread`."""
        asyncio.run_coroutine_threadsafe(self.come_back(), self._thread_loop).result(10)

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @classmethod
    def run_in_thread(cls, *args: Any, **kwargs: Any) -> FakeBotAPI:
        """Create and start a server on its own event loop in a daemon thread; ``close()`` it."""
        api = cls(*args, **kwargs)
        loop = asyncio.new_event_loop()
        started = threading.Event()
        errors: list[BaseException] = []

        def main() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(api.start())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                errors.append(exc)
            started.set()
            try:
                if not errors:
                    loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        thread = threading.Thread(target=main, name=f"FakeBotAPI-{id(api):x}", daemon=True)
        thread.start()
        if not started.wait(10):
            raise RuntimeError("FakeBotAPI thread did not start")
        if errors:
            raise errors[0]
        api._thread, api._thread_loop = thread, loop
        return api

    def close(self, timeout: float = 5.0) -> None:
        """Stop a server started with :meth:`run_in_thread` and join its thread."""
        thread, loop = self._thread, self._thread_loop
        if thread is None or loop is None:
            raise RuntimeError("close() is for servers started with run_in_thread()")
        self._thread = self._thread_loop = None
        if not loop.is_closed():
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)

    def __enter__(self) -> FakeBotAPI:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ HTTP

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        self.requests_served += 1
        return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    async def _handle_file(self, request: web.Request) -> web.Response:
        self.requests_served += 1
        if request.match_info["token"] != self.token:
            return self._json(401, _error_body(401, None))
        path = request.match_info["path"]
        with self._lock:
            data = self._files.get(path.rsplit("/", 1)[-1])
        if data is None:
            return self._json(404, _error_body(404, None))
        return web.Response(body=data, content_type="application/octet-stream")

    async def _handle_api(self, request: web.Request) -> web.Response:
        self.requests_served += 1
        if request.match_info["token"] != self.token:
            return self._json(401, _error_body(401, None))
        method = request.match_info["method"]
        key = method.lower()
        params, files = await self._read_params(request)
        call = Call(method=method, params=params, chat_id=_chat_key(params.get("chat_id")))
        text = params.get("text", params.get("caption"))
        if isinstance(text, str):
            call.text = text
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            call.reply_markup = markup
        if key == "senddocument":
            doc = self._document_part(params, files)
            if doc is not None:
                call.document_name, call.document_bytes = doc

        delay = self._take(self._delays, key, call.chat_id)
        if delay is not None and delay.seconds > 0:
            await self._sleep(delay.seconds)
        fault = self._take(self._faults, key, call.chat_id)
        if fault is not None:
            err = ApiError(fault.status, fault.description, fault.retry_after)
            return self._fail(call, err)
        if key == "getupdates":
            result = await self._get_updates(params, request)
        else:
            handler = self._handlers.get(key)
            if handler is None:
                err = ApiError(404, "Not Found: method not found")
                return self._fail(call, err)
            try:
                with self._lock:
                    result = handler(params, files, call)
            except ApiError as err:
                return self._fail(call, err)
        call.result = result
        self._record(call)
        return self._json(200, {"ok": True, "result": result})

    @staticmethod
    def _json(status: int, body: JSONDict) -> web.Response:
        return web.Response(
            status=status,
            body=json.dumps(body, separators=(",", ":")).encode(),
            content_type="application/json",
        )

    def _fail(self, call: Call, err: ApiError) -> web.Response:
        call.failed, call.status, call.error = True, err.status, err.body["description"]
        self._record(call)
        return self._json(err.status, err.body)

    @staticmethod
    async def _read_params(
        request: web.Request,
    ) -> tuple[JSONDict, dict[str, tuple[str, bytes]]]:
        params: JSONDict = {k: _coerce(k, v) for k, v in request.query.items()}
        files: dict[str, tuple[str, bytes]] = {}
        if not request.can_read_body:
            return params, files
        ctype = request.content_type
        if ctype == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                for k, v in body.items():
                    params[k] = _coerce(k, v) if k in _JSON_PARAMS and isinstance(v, str) else v
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for k, v in form.items():
                if isinstance(v, web.FileField):
                    files[k] = (v.filename, v.file.read())
                elif isinstance(v, str):
                    params[k] = _coerce(k, v)
        return params, files

    @staticmethod
    def _document_part(
        params: JSONDict, files: dict[str, tuple[str, bytes]]
    ) -> tuple[str, bytes] | None:
        if "document" in files:
            return files["document"]
        ref = params.get("document")
        if isinstance(ref, str) and ref.startswith("attach://"):
            return files.get(ref[len("attach://") :])
        return None

    async def _sleep(self, seconds: float) -> None:
        event = self._closing_event
        if event is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)

    @staticmethod
    def _take(table: dict[str, list[_Rule]], key: str, chat_id: int | str | None) -> _Rule | None:
        rules = table.get(key)
        if not rules:
            return None
        for i, rule in enumerate(rules):
            if rule.chat_id is None or rule.chat_id == chat_id:
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        del rules[i]
                return rule
        return None

    def _record(self, call: Call) -> None:
        call.time = time.monotonic()
        with self._lock:
            call.index = len(self._calls)
            self._calls.append(call)
            if call.chat_id is not None:
                per_chat = self._by_chat.get(call.chat_id)
                if per_chat is None:
                    per_chat = self._by_chat[call.chat_id] = []
                per_chat.append(call)
            self._counts[(call.method, call.failed)] += 1
            waiters, self._call_waiters = self._call_waiters, []
            self._cond.notify_all()
        _wake(waiters)

    # ------------------------------------------------------------------ methods

    def _get_me(self) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _delete_webhook(self, params: JSONDict, files: Any, call: Call) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _set_webhook(self, params: JSONDict, files: Any, call: Call) -> bool:
        self._webhook_url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _get_webhook_info(self, params: JSONDict, files: Any, call: Call) -> JSONDict:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }

    @staticmethod
    def _scope_key(params: JSONDict) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True) + "|" + str(params.get("language_code") or "")

    def _set_my_commands(self, params: JSONDict, files: Any, call: Call) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: commands must be an array")
        self._commands[self._scope_key(params)] = commands
        return True

    def _get_my_commands(self, params: JSONDict, files: Any, call: Call) -> list[JSONDict]:
        return list(self._commands.get(self._scope_key(params), []))

    def _delete_my_commands(self, params: JSONDict, files: Any, call: Call) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _chat(self, chat_id: int | str) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat()
        return chat

    def _chat_dict(self, chat_id: int | str) -> JSONDict:
        return {"id": chat_id, "type": "private", "first_name": self._chat(chat_id).first_name}

    def _new_bot_message(self, chat_id: int | str, params: JSONDict, **content: Any) -> JSONDict:
        chat = self._chat(chat_id)
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: JSONDict = {
            "message_id": message_id,
            "from": dict(self.bot_user),
            "chat": self._chat_dict(chat_id),
            "date": int(time.time()),
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram only echoes inline keyboards
        chat.messages[message_id] = message
        return message

    @staticmethod
    def _require_chat(call: Call) -> int | str:
        if call.chat_id is None or call.chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        return call.chat_id

    def _send_message(self, params: JSONDict, files: Any, call: Call) -> JSONDict:
        chat_id = self._require_chat(call)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        message = self._new_bot_message(chat_id, params, text=text)
        call.message_id = message["message_id"]
        return dict(message)  # nested dicts are never mutated in place

    def _send_document(self, params: JSONDict, files: Any, call: Call) -> JSONDict:
        chat_id = self._require_chat(call)
        self._serial += 1
        if call.document_bytes is not None:
            file_id = f"doc-{self._serial}"
            self._files[file_id] = call.document_bytes
            document: JSONDict = {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": call.document_name or "document",
                "mime_type": "application/octet-stream",
                "file_size": len(call.document_bytes),
            }
        elif isinstance(params.get("document"), str) and params["document"]:
            file_id = params["document"]
            document = {"file_id": file_id, "file_unique_id": f"u{file_id}"}
        else:
            raise ApiError(400, "Bad Request: there is no document in the request")
        content: JSONDict = {"document": document}
        if isinstance(params.get("caption"), str):
            content["caption"] = params["caption"]
        message = self._new_bot_message(chat_id, params, **content)
        call.message_id = message["message_id"]
        return dict(message)  # nested dicts are never mutated in place

    def _target(self, params: JSONDict, call: Call, what: str) -> JSONDict | None:
        """The live message an edit/delete refers to, None for inline messages."""
        if params.get("inline_message_id") and call.chat_id is None:
            return None
        chat_id = self._require_chat(call)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        call.message_id = message_id
        message = self._chat(chat_id).messages.get(message_id)
        if message is None:
            if self.strict:
                raise ApiError(400, f"Bad Request: message to {what} not found")
            message = {
                "message_id": message_id,
                "from": dict(self.bot_user),
                "chat": self._chat_dict(chat_id),
                "date": int(time.time()),
            }
            self._chat(chat_id).messages[message_id] = message
        return message

    def _apply_edit(self, message: JSONDict, params: JSONDict, new: JSONDict) -> JSONDict:
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        else:
            new["reply_markup"] = None  # an edit without a keyboard removes it
        old = {key: message.get(key) for key in new}
        if self.strict and old == new:
            raise ApiError(400, f"Bad Request: {_NOT_MODIFIED}")
        for key, value in new.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        return dict(message)  # nested dicts are never mutated in place

    def _edit_message_text(self, params: JSONDict, files: Any, call: Call) -> JSONDict | bool:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        message = self._target(params, call, "edit")
        if message is None:
            return True
        return self._apply_edit(message, params, {"text": text})

    def _edit_message_reply_markup(
        self, params: JSONDict, files: Any, call: Call
    ) -> JSONDict | bool:
        message = self._target(params, call, "edit")
        if message is None:
            return True
        return self._apply_edit(message, params, {})

    def _answer_callback_query(self, params: JSONDict, files: Any, call: Call) -> bool:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query_id is empty")
        return True

    def _delete_message(self, params: JSONDict, files: Any, call: Call) -> bool:
        message = self._target(params, call, "delete")
        if message is not None:
            self._chat(message["chat"]["id"]).messages.pop(message["message_id"], None)
        return True

    def _get_file(self, params: JSONDict, files: Any, call: Call) -> JSONDict:
        file_id = str(params.get("file_id") or "")
        if not file_id:
            raise ApiError(400, "Bad Request: file_id is empty")
        data = self._files.setdefault(file_id, f"fake file {file_id}".encode())
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": f"files/{file_id}",
        }

    async def _get_updates(self, params: JSONDict, request: web.Request) -> list[JSONDict]:
        offset = params.get("offset")
        limit = params.get("limit")
        limit = min(max(limit, 1), 100) if isinstance(limit, int) else 100
        timeout = params.get("timeout")
        wait = min(max(float(timeout), 0.0), self.poll_cap) if timeout else 0.0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            with self._lock:
                self._confirm(offset)
                remaining = deadline - loop.time()
                if self._queue or self._closing or remaining <= 0:
                    transport = request.transport
                    if transport is None or transport.is_closing():
                        return []  # the client gave up: do not mark anything delivered
                    batch = []
                    for item in self._queue:
                        if len(batch) >= limit:
                            break
                        item.delivered = True
                        batch.append(item.update)
                    return batch
                fut: asyncio.Future[None] = loop.create_future()
                self._update_waiters.append((loop, fut))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(fut, remaining)

    def _confirm(self, offset: Any) -> None:
        if not isinstance(offset, int) or not self._queue:
            return
        if offset < 0:
            while len(self._queue) > -offset:
                self._queue.popleft()
            return
        if all(not (i.delivered and i.update_id < offset) for i in self._queue):
            return
        self._queue = deque(i for i in self._queue if not (i.delivered and i.update_id < offset))

    # ------------------------------------------------------------------ injecting

    def fail_next(
        self,
        method: str,
        *,
        status: int = 400,
        description: str | None = None,
        retry_after: int | None = None,
        chat_id: int | str | None = None,
        times: int | None = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (only for ``chat_id`` if given; forever
        if ``times`` is None) with Telegram's error JSON. ``description`` gets the usual
        ``"Bad Request: "``/``"Forbidden: "`` prefix; defaults: 403 "bot was blocked by the
        user", 429 "retry after N" with ``parameters.retry_after``."""
        if status == 429 and retry_after is None:
            retry_after = 1
        rule = _Rule(_chat_key(chat_id), times, status, description, retry_after)
        with self._lock:
            self._faults.setdefault(method.lower(), []).append(rule)

    def delay_next(
        self,
        method: str,
        seconds: float,
        *,
        chat_id: int | str | None = None,
        times: int | None = 1,
    ) -> None:
        """Wait ``seconds`` before handling the next ``times`` calls of ``method``. The call is
        still carried out afterwards (as Telegram does when the client timed out)."""
        rule = _Rule(_chat_key(chat_id), times, seconds=seconds)
        with self._lock:
            self._delays.setdefault(method.lower(), []).append(rule)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._delays.clear()

    # ------------------------------------------------------------------ updates

    def enqueue_raw(self, update: JSONDict) -> int:
        """Queue an update as is (a missing ``update_id`` is assigned). Re-queueing an update with
        an ``update_id`` that was already delivered delivers it again."""
        return self._enqueue(copy.deepcopy(update))

    def _enqueue(self, update: JSONDict) -> int:
        with self._lock:
            update_id = update.get("update_id")
            if not isinstance(update_id, int):
                self._last_update_id += 1
                update_id = update["update_id"] = self._last_update_id
            else:
                self._last_update_id = max(self._last_update_id, update_id)
            self._history[update_id] = update
            self._queue.append(_Queued(update))
            waiters, self._update_waiters = self._update_waiters, []
        _wake(waiters)
        return update_id

    def get_update(self, update_id: int) -> JSONDict:
        """A copy of an update queued earlier (e.g. to re-deliver it with enqueue_raw)."""
        with self._lock:
            return copy.deepcopy(self._history[update_id])

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._queue)

    def _user(self, user_id: int, first_name: str) -> JSONDict:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}

    def _user_message(self, user_id: int, first_name: str, content: JSONDict) -> int:
        with self._lock:
            chat = self._chat(user_id)
            chat.first_name = first_name
            message_id = chat.next_message_id
            chat.next_message_id += 1
            message = {
                "message_id": message_id,
                "from": self._user(user_id, first_name),
                "chat": self._chat_dict(user_id),
                "date": int(time.time()),
                **content,
            }
        return self._enqueue({"message": message})

    def user_text(self, user_id: int, text: str, first_name: str = "Ann") -> int:
        """Queue a private text message from the user; ``/commands`` get a bot_command entity."""
        content: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return self._user_message(user_id, first_name, content)

    def user_press(
        self, user_id: int, data: str, message_id: int | None = None, first_name: str = "Ann"
    ) -> int:
        """Queue a callback query pressing ``data`` on the bot's last message with an inline
        keyboard to that user (or on ``message_id``)."""
        with self._lock:
            chat = self._chat(user_id)
            if message_id is None:
                message = next(
                    (
                        m
                        for m in reversed(chat.messages.values())
                        if "inline_keyboard" in (m.get("reply_markup") or {})
                    ),
                    None,
                )
                if message is None:
                    raise LookupError(f"no bot message with an inline keyboard in chat {user_id}")
            else:
                message = chat.messages.get(message_id) or {
                    "message_id": message_id,
                    "from": dict(self.bot_user),
                    "chat": self._chat_dict(user_id),
                    "date": int(time.time()),
                    "text": "",
                }
            self._serial += 1
            query = {
                "id": f"cq{self._serial}",
                "from": self._user(user_id, first_name),
                "message": dict(message),
                "chat_instance": f"ci{user_id}",
                "data": data,
            }
        return self._enqueue({"callback_query": query})

    def user_media(self, user_id: int, kind: str, first_name: str = "Ann") -> int:
        """Queue a message with a photo, sticker, voice, document, location or contact."""
        with self._lock:
            self._serial += 1
            fid = f"{kind}-{self._serial}"
        content: JSONDict
        if kind == "photo":
            content = {
                "photo": [
                    {
                        "file_id": f"{fid}-s",
                        "file_unique_id": f"u{fid}-s",
                        "width": 90,
                        "height": 60,
                        "file_size": 1200,
                    },
                    {
                        "file_id": fid,
                        "file_unique_id": f"u{fid}",
                        "width": 800,
                        "height": 533,
                        "file_size": 48000,
                    },
                ]
            }
        elif kind == "sticker":
            content = {
                "sticker": {
                    "file_id": fid,
                    "file_unique_id": f"u{fid}",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": "\U0001f44d",
                    "file_size": 20000,
                }
            }
        elif kind == "voice":
            content = {
                "voice": {
                    "file_id": fid,
                    "file_unique_id": f"u{fid}",
                    "duration": 3,
                    "mime_type": "audio/ogg",
                    "file_size": 9000,
                }
            }
        elif kind == "document":
            content = {
                "document": {
                    "file_id": fid,
                    "file_unique_id": f"u{fid}",
                    "file_name": "notes.pdf",
                    "mime_type": "application/pdf",
                    "file_size": 30000,
                }
            }
        elif kind == "location":
            content = {"location": {"latitude": 52.520008, "longitude": 13.404954}}
        elif kind == "contact":
            return self.user_contact(user_id, first_name, "+15550100")
        else:
            raise ValueError(f"unknown media kind {kind!r}")
        return self._user_message(user_id, first_name, content)

    def user_contact(self, user_id: int, first_name: str, phone_number: str) -> int:
        """Queue the user sharing their own contact."""
        contact = {"phone_number": phone_number, "first_name": first_name, "user_id": user_id}
        return self._user_message(user_id, first_name, {"contact": contact})

    # ------------------------------------------------------------------ inspecting

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every recorded call, in order."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, chat_id: int | str) -> list[Call]:
        """Every recorded call (any method, failed too) for that chat."""
        with self._lock:
            return list(self._by_chat.get(_chat_key(chat_id), ()))

    def sent_to(self, chat_id: int | str) -> list[Call]:
        """Successful sendMessage/sendDocument/editMessageText calls to that user."""
        with self._lock:
            return [
                c
                for c in self._by_chat.get(_chat_key(chat_id), ())
                if not c.failed and c.method in DELIVERY_METHODS
            ]

    def messages(self, chat_id: int | str) -> list[str]:
        """Texts of the successful sendMessage calls to that user."""
        with self._lock:
            return [
                c.text or ""
                for c in self._by_chat.get(_chat_key(chat_id), ())
                if not c.failed and c.method == "sendMessage"
            ]

    def last_sent(self, chat_id: int | str) -> Call | None:
        sent = self.sent_to(chat_id)
        return sent[-1] if sent else None

    def bot_message(self, chat_id: int | str, message_id: int) -> JSONDict | None:
        """The bot's message as it currently stands (after edits), None if unknown/deleted."""
        with self._lock:
            chat = self._chats.get(_chat_key(chat_id))
            return copy.deepcopy(chat.messages.get(message_id)) if chat else None

    def count(self, method: str, *, failed: bool | None = False) -> int:
        """How many calls of ``method`` succeeded (``failed=True``: failed; None: both)."""
        with self._lock:
            if failed is None:
                return self._counts[(method, False)] + self._counts[(method, True)]
            return self._counts[(method, failed)]

    @property
    def commands(self) -> list[JSONDict]:
        """The commands last set for the default scope."""
        with self._lock:
            return list(self._commands.get(self._scope_key({}), []))

    def clear_calls(self) -> None:
        """Forget recorded calls (chats, queued updates and message ids are kept)."""
        with self._lock:
            self._calls.clear()
            self._by_chat.clear()
            self._counts.clear()

    def dump(self, last: int = 15) -> str:
        """The last ``last`` recorded calls (getUpdates left out), one per line."""
        with self._lock:
            recent: list[Call] = []
            for call in reversed(self._calls):
                if call.method != "getUpdates":
                    recent.append(call)
                    if len(recent) >= last:
                        break
        return "\n".join(f"  #{c.index} {c.short()}" for c in reversed(recent)) or "  (none)"

    async def wait_for(
        self, predicate: Callable[[Call], bool], timeout: float = 5.0, *, since: int = 0
    ) -> Call:
        """Wait until a recorded call (index >= ``since``) satisfies ``predicate``; return it.
        Works from any event loop."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        index = since
        while True:
            fut: asyncio.Future[None] = loop.create_future()
            with self._lock:
                new = self._calls[index:]
                index = max(index, len(self._calls))
                self._call_waiters.append((loop, fut))
            for call in new:
                if predicate(call):
                    return call
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_message(timeout))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(fut, remaining)

    def wait_for_sync(
        self, predicate: Callable[[Call], bool], timeout: float = 5.0, *, since: int = 0
    ) -> Call:
        """Blocking :meth:`wait_for` for other threads (not the server's loop thread)."""
        if self._thread is not None and threading.current_thread() is self._thread:
            raise RuntimeError("wait_for_sync() would block the server's own thread")
        deadline = time.monotonic() + timeout
        index = since
        while True:
            with self._cond:
                new = self._calls[index:]
                index = max(index, len(self._calls))
                if not new:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError(self._timeout_message(timeout))
                    self._cond.wait(remaining)
                    continue
            for call in new:
                if predicate(call):
                    return call

    def _timeout_message(self, timeout: float) -> str:
        return f"no matching Bot API call within {timeout}s; recent calls:\n{self.dump()}"
