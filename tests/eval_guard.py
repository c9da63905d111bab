"""Precision and recall of the job-ask guard on the labelled texts in tests/data.

python -m tests.eval_guard            # the figures
python -m tests.eval_guard --errors   # and every text it gets wrong
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from flows.validators import job_ask_reasons

LABELLED = Path(__file__).parent / "data" / "job_ask_labelled.jsonl"


@dataclass
class Score:
    """Counts of one run over the labelled set, with the texts it got wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[tuple[bool, str, list[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load(path: Path = LABELLED) -> list[dict]:
    """The labelled texts: {"text", "ask", "field"} per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(rows: list[dict]) -> Score:
    """Run the guard over every text and count hits and misses."""
    score = Score()
    for row in rows:
        found = job_ask_reasons(row["text"])
        flagged = bool(found)
        if row["ask"] and flagged:
            score.tp += 1
        elif row["ask"]:
            score.fn += 1
            score.wrong.append((True, row["text"], found))
        elif flagged:
            score.fp += 1
            score.wrong.append((False, row["text"], found))
        else:
            score.tn += 1
    return score


def main(argv: list[str]) -> int:
    rows = load()
    score = evaluate(rows)
    asks = sum(r["ask"] for r in rows)
    print(f"{len(rows)} texts ({asks} job asks, {len(rows) - asks} not)")
    print(f"precision {score.precision:.3f}  recall {score.recall:.3f}")
    print(f"tp {score.tp}  fp {score.fp}  fn {score.fn}  tn {score.tn}")
    if "--errors" in argv:
        for is_ask, text, found in score.wrong:
            kind = "missed ask" if is_ask else "false alarm"
            print(f"{kind}: {text!r} {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
