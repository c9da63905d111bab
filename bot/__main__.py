"""Command line: ``python -m bot console`` (terminal chat) or ``python -m bot run`` (Telegram)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import Settings
from bot.storage import StorageError, Store


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    console = sub.add_parser("console", help="chat in the terminal (no token needed)")
    console.add_argument("--db", help="SQLite file (default: DATABASE_PATH or data/coach.db)")
    console.add_argument("--user", type=int, default=1, help="user id to chat as (default 1)")
    run = sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    run.add_argument("--db", help="SQLite file (default: DATABASE_PATH or data/coach.db)")
    return parser.parse_args(argv)


def fail(message: str) -> int:
    """One clear line on stderr and a non-zero exit."""
    print(f"Error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Wire settings, storage and a front end, then run."""
    args = parse_args(argv)
    try:
        settings = Settings()
    except Exception as err:  # a malformed .env or value: say which, without a traceback
        return fail(f"bad configuration: {str(err).splitlines()[0]}")
    command = args.command or ("run" if settings.token else "console")
    if args.command is None and command == "console":
        print("No TELEGRAM_BOT_TOKEN set: starting the terminal chat.", file=sys.stderr)
    db_path = getattr(args, "db", None) or settings.database_path
    if command == "run" and not settings.token:
        return fail("TELEGRAM_BOT_TOKEN is not set. Put it in the environment or in .env.")
    try:
        store = Store(db_path, settings.database_sync)
    except StorageError as err:
        return fail(str(err))
    if command == "console":
        from bot.console import run_console
        from bot.engine import Engine

        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        try:
            engine = Engine(store, seed=settings.practice_seed)
            return asyncio.run(run_console(engine, getattr(args, "user", 1)))
        except KeyboardInterrupt:
            return 0
    from bot.telegram_app import run_telegram

    return run_telegram(settings, store)


if __name__ == "__main__":
    sys.exit(main())
