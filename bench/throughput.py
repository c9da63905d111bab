"""Benchmark 1: throughput of the coach bot against a bare echo bot, side by side.

    .venv/bin/python -m bench.throughput            # 20,000 updates, 1,000 users, 3 rounds
    .venv/bin/python -m bench.throughput --quick    # 2,000 updates, 100 users, 1 round

The fake Bot API runs in its own process and hands out every update in getUpdates batches
of 100 (a burst: all updates are queued at once). Each bot runs in its own process with a
fresh database in a temporary folder; its CPU time (user + system, from /proc) over the run
is divided by the number of updates. The run ends at the first reply to a sentinel user
whose /start is queued last (updates are handled one at a time, in order). Rounds alternate
full, echo, full, echo, ...; medians are reported. Every chat's replies are checked against
the replies an in-process engine gives for the same inputs, in the same order.

"full" is the coach bot with its rate limiter (AIORateLimiter) taken out in the bench
runner, so the figure is what the bot itself can process (the echo bot has no limiter
either). One extra, smaller run ("shipped") measures the bot exactly as
``build_application`` builds it. (Until 2026-11-25 19:08 that was AIORateLimiter's default
overall 30 requests/s, which capped the bot at 29 updates/s; since then the bot sets
``overall_max_rate=0`` and "shipped" is close to "full".)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    FakeProcess,
    Workdir,
    build_events,
    code_fingerprint,
    compare_replies,
    echo_expected,
    fs_type,
    machine,
    median,
    offline_run,
    print_table,
    proc_cpu,
    proc_mem,
    start_echo_bot,
    start_full_bot,
    stop_process,
    write_json,
)

TARGET_RATIO = 1.2
TARGET_UPS = 700.0
FAKE_SHARE_LIMIT = 0.5  # of one core: beyond that the fake could be what limits the run


def run_once(
    fake: FakeProcess,
    kind: str,
    expected: dict[str, list[int]],
    workdir: Path,
    tag: str,
    profile: Path | None = None,
    timeout: float = 900,
    what_if: str = "",
    code: str | None = None,
) -> dict[str, Any]:
    """One bot process, one burst of every loaded update; figures of that run.

    ``code``: the fingerprint of bot/ and flows/ the expected replies were computed with;
    when the bot starts on other code (someone edited it meanwhile) the order check of that
    run is not counted."""
    fake.call("reset")
    code_changed = kind != "echo" and code is not None and code_fingerprint() != code
    log = workdir / f"{kind}-{tag}.log"
    if kind in ("full", "shipped"):
        limiter = kind == "shipped"
        db = workdir / f"{kind}-{tag}.db"
        proc = start_full_bot(fake, db, log, profile, limiter, what_if)
    else:
        proc = start_echo_bot(fake, log, profile)
    try:
        fake.call("wait_polling", timeout=60)
        time.sleep(0.5)
        mem0 = proc_mem(proc.pid)
        cpu0 = proc_cpu(proc.pid)
        fake.call("go", mode="burst")
        res = fake.call("wait_done", timeout=timeout, replies=True)
        cpu1 = proc_cpu(proc.pid)
        mem1 = proc_mem(proc.pid)
    finally:
        code = stop_process(proc)
    if not res["done"]:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{kind} run {tag} did not finish; log tail:\n{tail}")
    n = res["updates"]
    wall = res["wall"]
    order = compare_replies(expected, res.pop("replies"))
    batches = res["batches"]
    handed = sum(int(size) * count for size, count in batches.items())
    calls = sum(batches.values())
    out = {
        "kind": kind,
        "round": tag,
        "updates": n,
        "wall_s": wall,
        "updates_per_s": n / wall,
        "wall_us_per_update": wall / n * 1e6,
        "bot_cpu_s": cpu1 - cpu0,
        "bot_cpu_us_per_update": (cpu1 - cpu0) / n * 1e6,
        "bot_cpu_share": (cpu1 - cpu0) / wall,
        "fake_cpu_s": res["fake_cpu"],
        "fake_cpu_share": res["fake_cpu"] / wall,
        "fake_cpu_us_per_update": res["fake_cpu"] / n * 1e6,
        "getupdates_batches": calls,
        "mean_batch": handed / calls if calls else 0,
        "bot_rss_mb_before": mem0["rss_mb"],
        "bot_rss_mb_after": mem1["rss_mb"],
        "bot_peak_rss_mb": mem1["peak_mb"],
        "order": order,
        "code_changed": code_changed,
        "counts": res["counts"],
        "exit_code": code,
    }
    print(
        f"  {kind:7} {tag}: {out['updates_per_s']:7.0f} updates/s, "
        f"bot CPU {out['bot_cpu_us_per_update']:6.0f} us/update "
        f"({out['bot_cpu_share']:.0%} of a core), fake CPU {out['fake_cpu_share']:.0%} of a core, "
        f"chats wrong {order['chats_wrong']}/{order['chats']}"
        + (
            " (bot/ or flows/ changed since the replay: not counted)"
            if code_changed and order["chats_wrong"]
            else ""
        ),
        flush=True,
    )
    return out


def prepare(users: int, steps: int, workdir: Path, seed: int = 1) -> dict[str, Any]:
    """Events, the replies each bot must send, and the engine-only cost."""
    events = build_events(users, steps, seed=seed)
    t0 = time.perf_counter()
    offline = offline_run(events, workdir)
    print(
        f"  scenario: {len(events)} updates from {users} users (+1 sentinel); in-process "
        f"engine alone {offline['engine_cpu_us']:.0f} us CPU / "
        f"{offline['engine_wall_us']:.0f} us wall per input "
        f"({time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    return {
        "events": events,
        "full": offline["expected"],
        "echo": echo_expected(events),
        "engine_cpu_us": offline["engine_cpu_us"],
        "engine_wall_us": offline["engine_wall_us"],
        "code": offline["code"],
    }


def checked(run: dict[str, Any]) -> bool:
    """A run's order check counts unless bot/ or flows/ changed under it and replies differ
    (then the replay, not the bot, may be out of date)."""
    return not run["code_changed"] or run["order"]["chats_wrong"] == 0


def summarize(runs: list[dict[str, Any]], kind: str) -> dict[str, float]:
    mine = [r for r in runs if r["kind"] == kind]
    return {
        "updates_per_s": median([r["updates_per_s"] for r in mine]),
        "bot_cpu_us_per_update": median([r["bot_cpu_us_per_update"] for r in mine]),
        "wall_us_per_update": median([r["wall_us_per_update"] for r in mine]),
        "fake_cpu_share_max": max(r["fake_cpu_share"] for r in mine),
        "fake_cpu_us_per_update": median([r["fake_cpu_us_per_update"] for r in mine]),
        "chats_wrong": sum(r["order"]["chats_wrong"] for r in mine if checked(r)),
        "runs_checked": sum(1 for r in mine if checked(r)),
        "mean_batch": median([r["mean_batch"] for r in mine]),
        "bot_peak_rss_mb": max(r["bot_peak_rss_mb"] for r in mine),
        "runs": len(mine),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 updates, 1 round")
    parser.add_argument("--users", type=int, help="users (default 1000, quick 100)")
    parser.add_argument("--steps", type=int, default=20, help="inputs per user (<= 20)")
    parser.add_argument("--rounds", type=int, help="full/echo pairs (default 3, quick 1)")
    parser.add_argument(
        "--shipped-users",
        type=int,
        help="users for the extra run of the bot as shipped, rate limiter included "
        "(default 50, quick 15; 0: skip)",
    )
    parser.add_argument(
        "--what-if",
        default="",
        help="bench-only changes to the full bot, to size a suggestion (see bot_runner.py): "
        "quiet-transitions, sync-normal, big-cache, no-keyboards, no-edit, no-wake, stub-engine; "
        "results "
        "go to throughput-what-if.json",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    users = args.users or (100 if args.quick else 1000)
    rounds = args.rounds or (1 if args.quick else 3)
    shipped_users = (
        args.shipped_users if args.shipped_users is not None else (15 if args.quick else 50)
    )

    print("bench: throughput, coach bot vs bare echo bot", flush=True)
    shipped = None
    with Workdir("throughput", args.keep) as workdir, FakeProcess() as fake:
        scenario = prepare(users, args.steps, workdir)
        fake.load(scenario["events"], workdir)
        runs = []
        for r in range(1, rounds + 1):
            for kind in ("full", "echo") if r % 2 else ("echo", "full"):
                runs.append(
                    run_once(
                        fake,
                        kind,
                        scenario[kind],
                        workdir,
                        str(r),
                        what_if=args.what_if,
                        code=scenario["code"],
                    )
                )
        if shipped_users and not args.what_if:
            print("  the bot as shipped (build_application, rate limiter included):", flush=True)
            small = prepare(shipped_users, args.steps, workdir, seed=2)
            fake.load(small["events"], workdir)
            shipped = run_once(fake, "shipped", small["full"], workdir, "1", code=small["code"])
        db_fs = fs_type(str(workdir))

    full, echo = summarize(runs, "full"), summarize(runs, "echo")
    ratio = full["bot_cpu_us_per_update"] / echo["bot_cpu_us_per_update"]
    wall_ratio = full["wall_us_per_update"] / echo["wall_us_per_update"]
    fake_share = max(full["fake_cpu_share_max"], echo["fake_cpu_share_max"])
    n = len(scenario["events"])
    rows = [
        (
            "full bot updates/s, limiter off (median)",
            f">= {TARGET_UPS:.0f}",
            f"{full['updates_per_s']:.0f}",
            full["updates_per_s"] >= TARGET_UPS,
        ),
        ("echo bot updates/s (median)", "-", f"{echo['updates_per_s']:.0f}", None),
        (
            "full bot CPU per update",
            "-",
            f"{full['bot_cpu_us_per_update']:.0f} us",
            None,
        ),
        ("echo bot CPU per update", "-", f"{echo['bot_cpu_us_per_update']:.0f} us", None),
        ("CPU ratio full/echo", f"<= {TARGET_RATIO}", f"{ratio:.2f}x", ratio <= TARGET_RATIO),
        ("wall ratio full/echo", "-", f"{wall_ratio:.2f}x", None),
        (
            "engine alone, in-process CPU/input",
            "-",
            f"{scenario['engine_cpu_us']:.0f} us",
            None,
        ),
        (
            "fake API CPU share (max run)",
            f"< {FAKE_SHARE_LIMIT:.0%} of a core",
            f"{fake_share:.0%} ({full['fake_cpu_us_per_update']:.0f} us/update full, "
            f"{echo['fake_cpu_us_per_update']:.0f} echo)",
            fake_share < FAKE_SHARE_LIMIT,
        ),
        (
            "getUpdates mean batch",
            "~100",
            f"{full['mean_batch']:.0f} full / {echo['mean_batch']:.0f} echo",
            None,
        ),
        (
            "per-user order kept (chats wrong)",
            "0",
            f"{full['chats_wrong']} full / {echo['chats_wrong']} echo"
            + (
                f" ({full['runs_checked']} of {full['runs']} full runs checked)"
                if full["runs_checked"] < full["runs"]
                else ""
            ),
            full["chats_wrong"] == 0 and echo["chats_wrong"] == 0,
        ),
        ("full bot peak RSS", "-", f"{full['bot_peak_rss_mb']:.0f} MB", None),
    ]
    if shipped:
        rows.insert(
            1,
            (
                "  as shipped (rate limiter as built)",
                f">= {TARGET_UPS:.0f}",
                f"{shipped['updates_per_s']:.0f} ({shipped['bot_cpu_us_per_update']:.0f} us "
                f"CPU/update, {shipped['updates']} updates)",
                shipped["updates_per_s"] >= TARGET_UPS,
            ),
        )
    info = machine()
    print_table(
        (f"[what if: {args.what_if}] " if args.what_if else "")
        + f"Throughput: {n} updates ({users} users x {args.steps} + sentinel), {rounds} round(s); "
        f"{info['nproc']} cores, {info['cpu']}; DB on {db_fs}",
        rows,
    )
    write_json(
        "throughput-what-if" if args.what_if else "throughput",
        {
            "what_if": args.what_if,
            "machine": info,
            "db_fs": db_fs,
            "quick": args.quick,
            "updates": n,
            "users": users,
            "steps": args.steps,
            "rounds": rounds,
            "targets": {"cpu_ratio_max": TARGET_RATIO, "updates_per_s_min": TARGET_UPS},
            "full": full,
            "full_note": "rate limiter removed in the bench runner (processing capacity);"
            " 'shipped' is the bot exactly as built by build_application",
            "echo": echo,
            "cpu_ratio": ratio,
            "wall_ratio": wall_ratio,
            "engine_cpu_us_per_input": scenario["engine_cpu_us"],
            "engine_wall_us_per_input": scenario["engine_wall_us"],
            "fake_cpu_share_max": fake_share,
            "ok": {
                "updates_per_s": full["updates_per_s"] >= TARGET_UPS,
                "cpu_ratio": ratio <= TARGET_RATIO,
                "order": full["chats_wrong"] == 0 and echo["chats_wrong"] == 0,
            },
            "shipped": shipped,
            "runs": runs,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
