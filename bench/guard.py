"""How long one job-ask check takes (target: under 1 ms), against a baseline run side by side.

    .venv/bin/python -m bench.guard [--rounds 5]

Each round checks every text of the labelled set (tests/data/job_ask_labelled.jsonl) plus
long call scripts, with the guard's cache cleared before each check; the baseline in the
same round is ``clean_text`` on the same texts (the validation every typed answer already
gets). Prints per-round figures (mean per check; the slowest text, best of 5), then the medians.
"""

from __future__ import annotations

import argparse
import statistics
import time

from flows import guard
from flows.validators import clean_text, job_ask_reasons
from tests.eval_guard import load

OWN_SCRIPT_MAX = 2000  # flows/setup.py: the own script's max_len; reasons are shorter
SCRIPT = (
    "Hello Maria, Professor Lee gave me your name. I'm a third-year biology student exploring "
    "work in clinical research, because I enjoy lab work and want to see how trials are run. "
    "Could I ask you about your work for 20 minutes, at a time that suits you? "
)


def _texts() -> list[str]:
    texts = [row["text"] for row in load()]
    return texts + [SCRIPT, (SCRIPT * 15)[:OWN_SCRIPT_MAX], (SCRIPT * 30)[:4096]]


def _per_check(fn, texts: list[str], clear: bool) -> float:
    start = time.perf_counter()
    for text in texts:
        if clear:
            guard.asks.cache_clear()
        fn(text)
    return (time.perf_counter() - start) / len(texts) * 1e6


def _worst(texts: list[str], tries: int = 5) -> tuple[float, int]:
    """The slowest text's time (best of ``tries``, so a scheduler hiccup does not count)."""
    worst, size = 0.0, 0
    for text in texts:
        best = float("inf")
        for _ in range(tries):
            guard.asks.cache_clear()
            start = time.perf_counter()
            job_ask_reasons(text)
            best = min(best, time.perf_counter() - start)
        if best > worst:
            worst, size = best, len(text)
    return worst * 1e6, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = _texts()
    print(f"{len(texts)} texts; figures in microseconds per check")
    print(f"{'round':>5} {'guard':>8} {'clean_text':>11} {'ratio':>6} {'worst':>8}")
    rows = []
    for number in range(1, args.rounds + 1):
        g = _per_check(job_ask_reasons, texts, clear=True)
        c = _per_check(clean_text, texts, clear=False)
        w, size = _worst(texts)
        rows.append((g, c, w))
        print(f"{number:>5} {g:8.1f} {c:11.1f} {g / c:6.2f} {w:8.1f} ({size} characters)")
    g, c, w = (statistics.median(col) for col in zip(*rows, strict=True))
    print(f"median {g:7.1f} {c:11.1f} {g / c:6.2f} {w:8.1f}   target: under 1000 per check")
    longest, _ = _worst([(SCRIPT * 15)[:OWN_SCRIPT_MAX]])
    print(
        f"the longest text the bot checks (an own script of {OWN_SCRIPT_MAX} characters): "
        f"{longest:.1f}"
    )


if __name__ == "__main__":
    main()
