"""Benchmark 1: CPU per update and throughput of the coach bot on a realistic mix of phone
users, against two bare echo bots in the same run.

    .venv/bin/python -m bench.throughput            # 50 users x 40 inputs, 3 rounds
    .venv/bin/python -m bench.throughput --quick    # 20 users x 40 inputs, 1 round
    .venv/bin/python -m bench.throughput --with-httpx   # also the coach on TELEGRAM_HTTP=httpx

The users (``bench.users``) are a closed loop: each sends /start, reads what the bot sent
back and answers the step it is at, tapping the buttons the bot really sent (their callback
data) or typing where the step asks for words; 40% presses, 60% text. A user's next input
goes in only once the bot has answered the last one, so many users are waiting at any time,
as on a busy day. The fake Bot API runs in its own process and plays the users.

Three bots, each its own process, in every round (the order rotates from round to round):

- ``coach``: the bot as shipped (``build_application``: aiohttp request class, rate limiter
  with retries only), fresh SQLite database in a temporary folder.
- ``ptb-echo``: a bare python-telegram-bot echo bot on the default ``HTTPXRequest``; answers
  every update (a text: one sendMessage; a press: answerCallbackQuery and one sendMessage).
- ``aiogram-echo``: the same with aiogram 3 (``handle_as_tasks=False``); needs
  ``pip install -e ".[bench]"``.

The echo bots get exactly the inputs the coach's users sent (replayed, same closed loop).
CPU per update is user + system time of the bot process (``/proc``) over the run divided by
the updates; ratios are taken per round, then the median is reported. Checks: the coach's
users sent exactly the inputs an in-process replay against the engine predicts and every
chat got exactly the predicted replies in order; each echo chat got its own inputs back.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    FakeProcess,
    Workdir,
    code_fingerprint,
    compare_replies,
    fs_type,
    loop_users,
    machine,
    median,
    offline_loop,
    print_table,
    proc_cpu,
    proc_mem,
    start_aiogram_echo,
    start_echo_bot,
    start_full_bot,
    stop_process,
    write_json,
)

TARGET_RATIO_PTB = 0.8
TARGET_RATIO_AIOGRAM = 1.0
TARGET_UPS = 1000.0
FAKE_SHARE_LIMIT = 0.8  # of one core: beyond that the fake could be what limits the run
KINDS = ("coach", "ptb-echo", "aiogram-echo")


def _ids_out(inputs: list | None) -> list | None:
    """Inputs with database ids in button data made alike ("p|choose_contact|17"): contacts
    get their ids in the order users reach that step, which differs between runs once
    several chats are handled side by side."""
    if inputs is None:
        return None
    return [
        [kind, re.sub(r"\|\d+(?=\||$)", "|#", data) if kind == "b" else data]
        for kind, data in inputs
    ]


def run_once(
    fake: FakeProcess,
    kind: str,
    scenario: dict[str, Any],
    workdir: Path,
    tag: str,
    profile: Path | None = None,
    what_if: str = "",
) -> dict[str, Any]:
    """One bot process through the whole closed loop; figures of that run."""
    fake.call("reset")
    coach = kind.startswith("coach")
    fake.call("load_loop", path=str(scenario["live" if coach else "replay"]))
    code_changed = coach and code_fingerprint() != scenario["code"]
    log = workdir / f"{kind}-{tag}.log"
    if coach:
        env = {"TELEGRAM_HTTP": "httpx"} if kind == "coach-httpx" else None
        db = workdir / f"{kind}-{tag}.db"
        proc = start_full_bot(fake, db, log, profile, True, what_if, env)
    elif kind == "ptb-echo":
        proc = start_echo_bot(fake, log, profile)
    else:
        proc = start_aiogram_echo(fake, log, profile)
    try:
        fake.call("wait_polling", timeout=180)  # imports are slow on a busy machine
        time.sleep(0.5)
        fake.call("go", mode="loop")
        # Warm-up outside the measured span, for every bot alike: one-time work on first
        # use (aiogram builds its models then: seconds of CPU) would swamp a short run.
        warm = max(20, scenario["updates"] // 20)
        deadline = time.monotonic() + 300
        while fake.call("status")["turns"] < warm and time.monotonic() < deadline:
            time.sleep(0.05)
        cpu0 = proc_cpu(proc.pid)
        fake.call("mark")
        res = fake.call("wait_done", timeout=900, replies=True)
        cpu1 = proc_cpu(proc.pid)
        mem1 = proc_mem(proc.pid)
    finally:
        code = stop_process(proc)
    if not res["done"]:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{kind} run {tag} did not finish; log tail:\n{tail}")
    n = res["updates"]
    wall = res["wall"]
    if coach:
        order = compare_replies(scenario["expected"], res.pop("replies"))
        want = {u: [s[:2] for s in script] for u, script in scenario["scripts"].items()}
        got = res.pop("inputs")
        order["inputs_differ"] = sum(1 for u in want if _ids_out(got.get(u)) != _ids_out(want[u]))
    else:
        order = compare_replies(scenario["echo"], res.pop("replies"))
        order["inputs_differ"] = 0
    requests = res["requests"]
    out = {
        "kind": kind,
        "round": tag,
        "updates": n,
        "presses": res["presses"],
        "press_share": res["presses"] / (res["presses"] + res["texts"]),
        "wall_s": wall,
        "updates_per_s": n / wall,
        "bot_cpu_s": cpu1 - cpu0,
        "bot_cpu_us_per_update": (cpu1 - cpu0) / n * 1e6,
        "bot_cpu_share": (cpu1 - cpu0) / wall,
        "fake_cpu_share": res["fake_cpu"] / wall,
        "requests": requests,
        "requests_per_update": sum(requests.values()) / n,
        "getupdates_per_update": requests.get("getUpdates", 0) / n,
        "bot_peak_rss_mb": mem1["peak_mb"],
        "order": order,
        "code_changed": code_changed,
        "exit_code": code,
    }
    wrong = order["chats_wrong"] + order["inputs_differ"]
    print(
        f"  {kind:12} round {tag}: {out['updates_per_s']:6.0f} updates/s, "
        f"bot CPU {out['bot_cpu_us_per_update']:5.0f} us/update "
        f"({out['bot_cpu_share']:.0%} of a core), {out['requests_per_update']:.2f} requests/update "
        f"({out['getupdates_per_update']:.2f} getUpdates), fake {out['fake_cpu_share']:.0%}, "
        f"chats wrong {wrong}/{order['chats']}"
        + (" (bot/ or flows/ changed since the replay)" if code_changed and wrong else ""),
        flush=True,
    )
    return out


def prepare(users: int, budget: int, workdir: Path, seed: int = 1) -> dict[str, Any]:
    """The users, the in-process replay, and the two files the fake loads."""
    t0 = time.perf_counter()
    spec = loop_users(users, budget, seed)
    offline = offline_loop(spec, workdir)
    live = workdir / "users-live.json"
    # messages each input is answered with: the coach's from the replay, an echo's one
    live.write_text(json.dumps({"users": spec, "counts": offline["counts"]}), encoding="utf-8")
    replay = workdir / "users-replay.json"
    ones = {uid: [1] * len(script) for uid, script in offline["scripts"].items()}
    replay.write_text(
        json.dumps({"users": spec, "scripts": offline["scripts"], "counts": ones}), "utf-8"
    )
    share = offline["presses"] / offline["updates"]
    print(
        f"  scenario: {users} users x {budget} inputs = {offline['updates']} updates, "
        f"{share:.0%} button presses; engine alone in-process "
        f"{offline['engine_cpu_us']:.0f} us CPU per input; steps not recognised "
        f"{offline['unknown_steps']} ({time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    return {**offline, "live": live, "replay": replay, "press_share": share}


def checked(run: dict[str, Any]) -> bool:
    """A run's checks count unless bot/ or flows/ changed under it and replies differ."""
    wrong = run["order"]["chats_wrong"] + run["order"]["inputs_differ"]
    return not run["code_changed"] or wrong == 0


