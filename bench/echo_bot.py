"""The baseline: a bare python-telegram-bot echo bot (Application, long polling, one handler).

``python -m bench.echo_bot --base-url URL --file-url URL --token T``

Nothing but the library's defaults (``HTTPXRequest``, stdlib JSON): no rate limiter, no
persistence, no job queue use, ``concurrent_updates`` off. It answers every update: a text
is sent back; a button press is answered (``answerCallbackQuery``) and its data sent back in
one message. Stopped by SIGTERM/SIGINT (``run_polling`` handles them).
"""

from __future__ import annotations

import argparse
import cProfile
import time

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    await update.message.reply_text(update.message.text)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press, send its data back."""
    query = update.callback_query
    await query.answer()
    await context.bot.send_message(query.from_user.id, query.data or "pressed")


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
    app.add_handler(CallbackQueryHandler(pressed))
    if args.profile:
        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
        profiler.runcall(app.run_polling, allowed_updates=Update.ALL_TYPES)
        profiler.dump_stats(args.profile)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
