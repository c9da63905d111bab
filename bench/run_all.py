"""Every benchmark, one after another, then one summary table.

    .venv/bin/python -m bench.run_all            # full runs (about 10 minutes on 2 cores)
    .venv/bin/python -m bench.run_all --quick    # smoke run (about 2 minutes)

Each benchmark runs in its own process (so none inherits another's memory or CPU time) and
writes ``bench/results/<name>.json``; the summary goes to ``bench/results/summary.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import PY, RESULTS, ROOT, machine, print_table, write_json

BENCHMARKS = ["throughput", "latency", "reminders_scale", "memory_users", "profile"]


def load(name: str) -> dict:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, help="run only these")
    args = parser.parse_args(argv)
    failed = []
    started = time.perf_counter()
    for name in args.only or BENCHMARKS:
        cmd = [PY, "-m", f"bench.{name}"] + (["--quick"] if args.quick else [])
        print(f"\n$ {' '.join(cmd[1:])}", flush=True)
        if subprocess.run(cmd, cwd=ROOT).returncode != 0:
            failed.append(name)
    t, lat, rem, mem = load("throughput"), load("latency"), load("reminders_scale"), {}
    mem = load("memory_users")
    rows = []
    if t:
        coach = t["summary"]["coach"]
        ptb, aio = t["ratio_vs_ptb_echo"], t["ratio_vs_aiogram_echo"]
        rows += [
            (
                "coach CPU per update / PTB echo, realistic mix",
                "<= 0.8x",
                f"{ptb['median']:.2f}x",
                t["ok"]["cpu_ratio_vs_ptb_echo"],
            ),
            (
                "coach CPU per update / aiogram echo",
                "< 1.0x",
                f"{aio['median']:.2f}x" if aio["rounds"] else "-",
                t["ok"]["cpu_ratio_vs_aiogram_echo"],
            ),
            (
                "coach throughput, realistic mix",
                ">= 1000 updates/s",
                f"{coach['updates_per_s']:.0f} updates/s",
                t["ok"]["updates_per_s"],
            ),
            (
                "replies as predicted, in order",
                "kept",
                "kept" if t["ok"]["order"] else "BROKEN",
                t["ok"]["order"],
            ),
        ]
    if lat:
        s = lat["shipped"]["all_ms"]
        rows.append(
            (
                "latency at 30/s, as shipped",
                "p99 < 20 ms",
                f"p50 {s['p50']:.1f} / p95 {s['p95']:.1f} / p99 {s['p99']:.1f} ms",
                lat["ok"]["p99"],
            )
        )
    if rem:
        rows += [
            (
                "start with 100k reminders",
                "< 1 s",
                f"{rem['start_s']['full']:.2f} s",
                rem["ok"]["start"],
            ),
            (
                "RSS growth, 100k reminders",
                "< 40 MB",
                f"{rem['rss_growth_mb']:.1f} MB",
                rem["ok"]["rss"],
            ),
            (
                "idle CPU, 100k reminders",
                "near zero",
                f"{rem['idle_cpu_per_s']['full'] * 1000:.1f} ms/s",
                rem["ok"]["idle"],
            ),
        ]
    if mem:
        rows.append(
            (
                f"RSS after {mem['users']} users x 5 steps",
                "< 150 MB",
                f"{mem['rss_mb']:.1f} MB",
                mem["ok"]["rss"],
            )
        )
    info = machine()
    print_table(
        f"Summary ({'quick' if args.quick else 'full'} runs): {info['nproc']} cores, "
        f"{info['cpu']}, Python {info['python']}",
        rows,
    )
    write_json(
        "summary",
        {
            "machine": info,
            "quick": args.quick,
            "seconds": time.perf_counter() - started,
            "failed": failed,
            "rows": [{"figure": f, "target": tg, "measured": m, "ok": ok} for f, tg, m, ok in rows],
        },
    )
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
