"""Run the real bot against the fake Bot API: in this process, or as a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings
from bot.storage import Store
from bot.telegram_app import build_application, start_polling, stop_polling
from flows.spec import Registry
from tests.fakeapi import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent


def settings_for(
    api: FakeBotAPI, db_path: str, token: str | None = None, **extra: object
) -> Settings:
    """Settings pointing the bot at the fake server. Scripted chats type faster than any
    person, so the per-user slow-down is off unless ``extra`` sets ``messages_per_second``."""
    values: dict[str, object] = {"messages_per_second": 0} | extra
    return Settings(
        telegram_bot_token=token or api.token,
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
        database_path=db_path,
        _env_file=None,
        **values,
    )


@asynccontextmanager
async def running_bot(
    api: FakeBotAPI,
    db_path: str,
    clock: Clock | None = None,
    registry: Registry | None = None,
    **settings: object,
):
    """The real Application polling the fake server in this event loop; yields it
    (``settings``: more Settings fields, e.g. ``allowed_user_ids``)."""
    store = Store(db_path)
    app = build_application(settings_for(api, db_path, **settings), store, clock, registry)
    await start_polling(app, poll_timeout=1)
    try:
        yield app
    finally:
        await stop_polling(app)
        store.close()


def bot_env(api: FakeBotAPI, db_path: str, **extra: str) -> dict[str, str]:
    """Environment for ``python -m bot run`` against the fake server."""
    skip = ("TELEGRAM_", "WEBHOOK_", "ALLOWED_", "MESSAGES_PER_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_BASE_URL=api.base_url,
        TELEGRAM_BASE_FILE_URL=api.base_file_url,
        DATABASE_PATH=db_path,
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
        MESSAGES_PER_SECOND="0",  # scripted chats type faster than any person
    )
    env.update(extra)
    return env


class BotProcess:
    """``python -m bot run`` as a child process, killable at any moment."""

    def __init__(self, env: dict[str, str], log_path: Path, cwd: Path | None = None) -> None:
        self.env = env
        self.log_path = log_path
        self.cwd = cwd or ROOT
        self.proc: subprocess.Popen | None = None

    def start(self) -> BotProcess:
        """Start the bot; its output is appended to the log file."""
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up, like pulling the plug."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        """SIGTERM and wait."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        """Everything the bot printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")
