"""The coach bot under test: the real Application from ``bot.telegram_app``, long polling.

``python -m bench.bot_runner --base-url URL --file-url URL --token T --db PATH [--profile OUT]
[--no-rate-limiter] [--what-if quiet-transitions,sync-normal]``

Built with ``build_application`` and started with ``start_polling`` (as the tests do), against
the fake Bot API of the benchmark; stops cleanly on SIGTERM/SIGINT. With ``--profile`` the
whole polling phase (not the imports) runs under cProfile and the stats are dumped at exit.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.logs import setup_logging  # noqa: E402
from bot.storage import Store  # noqa: E402
from bot.telegram_app import build_application, start_polling, stop_polling  # noqa: E402


def apply_what_if(tweaks: set[str]) -> None:
    """Bench-only stand-ins that take one part's cost away, to size it in situ."""
    from bot import telegram_app
    from bot.engine import Engine
    from bot.replies import Reply
    from bot.scheduler import Scheduler

    if "no-keyboards" in tweaks:  # replies without inline keyboards (texts unchanged)
        telegram_app.keyboard = lambda choices: None
    if "no-edit" in tweaks:  # a pressed button's message is left as it is

        async def _no_mark(*args, **kwargs) -> None:
            return None

        telegram_app._mark_pressed = _no_mark
    if "no-wake" in tweaks:  # the reminder timer is not woken after every delivered update
        Scheduler.wake = lambda self: None
    if "stub-engine" in tweaks:  # no engine, no database: one plain reply per input
        Engine.handle = lambda self, user_id, inp, **kw: [Reply(inp.text or "ok")]


async def run(args: argparse.Namespace) -> None:
    settings = Settings(
        telegram_bot_token=args.token,
        telegram_base_url=args.base_url,
        telegram_base_file_url=args.file_url,
        database_path=args.db,
        log_level=args.log_level,
        # The load sends each simulated user's updates in bursts no person could type: the
        # per-user slow-down (MESSAGES_PER_SECOND) would drop them, so it is off here.
        messages_per_second=0,
        _env_file=None,
    )
    setup_logging(settings.log_level, settings.token)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    store = Store(settings.database_path)
    tweaks = set(filter(None, (args.what_if or "").split(",")))
    if "quiet-transitions" in tweaks:
        # transitions logs two INFO lines per state change; the bot's root logger is at INFO
        logging.getLogger("transitions").setLevel(logging.WARNING)
    if "big-cache" in tweaks:
        # a 32 MB page cache instead of SQLite's default 2 MB
        store.conn.execute("PRAGMA cache_size=-32000")
    if "sync-normal" in tweaks:
        # WAL with synchronous=NORMAL: no fsync per commit (durable across a process crash)
        store.conn.execute("PRAGMA synchronous=NORMAL")
    apply_what_if(tweaks)
    app = build_application(settings, store)
    if args.no_rate_limiter:
        # Bench only: what the bot itself can process, with no rate limiter in the path
        # (AIORateLimiter's default overall limit, 30 requests/s, would cap the run).
        app.bot._rate_limiter = None
    if profiler:
        profiler.enable()
    await start_polling(app, poll_timeout=10)
    print("bench: polling", flush=True)
    await stop.wait()
    await stop_polling(app)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--file-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--profile", help="write cProfile stats of the polling phase here")
    parser.add_argument(
        "--what-if",
        help="bench-only changes, comma-separated, to size a suggestion: quiet-transitions,"
        " sync-normal, big-cache, no-keyboards, no-edit, no-wake, stub-engine",
    )
    parser.add_argument(
        "--no-rate-limiter",
        action="store_true",
        help="take the rate limiter out, to measure processing capacity",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
