"""Benchmark 3: start-up and idle cost with 100,000 pending reminders for 10,000 users.

    .venv/bin/python -m bench.reminders_scale            # 3 starts of each database, 10 s idle
    .venv/bin/python -m bench.reminders_scale --quick    # 1 start each, 3 s idle

Two databases are made with the bot's own migrations: an empty one, and one filled by bulk
SQL with 10,000 users (a few paused or blocked), 30,000 contacts and 100,000 pending
reminders of every kind, due from ten minutes to six weeks ahead. For each, the real
``python -m bot run`` is started against the fake Bot API (own process, long polls held for
the requested 10 s, as Telegram does) and timed from just before the process is spawned to
the log line "polling and reminders armed" (post_init, INFO). Then RSS a second later, and
the process's CPU seconds per second over an idle stretch.

For comparison, a child process puts the same 100,000 reminders into python-telegram-bot's
JobQueue as one-shot jobs (``run_once``), the design one timer over an indexed table avoids;
its time and RSS growth are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import (
    PY,
    ROOT,
    FakeProcess,
    Workdir,
    fs_type,
    machine,
    median,
    print_table,
    proc_cpu,
    proc_mem,
    stop_process,
    write_json,
)

USERS = 10_000
REMINDERS = 100_000
TARGET_START_S = 1.0
TARGET_RSS_MB = 40.0
TARGET_IDLE = 0.01  # CPU seconds per second: "near zero"
ARMED = "polling and reminders armed"

KINDS = [
    ("call", timedelta(hours=12), None),
    ("meeting_day_before", timedelta(hours=12), timedelta(days=1)),
    ("meeting_hour_before", None, timedelta(hours=1)),
    ("thank_you", timedelta(hours=36), None),
    ("follow_up_second_person", timedelta(days=3), None),
    ("follow_up_again", timedelta(days=3), None),
    ("follow_up_move_on", timedelta(days=5), None),
    ("nudge", timedelta(days=5), None),
]
PREP_STATES = ["welcome", "self_check", "career_goal", "organizations", "review", "choose_contact"]


def fill_database(path: Path, users: int, reminders: int, seed: int = 5) -> dict[str, float]:
    """Bulk-insert users, contacts and pending reminders (after the bot's migrations)."""
    from bot.storage import Store

    rng = random.Random(seed)
    store = Store(str(path))
    conn = store.conn
    now = datetime.now(UTC)
    stamp = now.isoformat()
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO users (user_id, first_name, prep_state, prep_answers, prep_history, tz,"
        " paused, blocked, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                1_000_000 + i,
                f"User{i}",
                rng.choice(PREP_STATES),
                json.dumps({"career_goal": "UX research", "organizations": ["Acme", "Globex"]}),
                json.dumps(["welcome", "self_check"]),
                rng.choice(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]),
                int(rng.random() < 0.02),
                int(rng.random() < 0.01),
                stamp,
                stamp,
            )
            for i in range(users)
        ),
    )
    conn.executemany(
        "INSERT INTO contacts (id, user_id, kind, org, name, state, answers, stage, started,"
        " created_at, updated_at) VALUES (?, ?, 'org', ?, ?, 'call_when', ?, 'call_planned', 1,"
        " ?, ?)",
        (
            (
                i * 3 + k + 1,
                1_000_000 + i,
                f"Org {k}",
                "Maria Lopez",
                json.dumps({"person_name": "Maria Lopez", "minutes": "20"}),
                stamp,
                stamp,
            )
            for i in range(users)
            for k in range(3)
        ),
    )
    base = int(now.timestamp())
    rows = []
    for n in range(reminders):
        i = n % users
        kind, useful, before_event = KINDS[n % len(KINDS)]
        due = base + rng.randint(600, 42 * 86400)
        event = due + int(before_event.total_seconds()) if before_event else None
        expires = event if kind == "meeting_hour_before" else due + int(useful.total_seconds())
        payload = {
            "person": "Maria Lopez",
            "org": f"Org {n % 3}",
            "place": "Main St 1",
            "what": "your information interview",
        }
        rows.append(
            (
                1_000_000 + i,
                None if kind == "nudge" else i * 3 + (n % 3) + 1,
                kind,
                due,
                event,
                expires,
                json.dumps(payload),
                stamp,
                stamp,
            )
        )
    conn.executemany(
        "INSERT INTO reminders (user_id, contact_id, kind, due_ts, event_ts, expires_ts, payload,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fill_s = time.perf_counter() - t0
    # the scheduler's two queries, as the bot runs them, on this database
    from bot import reminders as rem

    t1 = time.perf_counter()
    for _ in range(20):
        rem.next_due_ts(conn)
    next_ms = (time.perf_counter() - t1) / 20 * 1000
    t2 = time.perf_counter()
    for _ in range(20):
        rem.due_now(conn, now)
    due_ms = (time.perf_counter() - t2) / 20 * 1000
    store.close()
    return {
        "fill_s": fill_s,
        "db_mb": path.stat().st_size / 1e6,
        "next_due_query_ms": next_ms,
        "due_now_query_ms": due_ms,
    }


def start_and_measure(fake: FakeProcess, db: Path, log: Path, idle_s: float) -> dict[str, Any]:
    """``python -m bot run``: seconds to the armed line, RSS, idle CPU per second."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_BASE_URL=fake.base_url,
        TELEGRAM_BASE_FILE_URL=fake.base_file_url,
        DATABASE_PATH=str(db),
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    armed = threading.Event()
    seen: dict[str, float] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [PY, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )

    def drain() -> None:
        with open(log, "ab") as out:
            for line in proc.stdout:
                if not armed.is_set() and ARMED.encode() in line:
                    seen["armed"] = time.perf_counter()
                    armed.set()
                out.write(line)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not armed.wait(60):
            raise RuntimeError(f"no '{ARMED}' line; log:\n{log.read_text()[-2000:]}")
        start_s = seen["armed"] - t0
        time.sleep(1.0)
        mem = proc_mem(proc.pid)
        cpu0, w0 = proc_cpu(proc.pid), time.perf_counter()
        time.sleep(idle_s)
        cpu1, w1 = proc_cpu(proc.pid), time.perf_counter()
        mem_end = proc_mem(proc.pid)
    finally:
        stop_process(proc)
        reader.join(5)
    return {
        "start_s": start_s,
        "rss_mb": mem["rss_mb"],
        "rss_mb_after_idle": mem_end["rss_mb"],
        "idle_cpu_per_s": (cpu1 - cpu0) / (w1 - w0),
        "idle_s": w1 - w0,
    }


def jobqueue_child(n: int) -> None:
    """In a fresh process: n one-shot jobs into PTB's JobQueue; print time and RSS (JSON)."""
    import asyncio

    from telegram.ext import Application

    async def remind(context) -> None:  # never runs: every job is in the future
        pass

    async def main() -> dict[str, float]:
        app = Application.builder().token("123456:TEST").build()
        jq = app.job_queue
        await jq.start()
        rng = random.Random(5)
        now = datetime.now(UTC)
        whens = [now + timedelta(seconds=rng.randint(600, 42 * 86400)) for _ in range(n)]
        before = proc_mem(os.getpid())["rss_mb"]
        t0 = time.perf_counter()
        for i, when in enumerate(whens):
            jq.run_once(
                remind,
                when,
                chat_id=1_000_000 + i % USERS,
                user_id=1_000_000 + i % USERS,
                data={"reminder": i, "kind": "call"},
                name=f"r{i}",
            )
        seconds = time.perf_counter() - t0
        after = proc_mem(os.getpid())["rss_mb"]
        t1 = time.perf_counter()
        await jq.stop(wait=False)
        return {
            "seconds": seconds,
            "rss_before_mb": before,
            "rss_after_mb": after,
            "rss_growth_mb": after - before,
            "stop_seconds": time.perf_counter() - t1,
        }

    print(json.dumps(asyncio.run(main())), flush=True)


def jobqueue_compare(n: int) -> dict[str, float]:
    out = subprocess.run(
        [PY, "-m", "bench.reminders_scale", "--jobqueue-child", str(n)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 start each, 3 s idle")
    parser.add_argument("--starts", type=int, help="starts per database (default 3)")
    parser.add_argument("--idle", type=float, help="idle seconds measured (default 10)")
    parser.add_argument("--reminders", type=int, default=REMINDERS)
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--jobqueue-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if args.jobqueue_child:
        jobqueue_child(args.jobqueue_child)
        return 0
    starts = args.starts or (1 if args.quick else 3)
    idle = args.idle or (3.0 if args.quick else 10.0)
    print(f"bench: reminders at scale, {args.reminders} pending for {args.users} users", flush=True)
    with Workdir("reminders", args.keep) as workdir, FakeProcess(poll_cap=10.0) as fake:
        empty_db, full_db = workdir / "empty.db", workdir / "full.db"
        fill_database(empty_db, 0, 0)
        filled = fill_database(full_db, args.users, args.reminders)
        print(
            f"  filled in {filled['fill_s']:.1f} s: {filled['db_mb']:.0f} MB; scheduler queries "
            f"next_due {filled['next_due_query_ms']:.2f} ms, due_now "
            f"{filled['due_now_query_ms']:.2f} ms",
            flush=True,
        )
        runs: dict[str, list[dict[str, Any]]] = {"empty": [], "full": []}
        for i in range(starts):
            for name, db in (("empty", empty_db), ("full", full_db)):
                fake.call("reset")
                r = start_and_measure(fake, db, workdir / f"{name}-{i}.log", idle)
                runs[name].append(r)
                print(
                    f"  {name:5} start {i + 1}: armed after {r['start_s']:.2f} s, RSS "
                    f"{r['rss_mb']:.1f} MB, idle CPU {r['idle_cpu_per_s'] * 1000:.1f} ms/s",
                    flush=True,
                )
        db_fs = fs_type(str(workdir))
    print("  JobQueue comparison (100k run_once jobs) ...", flush=True)
    jq = jobqueue_compare(args.reminders)

    def med(name: str, key: str) -> float:
        return median([r[key] for r in runs[name]])

    start_full, start_empty = med("full", "start_s"), med("empty", "start_s")
    growth = med("full", "rss_mb") - med("empty", "rss_mb")
    idle_full = med("full", "idle_cpu_per_s")
    rows = [
        (
            "start to 'armed', 100k reminders",
            f"< {TARGET_START_S:.0f} s",
            f"{start_full:.2f} s",
            start_full < TARGET_START_S,
        ),
        ("start to 'armed', empty database", "-", f"{start_empty:.2f} s", None),
        (
            "RSS growth vs empty database",
            f"< {TARGET_RSS_MB:.0f} MB",
            f"{growth:.1f} MB ({med('full', 'rss_mb'):.0f} vs {med('empty', 'rss_mb'):.0f} MB)",
            growth < TARGET_RSS_MB,
        ),
        (
            "idle CPU, 100k reminders",
            "near zero",
            f"{idle_full * 1000:.1f} ms/s ({idle_full:.2%} of a core)",
            idle_full < TARGET_IDLE,
        ),
        (
            "idle CPU, empty database",
            "-",
            f"{med('empty', 'idle_cpu_per_s') * 1000:.1f} ms/s",
            None,
        ),
        (
            "scheduler queries on 100k rows",
            "-",
            f"next due {filled['next_due_query_ms'] * 1000:.0f} us, due now "
            f"{filled['due_now_query_ms'] * 1000:.0f} us",
            None,
        ),
        (
            "PTB JobQueue: 100k run_once jobs",
            "(comparison)",
            f"{jq['seconds']:.2f} s, +{jq['rss_growth_mb']:.0f} MB RSS",
            None,
        ),
    ]
    info = machine()
    print_table(
        f"Reminders at scale: {args.reminders} pending reminders, {args.users} users, "
        f"{starts} start(s) each, {idle:.0f} s idle; {info['nproc']} cores, {info['cpu']}; "
        f"DB on {db_fs}",
        rows,
    )
    write_json(
        "reminders_scale",
        {
            "machine": info,
            "db_fs": db_fs,
            "quick": args.quick,
            "reminders": args.reminders,
            "users": args.users,
            "targets": {
                "start_s": TARGET_START_S,
                "rss_growth_mb": TARGET_RSS_MB,
                "idle_cpu_per_s": TARGET_IDLE,
            },
            "start_s": {"full": start_full, "empty": start_empty},
            "rss_growth_mb": growth,
            "idle_cpu_per_s": {"full": idle_full, "empty": med("empty", "idle_cpu_per_s")},
            "database": filled,
            "jobqueue": jq,
            "ok": {
                "start": start_full < TARGET_START_S,
                "rss": growth < TARGET_RSS_MB,
                "idle": idle_full < TARGET_IDLE,
            },
            "runs": runs,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
