"""The baseline: a bare python-telegram-bot echo bot (Application, long polling, one handler).

``python -m bench.echo_bot --base-url URL --file-url URL --token T``

Nothing but the library's defaults: no rate limiter, no persistence, no job queue use,
``concurrent_updates`` off, one ``MessageHandler`` that sends each text back. Stopped by
SIGTERM/SIGINT (``run_polling`` handles them).
"""

from __future__ import annotations

import argparse
import cProfile

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    await update.message.reply_text(update.message.text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--file-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--profile", help="write cProfile stats of the polling run here")
    args = parser.parse_args()
    app = (
        Application.builder()
        .token(args.token)
        .base_url(args.base_url)
        .base_file_url(args.file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(app.run_polling, allowed_updates=Update.ALL_TYPES)
        profiler.dump_stats(args.profile)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
