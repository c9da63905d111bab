"""Command line: ``python -m bot console`` (terminal chat), ``python -m bot run`` (Telegram),
``python -m bot export --user ID`` and ``python -m bot stats`` (for operators)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
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
    exp = sub.add_parser("export", help="write one user's data: a JSON file and a summary")
    exp.add_argument("--user", type=int, required=True, help="the user's Telegram id")
    exp.add_argument("--db", help="SQLite file (default: DATABASE_PATH or data/coach.db)")
    exp.add_argument("--out", default=".", help="folder for the two files (default: here)")
    stats = sub.add_parser("stats", help="counts for operators, no personal text")
    stats.add_argument("--db", help="SQLite file (default: DATABASE_PATH or data/coach.db)")
    stats.add_argument("--json", action="store_true", help="print JSON, for scripts")
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
    allowed = settings.allowed_ids
    if command == "console" and allowed is not None and getattr(args, "user", 1) not in allowed:
        from bot.texts import NOT_ALLOWED

        print(NOT_ALLOWED)  # and nothing is opened or written
        return 1
    if command in ("export", "stats") and not os.path.isfile(db_path):
        return fail(f"there is no database at {db_path}.")
    try:
        store = Store(db_path, settings.database_sync)
    except StorageError as err:
        return fail(str(err))
    if command in ("export", "stats"):
        return _operator(args, store)
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


def _operator(args: argparse.Namespace, store: Store) -> int:
    """``export`` or ``stats``: read the database, print or write, change nothing."""
    from pathlib import Path

    from bot import operators
    from bot.clock import Clock
    from flows import REGISTRY

    now = Clock().now()
    try:
        if args.command == "stats":
            found = operators.stats(store, REGISTRY, now)
            print(operators.stats_json(found) if args.json else operators.stats_text(found))
            return 0
        paths = operators.export_files(store, REGISTRY, args.user, Path(args.out), now)
    except OSError as err:
        return fail(f"cannot write the files: {err.strerror}.")
    finally:
        store.close()
    if paths is None:
        return fail(f"nothing is stored about user {args.user} in {store.path}.")
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
