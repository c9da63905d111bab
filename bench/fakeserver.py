"""The fake Bot API in its own process, driven by the benchmark over a small control API.

Run by ``bench.common.FakeProcess``; not meant to be started by hand. It prints one JSON line
(``{"base_url": ..., "base_file_url": ..., "control": ...}``) on stdout once both servers
listen, then serves until ``/quit``.

The bot side is ``tests.fakeapi.FakeBotAPI`` (the same server the tests use), with the
recording made lean for long runs: no ``Call`` objects are kept, only per-chat reply digests,
counters and timestamps. Its own CPU time (``os.times``) is measured in this process, so the
benchmark can show the fake is not the bottleneck.

Feeding modes (``/go``):
  ``burst``   every loaded update is queued at once; getUpdates hands them out 100 a time.
  ``paced``   one update every 1/rate seconds (latency: delivery -> sendMessage request).
  ``window``  at most ``window`` updates queued ahead of the bot's replies (memory runs).
  ``loop``    closed loop (throughput): every user sends /start, then its next input only
              once the bot has answered its last one (``bench.users``). "Live" users read the
              messages the bot really sent and tap their buttons; "replay" users send the
              inputs a live run gave (the baselines get the same updates as the coach).
              A user's turn is over once the bot sent as many messages as that input is
              answered with (``counts``: the coach's from the in-process replay, one for an
              echo bot), or nothing more came for that chat for ``QUIET`` seconds. Bots may
              answer several chats side by side.
The last loaded update is a sentinel from a user of its own; the run is over at the first
sendMessage request to that chat (updates are handled in order; the coach has up to 16 of
different chats in hand at once, so a few of the last ones may still be finishing).
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import os
import re
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakeapi import Call, FakeBotAPI, _Queued, _wake  # noqa: E402

# s without a request for a chat: its turn is over (a fallback for an answer shorter than
# the replay predicted; generous, as the machine may be shared)
QUIET = 0.3

_REQUEST_T0: contextvars.ContextVar[float] = contextvars.ContextVar("request_t0", default=0.0)


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")


def digest(text: str) -> int | str:
    """A stable digest of a reply text (Python's ``hash`` differs between processes); the
    text itself with BENCH_KEEP_TEXTS=1, to see what differs when an order check fails.
    Clock times count as equal ("It's 15:42 there now" a minute after the replay)."""
    text = _CLOCK.sub("HH:MM", text)
    if os.environ.get("BENCH_KEEP_TEXTS"):
        return text
    return zlib.crc32(text.encode("utf-8"))


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


class BenchFakeAPI(FakeBotAPI):
    """FakeBotAPI with lean recording and the timestamps the benchmarks need."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=False, **kwargs)
        self.updates: list[dict] = []
        self.kinds: dict[int, str] = {}
        self.sentinel_chat: int | None = None
        self.reset()

    # -- state ---------------------------------------------------------------------------
    def reset(self) -> None:
        task = getattr(self, "quiet_task", None)
        if task is not None:
            task.cancel()
        with self._lock:
            self._queue.clear()
            self._chats.clear()
            self._history.clear()
            self._counts.clear()
            self._last_update_id = 0
        self.replies: dict[int, list[int]] = {}
        self.pending: dict[int, tuple[float, int]] = {}
        self.latencies: list[tuple[float, str]] = []
        self.batches: Counter[int] = Counter()
        self.first_delivery: float | None = None
        self.cpu_at_first: float | None = None
        self.done_at: float | None = None
        self.cpu_at_done: float | None = None
        self.fed = 0
        self.track_latency = False
        self.done = asyncio.Event() if self._loop else None
        self.requests_at_first: Counter | None = None
        self.requests_at_done: Counter | None = None
        self.loop_users: dict[int, Any] = {}
        self.loop_left = 0
        self.turn: dict[int, list[dict]] = {}
        self.want: dict[int, int] = {}  # chat -> messages its open input is answered with
        self.counts: dict[int, list[int]] = {}  # chat -> messages per input still to come
        self.last_activity: dict[int, float] = {}  # chat with an open input -> last request
        self.cq_chat: dict[str, int] = {}
        self.inputs_log: dict[int, list[list[str]]] = {}
        self.msg_ids: Counter[int] = Counter()
        self.next_update_id = 0
        self.presses = 0
        self.texts = 0
        self.turns = 0
        self.turns_at_mark: int | None = None
        self.quiet_task: asyncio.Task | None = None

    def load(self, events: list[list[Any]]) -> int:
        """Build the updates once: ``[user_id, "t", text, first_name]`` or
        ``[user_id, "b", data, first_name, message_text, inline_keyboard]``."""
        now = int(time.time())
        updates: list[dict] = []
        kinds: dict[int, str] = {}
        message_ids: Counter[int] = Counter()
        for index, ev in enumerate(events, start=1):
            uid, kind, data, name = ev[0], ev[1], ev[2], ev[3]
            user = {"id": uid, "is_bot": False, "first_name": name, "language_code": "en"}
            chat = {"id": uid, "type": "private", "first_name": name}
            message_ids[uid] += 1
            if kind == "t":
                msg: dict[str, Any] = {
                    "message_id": message_ids[uid],
                    "from": user,
                    "chat": chat,
                    "date": now,
                    "text": data,
                }
                if data.startswith("/"):
                    cmd = data.split(maxsplit=1)[0]
                    msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
                update = {"update_id": index, "message": msg}
            else:
                shown = {
                    "message_id": 10_000 + message_ids[uid],
                    "from": dict(self.bot_user),
                    "chat": chat,
                    "date": now,
                    "text": ev[4],
                    "reply_markup": {"inline_keyboard": ev[5]},
                }
                update = {
                    "update_id": index,
                    "callback_query": {
                        "id": f"cq{index}",
                        "from": user,
                        "message": shown,
                        "chat_instance": f"ci{uid}",
                        "data": data,
                    },
                }
            updates.append(update)
            kinds[index] = "button" if kind == "b" else "text"
        self.updates = updates
        self.kinds = kinds
        self.sentinel_chat = events[-1][0]
        return len(updates)

    def load_loop(self, spec: dict[str, Any]) -> int:
        """``{"users": [[uid, name, budget, seed], ...], "scripts": {uid: [[kind, data,
        text, rows], ...]}}``; with no scripts the users are live (``bench.users.SimUser``)."""
        self.loop_spec = spec
        return len(spec["users"])

    def _start_loop(self) -> None:
        from bench.users import SimUser

        spec = self.loop_spec
        scripts = spec.get("scripts")
        self.loop_users = {}
        for uid, name, budget, seed in spec["users"]:
            if scripts:
                self.loop_users[uid] = (name, list(reversed(scripts[str(uid)])))
            else:
                self.loop_users[uid] = (name, SimUser(uid, name, budget, seed))
        self.counts = {int(u): list(reversed(c)) for u, c in spec.get("counts", {}).items()}
        self.loop_left = len(self.loop_users)
        self.sentinel_chat = None
        self.updates = []
        first = [self._next_update(uid, []) for uid in self.loop_users]
        self._push([u for u in first if u is not None])
        self.quiet_task = asyncio.get_running_loop().create_task(self._quiet_watch())

    def _next_update(self, uid: int, messages: list[dict]) -> dict | None:
        """The user's next input as an update, or None (then the user is done)."""
        name, brain = self.loop_users[uid]
        if isinstance(brain, list):
            if not brain:
                return self._user_done()
            kind, data, text, rows = brain.pop()
            shown = None
            if kind == "b":
                shown = {"text": text, "reply_markup": {"inline_keyboard": rows}}
        else:
            nxt = brain.next_input(messages)
            if nxt is None:
                return self._user_done()
            kind, data, pressed = nxt
            shown = pressed.get("raw") if pressed else None
        self.inputs_log.setdefault(uid, []).append([kind, data])
        pending = self.counts.get(uid)
        self.want[uid] = pending.pop() if pending else 1
        self.last_activity[uid] = time.perf_counter()
        self.next_update_id += 1
        update_id = self.next_update_id
        user = {"id": uid, "is_bot": False, "first_name": name, "language_code": "en"}
        chat = {"id": uid, "type": "private", "first_name": name}
        self.msg_ids[uid] += 1
        if kind == "t":
            self.texts += 1
            msg: dict[str, Any] = {
                "message_id": self.msg_ids[uid],
                "from": user,
                "chat": chat,
                "date": int(time.time()),
                "text": data,
            }
            if data.startswith("/"):
                cmd = data.split(maxsplit=1)[0]
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
            return {"update_id": update_id, "message": msg}
        self.presses += 1
        message = {
            "message_id": 100_000 + update_id,
            "from": dict(self.bot_user),
            "chat": chat,
            "date": int(time.time()),
            **(shown or {}),
        }
        qid = f"cq{update_id}"
        self.cq_chat[qid] = uid
        query = {
            "id": qid,
            "from": user,
            "message": message,
            "chat_instance": f"ci{uid}",
            "data": data,
        }
        return {"update_id": update_id, "callback_query": query}

    def mark(self) -> None:
        """Start the measured span here (after a warm-up): wall, CPU, requests, updates."""
        self.first_delivery = time.perf_counter()
        self.cpu_at_first = _cpu()
        self.requests_at_first = Counter(self._counts)
        self.turns_at_mark = self.turns

    def _user_done(self) -> None:
        self.loop_left -= 1
        if self.loop_left == 0 and self.done_at is None:
            self.done_at = time.perf_counter()
            self.cpu_at_done = _cpu()
            self.requests_at_done = Counter(self._counts)
            if self.quiet_task:
                self.quiet_task.cancel()
            if self.done is not None:
                self.done.set()
        return None

    def _end_turn(self, chat: int) -> None:
        if chat not in self.loop_users:
            return
        self.turns += 1  # one update answered
        self.last_activity.pop(chat, None)
        update = self._next_update(chat, self.turn.pop(chat, []))
        if update is not None:
            self._push([update])

    def _loop_activity(self, call: Call) -> None:
        chat = call.chat_id
        if chat is None and call.method == "answerCallbackQuery":
            chat = self.cq_chat.pop(call.params.get("callback_query_id"), None)
        if not isinstance(chat, int) or chat not in self.last_activity:
            return
        self.last_activity[chat] = time.perf_counter()
        if call.method == "sendMessage" and not call.failed:
            turn = self.turn.setdefault(chat, [])
            turn.append({"text": call.text or "", "buttons": call.buttons(), "raw": call.result})
            if len(turn) >= self.want.get(chat, 1):
                self._end_turn(chat)

    async def _quiet_watch(self) -> None:
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            for chat, last in list(self.last_activity.items()):
                if now - last > QUIET and (self.turn.get(chat) or self.want.get(chat) == 0):
                    self._end_turn(chat)

    # -- feeding -------------------------------------------------------------------------
    def _push(self, items: list[dict]) -> None:
        with self._lock:
            self._queue.extend(_Queued(u) for u in items)
            self._last_update_id = max(self._last_update_id, items[-1]["update_id"])
            waiters, self._update_waiters = self._update_waiters, []
        self.fed += len(items)
        _wake(waiters)

    async def feed(self, mode: str, rate: float = 30.0, window: int = 200) -> None:
        if mode == "loop":
            self._start_loop()
            return
        updates = self.updates
        if mode == "burst":
            self._push(updates)
            return
        loop = asyncio.get_running_loop()
        if mode == "paced":
            self.track_latency = True
            start = loop.time() + 0.05
            for i, update in enumerate(updates):
                delay = start + i / rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                self._push([update])
            return
        if mode == "window":
            i = 0
            while i < len(updates):
                answered = self._counts[("sendMessage", False)]
                room = window - (self.fed - answered)
                if room > 0:
                    chunk = updates[i : i + min(room, 100)]
                    self._push(chunk)
                    i += len(chunk)
                await asyncio.sleep(0.002)
            return
        raise ValueError(mode)

    # -- hooks into FakeBotAPI -----------------------------------------------------------
    async def _handle_api(self, request: web.Request) -> web.Response:
        _REQUEST_T0.set(time.perf_counter())
        return await super()._handle_api(request)

    async def _get_updates(self, params: dict, request: web.Request) -> list[dict]:
        batch = await super()._get_updates(params, request)
        if batch:
            now = time.perf_counter()
            if self.first_delivery is None:
                self.first_delivery = now
                self.cpu_at_first = _cpu()
                self.requests_at_first = Counter(self._counts)
            self.batches[len(batch)] += 1
            if self.track_latency:
                for update in batch:
                    body = update.get("message") or update["callback_query"]
                    chat = body["from"]["id"]
                    if chat not in self.pending:
                        self.pending[chat] = (now, update["update_id"])
        return batch

    def _confirm(self, offset: Any) -> None:
        # The same rule as FakeBotAPI's, without rebuilding a 20,000-item deque per call.
        if not isinstance(offset, int) or offset < 0:
            super()._confirm(offset)
            return
        queue = self._queue
        while queue and queue[0].delivered and queue[0].update_id < offset:
            queue.popleft()

    def _new_bot_message(self, chat_id: int | str, params: dict, **content: Any) -> dict:
        message = super()._new_bot_message(chat_id, params, **content)
        kept = self._chats[chat_id].messages
        while len(kept) > 3:  # edits only touch the last messages; keep memory flat
            del kept[next(iter(kept))]
        return message

    def _record(self, call: Call) -> None:
        self._counts[(call.method, call.failed)] += 1
        if self.loop_users and self.done_at is None:
            self._loop_activity(call)
        if call.method != "sendMessage" or call.failed or not isinstance(call.chat_id, int):
            return
        chat = call.chat_id
        self.replies.setdefault(chat, []).append(digest(call.text or ""))
        t_req = _REQUEST_T0.get()
        if self.track_latency:
            seen = self.pending.pop(chat, None)
            if seen is not None:
                self.latencies.append((t_req - seen[0], self.kinds.get(seen[1], "text")))
        if chat == self.sentinel_chat and self.done_at is None:
            self.done_at = t_req
            self.cpu_at_done = _cpu()
            if self.done is not None:
                self.done.set()

    # -- results -------------------------------------------------------------------------
    def results(self, with_replies: bool) -> dict[str, Any]:
        done = self.done_at is not None and self.first_delivery is not None
        wall = (self.done_at - self.first_delivery) if done else None
        cpu = (self.cpu_at_done - self.cpu_at_first) if done else None
        out: dict[str, Any] = {
            "done": done,
            "updates": len(self.updates),
            "wall": wall,
            "fake_cpu": cpu,
            "batches": dict(sorted(self.batches.items())),
            "counts": {f"{m}{'!' if failed else ''}": n for (m, failed), n in self._counts.items()},
            "latencies": self.latencies,
        }
        if self.loop_users:
            before = self.requests_at_first or Counter()
            after = self.requests_at_done or Counter(self._counts)
            out["updates"] = self.next_update_id
            if self.turns_at_mark is not None:  # only those answered inside the span
                out["updates"] = self.turns - self.turns_at_mark
            out["presses"] = self.presses
            out["texts"] = self.texts
            out["requests"] = {
                f"{m}{'!' if failed else ''}": after[(m, failed)] - before[(m, failed)]
                for (m, failed) in after
                if after[(m, failed)] - before[(m, failed)]
            }
            if with_replies:
                out["inputs"] = {str(k): v for k, v in self.inputs_log.items()}
        if with_replies:
            out["replies"] = {str(k): v for k, v in self.replies.items()}
        return out


class Control:
    """The control API the benchmark talks to (JSON over HTTP on its own port)."""

    def __init__(self, api: BenchFakeAPI) -> None:
        self.api = api
        self.quit = asyncio.Event()
        self.feeder: asyncio.Task | None = None

    def app(self) -> web.Application:
        app = web.Application(client_max_size=256 * 1024 * 1024)
        app.router.add_post("/{cmd}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        cmd = request.match_info["cmd"]
        body = await request.json() if request.can_read_body else {}
        api = self.api
        result: Any = True
        if cmd == "reset":
            if self.feeder:
                self.feeder.cancel()
            api.reset()
        elif cmd == "load":
            events = json.loads(Path(body["path"]).read_text(encoding="utf-8"))
            result = api.load(events)
        elif cmd == "load_loop":
            spec = json.loads(Path(body["path"]).read_text(encoding="utf-8"))
            result = api.load_loop(spec)
        elif cmd == "wait_polling":
            deadline = time.monotonic() + body.get("timeout", 30)
            while api._counts[("getUpdates", False)] < 1:
                if time.monotonic() > deadline:
                    return web.json_response({"ok": False, "error": "no getUpdates"})
                await asyncio.sleep(0.02)
        elif cmd == "go":
            self.feeder = asyncio.get_running_loop().create_task(
                api.feed(body.get("mode", "burst"), body.get("rate", 30.0), body.get("window", 200))
            )
        elif cmd == "wait_done":
            try:
                await asyncio.wait_for(api.done.wait(), body.get("timeout", 600))
            except TimeoutError:
                pass
            result = api.results(body.get("replies", False))
        elif cmd == "mark":
            api.mark()
        elif cmd == "status":
            result = {
                "turns": api.turns,
                "counts": {f"{m}{'!' if f else ''}": n for (m, f), n in api._counts.items()},
                "fed": api.fed,
                "queued": len(api._queue),
                "cpu": _cpu(),
            }
        elif cmd == "quit":
            self.quit.set()
        else:
            return web.json_response({"ok": False, "error": f"unknown {cmd}"}, status=404)
        return web.json_response({"ok": True, "result": result})


async def main(poll_cap: float) -> None:
    api = BenchFakeAPI(poll_cap=poll_cap)
    await api.start()
    api.done = asyncio.Event()
    control = Control(api)
    runner = web.AppRunner(control.app(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    print(
        json.dumps(
            {
                "base_url": api.base_url,
                "base_file_url": api.base_file_url,
                "token": api.token,
                "control": f"http://127.0.0.1:{port}",
                "pid": os.getpid(),
            }
        ),
        flush=True,
    )
    await control.quit.wait()
    await asyncio.sleep(0.05)
    await runner.cleanup()
    await api.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--poll-cap", type=float, default=1.0)
    args = parser.parse_args()
    asyncio.run(main(args.poll_cap))
