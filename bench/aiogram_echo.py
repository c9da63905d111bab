"""The second baseline: a bare aiogram 3 echo bot (long polling, updates handled in order).

``python -m bench.aiogram_echo --base-url URL --file-url URL --token T``

Needs the ``bench`` extra (``pip install -e ".[bench]"``). aiogram's defaults (its aiohttp
session), ``handle_as_tasks=False`` so updates are handled one at a time, like the coach.
It answers every update: a text is sent back; a button press is answered
(``answerCallbackQuery``) and its data sent back in one message. Stopped by SIGTERM/SIGINT
(aiogram's polling handles them).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import time

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message

dp = Dispatcher()


@dp.message()
async def echo(message: Message) -> None:
    """Send the text back."""
    await message.answer(message.text or "ok")


@dp.callback_query()
async def pressed(query: CallbackQuery) -> None:
    """Answer the press, send its data back."""
    await query.answer()
    await query.bot.send_message(query.from_user.id, query.data or "pressed")


async def run(args: argparse.Namespace) -> None:
    # The fake's base URL ends in /bot, as PTB wants it; aiogram wants the full pattern.
    server = TelegramAPIServer(
        base=f"{args.base_url}{{token}}/{{method}}",
        file=f"{args.file_url}{{token}}/{{path}}",
    )
    bot = Bot(args.token, session=AiohttpSession(api=server))
    await dp.start_polling(
        bot,
        handle_as_tasks=False,
        polling_timeout=10,
        allowed_updates=["message", "callback_query"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--file-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--profile", help="write cProfile stats of the polling run here")
    args = parser.parse_args()
    if args.profile:
        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
        profiler.runcall(asyncio.run, run(args))
        profiler.dump_stats(args.profile)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
