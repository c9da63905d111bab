"""Benchmark 4: RSS of the bot process after 10,000 users have each answered 5 steps.

    .venv/bin/python -m bench.memory_users            # 10,000 users (60,001 updates)
    .venv/bin/python -m bench.memory_users --quick    # 1,000 users

Each user sends /start and answers five steps (Let's start [button], Not yet, strengths,
interests, values), users interleaved at random, through the fake Bot API in its own
process. The fake keeps at most 200 updates queued ahead of the bot's replies, as a steady
stream would (a burst of 60,000 would measure python-telegram-bot's backlog, not the users).
The coach bot runs as in the throughput benchmark with the rate limiter taken out (it keeps
nothing per private chat; with a 30 requests/s limit 60,000 replies would take half an hour).
RSS (VmRSS) is read after start-up and once every reply has gone out; the peak (VmHWM) too.
"""

from __future__ import annotations

import argparse
import sys
import time

from bench.common import (
    FakeProcess,
    Workdir,
    build_events,
    fs_type,
    machine,
    print_table,
    proc_cpu,
    proc_mem,
    start_full_bot,
    stop_process,
    write_json,
)

TARGET_MB = 150.0
STEPS = 6  # /start + 5 answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 users")
    parser.add_argument("--users", type=int, help="default 10,000 (quick 1,000)")
    parser.add_argument("--window", type=int, default=200, help="updates queued ahead")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    users = args.users or (1000 if args.quick else 10_000)
    print(f"bench: memory, {users} users x 5 answers (+ /start)", flush=True)
    with Workdir("memory", args.keep) as workdir, FakeProcess() as fake:
        events = build_events(users, STEPS, seed=4)
        # the button press needs the welcome message it was pressed on: any text will do here
        for ev in events:
            if ev[1] == "b":
                ev[4:] = ["Welcome", [[{"text": "Let's start", "callback_data": ev[2]}]]]
        fake.load(events, workdir)
        fake.call("reset")
        db = workdir / "memory.db"
        proc = start_full_bot(fake, db, workdir / "memory.log", rate_limiter=False)
        try:
            fake.call("wait_polling", timeout=60)
            time.sleep(1.0)
            before = proc_mem(proc.pid)
            cpu0 = proc_cpu(proc.pid)
            fake.call("go", mode="window", window=args.window)
            res = fake.call("wait_done", timeout=3600, replies=True)
            time.sleep(1.0)
            after = proc_mem(proc.pid)
            cpu1 = proc_cpu(proc.pid)
        finally:
            stop_process(proc)
        db_mb = sum(p.stat().st_size for p in workdir.glob("memory.db*")) / 1e6
        db_fs = fs_type(str(workdir))
    if not res["done"]:
        raise RuntimeError("the run did not finish")
    replies = res.pop("replies")
    short = sum(1 for chat, got in replies.items() if int(chat) < 999_999_999 and len(got) < 6)
    rss = after["rss_mb"]
    growth = rss - before["rss_mb"]
    rows = [
        (f"RSS after {users} users x 5 steps", f"< {TARGET_MB:.0f} MB", f"{rss:.1f} MB", rss < 150),
        ("RSS after start-up", "-", f"{before['rss_mb']:.1f} MB", None),
        ("growth per 1,000 users", "-", f"{growth / users * 1000:.2f} MB", None),
        ("peak RSS (VmHWM)", "-", f"{after['peak_mb']:.1f} MB", None),
        ("database size", "-", f"{db_mb:.1f} MB", None),
        ("users with fewer than 6 replies", "0", str(short), short == 0),
        (
            "throughput during the run",
            "-",
            f"{res['updates'] / res['wall']:.0f} updates/s, "
            f"{(cpu1 - cpu0) / res['updates'] * 1e6:.0f} us CPU/update",
            None,
        ),
    ]
    info = machine()
    print_table(
        f"Memory: {res['updates']} updates from {users} users; {info['nproc']} cores, "
        f"{info['cpu']}; DB on {db_fs}",
        rows,
    )
    write_json(
        "memory_users",
        {
            "machine": info,
            "db_fs": db_fs,
            "quick": args.quick,
            "users": users,
            "updates": res["updates"],
            "target_mb": TARGET_MB,
            "rss_mb": rss,
            "rss_start_mb": before["rss_mb"],
            "peak_mb": after["peak_mb"],
            "growth_mb_per_1000_users": growth / users * 1000,
            "db_mb": db_mb,
            "users_short_of_replies": short,
            "updates_per_s": res["updates"] / res["wall"],
            "bot_cpu_us_per_update": (cpu1 - cpu0) / res["updates"] * 1e6,
            "counts": res["counts"],
            "ok": {"rss": rss < TARGET_MB, "replies": short == 0},
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
