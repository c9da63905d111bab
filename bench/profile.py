"""Where the time goes: the throughput run of the coach bot under cProfile, in the bot process.

    .venv/bin/python -m bench.profile                 # 50 users x 40 inputs, the coach
    .venv/bin/python -m bench.profile --quick         # 20 users
    .venv/bin/python -m bench.profile --echo          # the bare PTB echo bot, for comparison
    .venv/bin/python -m bench.profile --aiogram       # the bare aiogram echo bot

Prints the top 25 functions by cumulative time, by own time, and the project's own functions
(bot/, flows/) by cumulative time. cProfile's timer is the process's CPU time (all three
bots), so waiting (for the fake's answers, for fsync) does not count; the profiler's own
overhead inflates many small Python calls far more than C code, so read shares, not
microseconds. A coroutine counts one call per resumption, and its cumulative time is
the time it ran, not the time it was suspended. Stats are kept in
``bench/results/profile-<kind>.prof`` (open with ``python -m pstats``) and the text in
``profile-<kind>.txt``.
"""

from __future__ import annotations

import argparse
import io
import pstats
import sys

from bench.common import RESULTS, FakeProcess, Workdir, write_json
from bench.throughput import prepare, run_once


def top(stats: pstats.Stats, sort: str, limit: int) -> str:
    buf = io.StringIO()
    stats.stream = buf
    stats.sort_stats(sort).print_stats(limit)
    text = buf.getvalue()
    # keep the table, drop pstats' preamble lines about the file
    return text[text.find("   ncalls") :] if "   ncalls" in text else text


def top_of(stats: pstats.Stats, pattern: str, limit: int) -> str:
    buf = io.StringIO()
    stats.stream = buf
    stats.sort_stats("cumulative").print_stats(pattern, limit)
    text = buf.getvalue()
    return text[text.find("   ncalls") :] if "   ncalls" in text else text


def rows(stats: pstats.Stats, sort: str, limit: int) -> list[dict]:
    key = {"cumulative": 3, "tottime": 2}[sort]
    items = sorted(stats.stats.items(), key=lambda kv: kv[1][key], reverse=True)[:limit]
    out = []
    for (path, line, func), (_cc, nc, tt, ct, _callers) in items:
        out.append(
            {"function": f"{path}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct}
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--users", type=int)
    parser.add_argument("--inputs", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--echo", action="store_true", help="profile the bare PTB echo bot")
    parser.add_argument("--aiogram", action="store_true", help="profile the aiogram echo bot")
    args = parser.parse_args(argv)
    users = args.users or (20 if args.quick else 50)
    kind = "ptb-echo" if args.echo else ("aiogram-echo" if args.aiogram else "coach")
    RESULTS.mkdir(parents=True, exist_ok=True)
    prof = RESULTS / f"profile-{kind}.prof"
    print(f"bench: profile of the {kind} bot, {users} users x {args.inputs} inputs", flush=True)
    with Workdir("profile") as workdir, FakeProcess() as fake:
        scenario = prepare(users, args.inputs, workdir)
        run = run_once(fake, kind, scenario, workdir, "profiled", profile=prof)
    stats = pstats.Stats(str(prof))
    total = stats.total_tt
    head = (
        f"{kind} bot under cProfile: {run['updates']} updates, {run['updates_per_s']:.0f} "
        f"updates/s, {run['bot_cpu_us_per_update']:.0f} us CPU/update (profiler overhead "
        f"included); profiled time {total:.2f} s\n"
    )
    cum = top(stats, "cumulative", args.top)
    own = top(stats, "tottime", args.top)
    ours = top_of(stats, r"/(bot|flows)/", args.top)
    text = f"{head}\n== top {args.top} by cumulative time ==\n{cum}\n"
    text += f"== top {args.top} by own time ==\n{own}\n"
    text += f"== the project's own functions (bot/, flows/), by cumulative time ==\n{ours}"
    print(text)
    (RESULTS / f"profile-{kind}.txt").write_text(text, encoding="utf-8")
    write_json(
        f"profile-{kind}",
        {
            "run": run,
            "profiled_seconds": total,
            "top_cumulative": rows(stats, "cumulative", args.top),
            "top_tottime": rows(stats, "tottime", args.top),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