def summarize(runs: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    mine = [r for r in runs if r["kind"] == kind]
    if not mine:
        return {}
    methods = sorted({m for r in mine for m in r["requests"]})
    return {
        "updates_per_s": median([r["updates_per_s"] for r in mine]),
        "bot_cpu_us_per_update": median([r["bot_cpu_us_per_update"] for r in mine]),
        "requests_per_update": median([r["requests_per_update"] for r in mine]),
        "requests_by_method_per_update": {
            m: median([r["requests"].get(m, 0) / r["updates"] for r in mine]) for m in methods
        },
        "fake_cpu_share_max": max(r["fake_cpu_share"] for r in mine),
        "press_share": median([r["press_share"] for r in mine]),
        "chats_wrong": sum(
            r["order"]["chats_wrong"] + r["order"]["inputs_differ"] for r in mine if checked(r)
        ),
        "runs_checked": sum(1 for r in mine if checked(r)),
        "bot_peak_rss_mb": max(r["bot_peak_rss_mb"] for r in mine),
        "runs": len(mine),
    }


def ratios(runs: list[dict[str, Any]], kind: str, base: str) -> list[float]:
    """CPU per update of ``kind`` over ``base``, round by round."""
    by_round: dict[str, dict[str, float]] = {}
    for r in runs:
        by_round.setdefault(r["round"], {})[r["kind"]] = r["bot_cpu_us_per_update"]
    return [v[kind] / v[base] for _, v in sorted(by_round.items()) if kind in v and base in v]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 users, 1 round")
    parser.add_argument("--users", type=int, help="simulated users (default 50, quick 20)")
    parser.add_argument("--inputs", type=int, default=40, help="inputs per user (default 40)")
    parser.add_argument("--rounds", type=int, help="rounds of all bots (default 3, quick 1)")
    parser.add_argument(
        "--with-httpx",
        action="store_true",
        help="also run the coach on TELEGRAM_HTTP=httpx in every round",
    )
    parser.add_argument(
        "--no-aiogram", action="store_true", help="skip the aiogram baseline (no bench extra)"
    )
    parser.add_argument(
        "--what-if",
        default="",
        help="bench-only changes to the coach (see bot_runner.py); results go to "
        "throughput-what-if.json",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    users = args.users or (20 if args.quick else 50)
    rounds = args.rounds or (1 if args.quick else 3)
    kinds = [k for k in KINDS if not (args.no_aiogram and k == "aiogram-echo")]
    if args.with_httpx:
        kinds.insert(1, "coach-httpx")

    print("bench: throughput, coach bot vs bare echo bots, realistic mix", flush=True)
    with Workdir("throughput", args.keep) as workdir, FakeProcess() as fake:
        scenario = prepare(users, args.inputs, workdir)
        runs = []
        for r in range(1, rounds + 1):
            shift = (r - 1) % len(kinds)
            for kind in kinds[shift:] + kinds[:shift]:
                runs.append(run_once(fake, kind, scenario, workdir, str(r), what_if=args.what_if))
        db_fs = fs_type(str(workdir))

    summary = {k: summarize(runs, k) for k in kinds}
    coach = summary["coach"]
    vs_ptb = ratios(runs, "coach", "ptb-echo")
    vs_aiogram = ratios(runs, "coach", "aiogram-echo") if "aiogram-echo" in kinds else []
    vs_httpx = ratios(runs, "coach", "coach-httpx") if args.with_httpx else []
    r_ptb = median(vs_ptb)
    r_aio = median(vs_aiogram) if vs_aiogram else float("nan")

    def per_round(values: list[float]) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    rows = [
        (
            "coach CPU per update / PTB echo (median of rounds)",
            f"<= {TARGET_RATIO_PTB}x",
            f"{r_ptb:.2f}x (rounds: {per_round(vs_ptb)})",
            r_ptb <= TARGET_RATIO_PTB,
        ),
    ]
    if vs_aiogram:
        rows.append(
            (
                "coach CPU per update / aiogram echo",
                f"< {TARGET_RATIO_AIOGRAM}x",
                f"{r_aio:.2f}x (rounds: {per_round(vs_aiogram)})",
                r_aio < TARGET_RATIO_AIOGRAM,
            )
        )
    if vs_httpx:
        rows.append(
            (
                "coach aiohttp / coach httpx (TELEGRAM_HTTP)",
                "-",
                f"{median(vs_httpx):.2f}x (rounds: {per_round(vs_httpx)})",
                None,
            )
        )
    rows.append(
        (
            "coach updates/s (median)",
            f">= {TARGET_UPS:.0f}",
            f"{coach['updates_per_s']:.0f}",
            coach["updates_per_s"] >= TARGET_UPS,
        )
    )
    for k in kinds:
        s = summary[k]
        rows.append(
            (
                f"{k}: CPU/update, updates/s, requests/update",
                "-",
                f"{s['bot_cpu_us_per_update']:.0f} us, {s['updates_per_s']:.0f}/s, "
                f"{s['requests_per_update']:.2f} ("
                + ", ".join(f"{m} {v:.2f}" for m, v in s["requests_by_method_per_update"].items())
                + ")",
                None,
            )
        )
    fake_share = max(s["fake_cpu_share_max"] for s in summary.values())
    rows += [
        ("button presses among updates", "40%", f"{coach['press_share']:.0%}", None),
        (
            "engine alone, in-process CPU/input",
            "-",
            f"{scenario['engine_cpu_us']:.0f} us",
            None,
        ),
        (
            "fake API CPU share (max run)",
            f"< {FAKE_SHARE_LIMIT:.0%} of a core",
            f"{fake_share:.0%}",
            fake_share < FAKE_SHARE_LIMIT,
        ),
        (
            "replies as predicted, in order (chats wrong)",
            "0",
            " / ".join(f"{summary[k]['chats_wrong']} {k}" for k in kinds),
            all(summary[k]["chats_wrong"] == 0 for k in kinds),
        ),
    ]
    info = machine()
    print_table(
        (f"[what if: {args.what_if}] " if args.what_if else "")
        + f"Throughput: {scenario['updates']} updates ({users} users x {args.inputs} inputs, "
        f"{scenario['press_share']:.0%} presses), {rounds} round(s); {info['nproc']} cores, "
        f"{info['cpu']}; DB on {db_fs}",
        rows,
    )
    write_json(
        "throughput-what-if" if args.what_if else "throughput",
        {
            "what_if": args.what_if,
            "machine": info,
            "db_fs": db_fs,
            "quick": args.quick,
            "updates": scenario["updates"],
            "users": users,
            "inputs_per_user": args.inputs,
            "rounds": rounds,
            "targets": {
                "cpu_ratio_vs_ptb_echo_max": TARGET_RATIO_PTB,
                "cpu_ratio_vs_aiogram_echo_below": TARGET_RATIO_AIOGRAM,
                "updates_per_s_min": TARGET_UPS,
            },
            "summary": summary,
            "ratio_vs_ptb_echo": {"rounds": vs_ptb, "median": r_ptb},
            "ratio_vs_aiogram_echo": {"rounds": vs_aiogram, "median": r_aio},
            "ratio_vs_coach_httpx": {
                "rounds": vs_httpx,
                "median": median(vs_httpx) if vs_httpx else None,
            },
            "engine_cpu_us_per_input": scenario["engine_cpu_us"],
            "fake_cpu_share_max": fake_share,
            "ok": {
                "cpu_ratio_vs_ptb_echo": r_ptb <= TARGET_RATIO_PTB,
                "cpu_ratio_vs_aiogram_echo": bool(vs_aiogram) and r_aio < TARGET_RATIO_AIOGRAM,
                "updates_per_s": coach["updates_per_s"] >= TARGET_UPS,
                "order": all(summary[k]["chats_wrong"] == 0 for k in kinds),
            },
            "runs": runs,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
