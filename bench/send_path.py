"""Is the supported sending path as cheap as the private one it replaced?

    .venv/bin/python -m bench.send_path            # 3 rounds x 600 calls each way
    .venv/bin/python -m bench.send_path --quick    # 1 round x 200

The bot used to send through python-telegram-bot's private ``Bot._post`` (keeping
Telegram's answer as a dict, to skip building a ``Message`` it never reads); it now calls the
supported ``Bot.do_api_request`` (no return type: the answer stays a dict). This measures
the CPU of this process per sendMessage (with a one-button keyboard, as the bot sends
them) and per editMessageText three ways: ``do_api_request``, the public
``Bot.send_message`` / ``edit_message_text`` (they build a ``Message``) and ``_post``; on the
aiohttp request class (``bot/request.py``), against the fake Bot API in its own process.
Rounds rotate the order; ratios to ``_post`` are per round, then the median.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from bench.common import FakeProcess, machine, median, print_table, write_json


async def measure(fake: FakeProcess, calls: int, rounds: int) -> dict:
    import warnings

    from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.warnings import PTBUserWarning

    from bot.request import AiohttpRequest

    warnings.filterwarnings("ignore", category=PTBUserWarning)  # do_api_request's hint
    bot = Bot(
        fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    )
    text = "Step 3 of 8 \u00b7 Career goal\n\n" + "Which work are you curious about? " * 4
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Keep: UX research", callback_data="p|career_goal|__keep__")]]
    )
    chat = 4242

    async def public_send() -> int:
        return (await bot.send_message(chat, text, reply_markup=markup)).message_id

    async def private_send() -> int:
        sent = await bot._post(  # noqa: SLF001 - the old path, measured
            "sendMessage", {"chat_id": chat, "text": text, "reply_markup": markup}
        )
        return sent["message_id"]

    async def public_edit(mid: int) -> None:
        await bot.edit_message_text(text + "\n\n\u2192 Keep", chat_id=chat, message_id=mid)

    async def private_edit(mid: int) -> None:
        await bot._post(  # noqa: SLF001 - the old path, measured
            "editMessageText", {"chat_id": chat, "message_id": mid, "text": text + " \u2192"}
        )

    async def api_send() -> int:
        sent = await bot.do_api_request(
            "sendMessage", api_kwargs={"chat_id": chat, "text": text, "reply_markup": markup}
        )
        return sent["message_id"]

    async def api_edit(mid: int) -> None:
        await bot.do_api_request(
            "editMessageText",
            api_kwargs={"chat_id": chat, "message_id": mid, "text": text + " \u2192"},
        )

    ways = {
        "do_api_request": (api_send, api_edit),
        "public": (public_send, public_edit),
        "private _post": (private_send, private_edit),
    }
    out: dict[str, list[float]] = {f"{w} {k}": [] for w in ways for k in ("send", "edit")}
    async with bot:
        for _ in range(50):  # warm up both ways
            await private_edit(await private_send())
            await public_edit(await public_send())
        for r in range(rounds):
            order = list(ways)[r % 3 :] + list(ways)[: r % 3]
            for way in order:
                send, edit = ways[way]
                c0 = time.process_time()
                mids = [await send() for _ in range(calls)]
                c1 = time.process_time()
                for mid in mids:
                    await edit(mid)
                c2 = time.process_time()
                out[f"{way} send"].append((c1 - c0) / calls * 1e6)
                out[f"{way} edit"].append((c2 - c1) / calls * 1e6)
                print(
                    f"  round {r + 1} {way:15}: send {out[f'{way} send'][-1]:5.0f} us, "
                    f"edit {out[f'{way} edit'][-1]:5.0f} us CPU per call",
                    flush=True,
                )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    calls, rounds = (200, 1) if args.quick else (600, 3)
    print("bench: public send/edit vs the private Bot._post", flush=True)
    with FakeProcess() as fake:
        out = asyncio.run(measure(fake, calls, rounds))
    rows = []
    result = {}
    for kind in ("send", "edit"):
        base = out[f"private _post {kind}"]
        for way in ("do_api_request", "public"):
            mine = out[f"{way} {kind}"]
            ratio = [p / q for p, q in zip(mine, base, strict=True)]
            result[f"{way} {kind}"] = {
                "us": median(mine),
                "private_us": median(base),
                "ratio_rounds": ratio,
                "ratio": median(ratio),
            }
            rows.append(
                (
                    f"{kind}: {way} / private _post, CPU per call",
                    "<= ~1.0x" if way == "do_api_request" else "-",
                    f"{median(ratio):.2f}x ({median(mine):.0f} / {median(base):.0f} us; rounds "
                    + ", ".join(f"{x:.2f}" for x in ratio)
                    + ")",
                    None,
                )
            )
    info = machine()
    print_table(f"Sending path, {calls} calls x {rounds} round(s); {info['cpu']}", rows)
    write_json("send_path", {"machine": info, "calls": calls, "rounds": rounds, **result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
