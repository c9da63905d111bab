"""A lean HTTP path to the Bot API: python-telegram-bot's ``BaseRequest`` on aiohttp.

PTB's default ``HTTPXRequest`` (httpx, httpcore, h11, anyio) cost about 1.1 ms of CPU per
Bot API call on our machine, most of the bot's CPU per update; this class does the same
job on one aiohttp session for about half of that (``bench/``). PTB's ``BaseRequest`` still
does everything around the HTTP exchange: status codes become ``Forbidden``, ``BadRequest``,
``RetryAfter``, ... from the answer Telegram sent; this class only sends the request and
returns the status and the body, or raises ``TimedOut``/``NetworkError`` when there is none.

- Timeouts are PTB's: read, write, connect and pool, with the per-call overrides PTB passes
  (getUpdates adds its long-polling time to the read timeout). aiohttp has no write timeout
  of its own, so the write timeout bounds the whole exchange together with the others.
- JSON bodies for plain calls (what the Bot API documents), ``multipart/form-data`` when a
  file goes up (the calendar file), both with orjson; answers parsed with orjson too.
- No proxy: environment proxies are ignored (a local Bot API on 127.0.0.1 must not go
  through one). Who needs httpx's proxies sets ``TELEGRAM_HTTP=httpx``.
- Error messages name the kind of failure, never the URL (it holds the bot token).
"""

from __future__ import annotations

from typing import Any

import aiohttp
import orjson
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

_JSON = "application/json"
_DEFAULT = type(BaseRequest.DEFAULT_NONE)  # PTB's "not passed" marker class


def _pick(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, _DEFAULT) else value


class AiohttpRequest(BaseRequest):
    """``BaseRequest`` over one ``aiohttp.ClientSession``; defaults as ``HTTPXRequest``'s."""

    __slots__ = (
        "_pool_size",
        "_read",
        "_write",
        "_connect",
        "_pool",
        "_media_write",
        "_session",
        "_timeouts",
        "_headers",
        "_json_headers",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple, aiohttp.ClientTimeout] = {}
        self._headers = {"User-Agent": self.USER_AGENT}
        self._json_headers = {"User-Agent": self.USER_AGENT, "Content-Type": _JSON}

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0),
                trust_env=False,  # no proxy from the environment
                skip_auto_headers=("User-Agent",),
                auto_decompress=True,
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    def _timeout(self, read, write, connect, pool) -> aiohttp.ClientTimeout:
        key = (read, write, connect, pool)
        found = self._timeouts.get(key)
        if found is None:
            parts = (read, write, connect, pool)
            found = aiohttp.ClientTimeout(
                # aiohttp has no write timeout: the sum bounds the whole exchange
                total=None if None in parts else sum(parts),
                # waiting for a free connection, then connecting
                connect=None if pool is None or connect is None else pool + connect,
                sock_connect=connect,
                sock_read=read,
            )
            if len(self._timeouts) < 64:
                self._timeouts[key] = found
        return found

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError:
            # e.g. invalid UTF-8: PTB's own parser replaces it, or raises TelegramError
            return BaseRequest.parse_json_payload(payload)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        headers = self._headers
        data: Any = None
        files = None
        if request_data is not None and request_data.contains_files:
            files = request_data.multipart_data
        if files:
            data = aiohttp.FormData(quote_fields=False)
            for name, value in request_data.json_parameters.items():
                data.add_field(name, value)
            for name, part in files.items():
                filename, content, *rest = part
                data.add_field(
                    name,
                    content,
                    filename=filename,
                    content_type=rest[0] if rest else "application/octet-stream",
                )
        elif request_data is not None and request_data.parameters:
            data = orjson.dumps(request_data.parameters)
            headers = self._json_headers
        default_write = self._media_write if files else self._write
        timeout = self._timeout(
            _pick(read_timeout, self._read),
            _pick(write_timeout, default_write),
            _pick(connect_timeout, self._connect),
            _pick(pool_timeout, self._pool),
        )
        try:
            async with session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's own timeouts are TimeoutErrors too
            raise TimedOut(f"Timed out ({type(err).__name__})") from err
        except aiohttp.ClientConnectorError as err:
            reason = err.os_error.strerror if err.os_error and err.os_error.strerror else ""
            raise NetworkError(f"aiohttp.{type(err).__name__}: {reason}".rstrip(": ")) from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}") from err


class JsonParameters(RequestData):
    """A call's parameters, already plain JSON values (no files): sent as they are.

    ``RequestData`` proper wraps each parameter in a ``RequestParameter`` that converts
    python-telegram-bot objects; the bot's own calls hold none, so that work is skipped."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        super().__init__()
        self._values = {k: v for k, v in values.items() if v is not None}

    @property
    def parameters(self) -> dict[str, Any]:
        return self._values

    @property
    def json_parameters(self) -> dict[str, str]:  # what HTTPXRequest sends
        return {
            k: v if isinstance(v, str) else orjson.dumps(v).decode()
            for k, v in self._values.items()
        }


async def call_api(bot: Any, method: str, params: dict[str, Any]) -> Any:
    """One Bot API call with plain JSON parameters; the answer stays the dict Telegram sent.

    It goes straight to the bot's request object (``BaseRequest.post``: PTB's own mapping of
    Telegram's answers to ``Forbidden``, ``RetryAfter``, ... applies), past the layers of
    ``Bot.do_api_request`` (defaults, a warning per call, the rate limiter, one
    ``RequestParameter`` per parameter) that the bot's messages do not need: about a third
    of a call's CPU here (``bench/send_path.py``). A 429 is waited out by the callers.
    """
    return await bot.request.post(f"{bot.base_url}/{method}", request_data=JsonParameters(params))


def make_request(kind: str, *, polling: bool = False) -> BaseRequest:
    """The request object for ``TELEGRAM_HTTP``: ``aiohttp`` (default) or ``httpx``.

    ``polling``: the one for getUpdates (one connection is all it needs)."""
    size = 1 if polling else 256
    if kind == "httpx":
        return HTTPXRequest(connection_pool_size=size)
    return AiohttpRequest(connection_pool_size=size)
