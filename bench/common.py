"""Shared pieces of the benchmarks: the fake Bot API process, bot processes, scripted users,
/proc readings, the result table and JSON."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
PY = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")
SENTINEL_USER = 999_999_999


def _fresh_db(workdir: Path, stem: str) -> Path:
    """A database path in ``workdir`` that no earlier run used."""
    db, index = workdir / f"{stem}.db", 1
    while db.exists():
        index += 1
        db = workdir / f"{stem}-{index}.db"
    return db


# -- machine and process readings -----------------------------------------------------------
def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        import telegram

        info["python-telegram-bot"] = telegram.__version__
    except Exception:  # noqa: BLE001
        pass
    tmp = tempfile.gettempdir()
    info["tmp_fs"] = fs_type(tmp)
    info["code"] = code_fingerprint()  # of bot/ and flows/ when the figures were taken
    return info


def fs_type(path: str) -> str:
    """The file system type under ``path`` (from /proc/mounts), e.g. ext4 or tmpfs."""
    best, kind = "", "?"
    try:
        real = os.path.realpath(path)
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            mount = parts[1]
            if (real == mount or real.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(
                best
            ):
                best, kind = mount, parts[2]
    except OSError:
        pass
    return kind


def code_fingerprint() -> str:
    """A digest of bot/ and flows/: a bot process started after a change runs other code
    than the in-process engine that computed the expected replies."""
    digest = hashlib.sha1()
    for path in sorted((ROOT / "bot").glob("*.py")) + sorted((ROOT / "flows").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_mem(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process, in MB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, value = line.split(":", 1)
            out[key] = int(value.split()[0]) / 1024
    return {"rss_mb": out.get("VmRSS", 0.0), "peak_mb": out.get("VmHWM", 0.0)}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(p / 100 * len(ordered) + 0.5))))
    return ordered[rank - 1]


# -- output ---------------------------------------------------------------------------------
def print_table(title: str, rows: list[tuple[str, str, str, bool | None]]) -> None:
    """figure | target | measured | ok?"""
    head = ("figure", "target", "measured", "ok?")
    cells = [head] + [
        (f, t, m, "-" if ok is None else ("yes" if ok else "NO")) for f, t, m, ok in rows
    ]
    widths = [max(len(str(r[i])) for r in cells) for i in range(4)]
    print(f"\n{title}")
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    for i, row in enumerate(cells):
        print("|".join(f" {str(c):<{w}} " for c, w in zip(row, widths, strict=True)))
        if i == 0:
            print(line)
    print(line)


def write_json(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"benchmark": name, "when": time.strftime("%Y-%m-%d %H:%M:%S %z"), **data}
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"written: {path.relative_to(ROOT)}")
    return path


# -- the fake Bot API in its own process ------------------------------------------------------
class FakeProcess:
    """``bench/fakeserver.py`` as a child process, driven over its control API."""

    def __init__(self, poll_cap: float = 1.0) -> None:
        self.proc = subprocess.Popen(
            [PY, "-m", "bench.fakeserver", "--poll-cap", str(poll_cap)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fake Bot API process did not start")
        info = json.loads(line)
        self.base_url: str = info["base_url"]
        self.base_file_url: str = info["base_file_url"]
        self.token: str = info["token"]
        self.control: str = info["control"]
        self.pid: int = info["pid"]

    def call(self, cmd: str, timeout: float = 900, **body: Any) -> Any:
        req = urllib.request.Request(
            f"{self.control}/{cmd}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = json.loads(resp.read())
        if not answer.get("ok"):
            raise RuntimeError(f"fake {cmd}: {answer.get('error')}")
        return answer["result"]

    def load(self, events: list[list[Any]], workdir: Path) -> int:
        path = workdir / "events.json"
        path.write_text(json.dumps(events), encoding="utf-8")
        return self.call("load", path=str(path))

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.call("quit", timeout=5)
                self.proc.wait(5)
            except Exception:  # noqa: BLE001
                self.proc.kill()
                self.proc.wait(5)

    def __enter__(self) -> FakeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- bot processes -------------------------------------------------------------------------------
def start_full_bot(
    fake: FakeProcess,
    db: Path,
    log: Path,
    profile: Path | None = None,
    rate_limiter: bool = True,
    what_if: str = "",
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """The coach bot (bench/bot_runner.py) against the fake; ``rate_limiter=False`` drops
    rate limiter (AIORateLimiter) to measure processing capacity."""
    cmd = [
        PY,
        "-m",
        "bench.bot_runner",
        "--base-url",
        fake.base_url,
        "--file-url",
        fake.base_file_url,
        "--token",
        fake.token,
        "--db",
        str(db),
    ]
    if profile:
        cmd += ["--profile", str(profile)]
    if not rate_limiter:
        cmd.append("--no-rate-limiter")
    if what_if:
        cmd += ["--what-if", what_if]
    return _spawn(cmd, log, env)


def start_echo_bot(fake: FakeProcess, log: Path, profile: Path | None = None) -> subprocess.Popen:
    """The bare echo bot (bench/echo_bot.py) against the fake."""
    return _start_echo("bench.echo_bot", fake, log, profile)


def _start_echo(
    module: str, fake: FakeProcess, log: Path, profile: Path | None
) -> subprocess.Popen:
    """An echo bot module against the fake, optionally under the profiler."""
    cmd = [PY, "-m", module, "--base-url", fake.base_url, "--file-url", fake.base_file_url]
    cmd += ["--token", fake.token] + (["--profile", str(profile)] if profile else [])
    return _spawn(cmd, log)


def _spawn(cmd: list[str], log: Path, extra: dict[str, str] | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    with open(log, "ab") as out:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> int | None:
    """SIGTERM and wait (SIGKILL if it hangs)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return proc.returncode


class Workdir:
    """A temporary folder for databases and logs, removed afterwards unless ``keep``."""

    def __init__(self, name: str, keep: bool = False) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self.keep = keep

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc: object) -> None:
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)


# -- scripted users ----------------------------------------------------------------------------
FIRST_NAMES = ["Ann", "Ben", "Chiara", "Dmitri", "Esra", "Femi", "Grace", "Hiro", "Ines", "Jonas"]
STRENGTHS = [
    "Listening, writing clearly",
    "Explaining things simply, patience",
    "Organising events and people",
    "Data analysis and Excel",
    "Drawing, layout, an eye for detail",
    "Languages: Spanish and German",
]
INTERESTS = [
    "Health tech and design",
    "How cities plan transport",
    "Climate and energy",
    "Teaching teenagers",
    "Food science",
    "Museums and archives",
]
VALUES = [
    "Autonomy and learning",
    "Helping people directly",
    "Security and a team I trust",
    "Creativity and variety",
    "Fairness, a calm pace",
]
GOALS = [
    "UX research in health care",
    "Urban planning",
    "Energy policy analyst",
    "Secondary school teacher",
    "Food quality assurance",
    "Archivist",
    "Hospital pharmacist",
]
ORGS = [
    "Acme Health",
    "Globex Medical",
    "Initech Labs",
    "City Transit Authority",
    "Green Grid Co",
    "Northside High School",
    "FreshFoods Ltd",
    "National Archive",
    "St. Mary's Hospital",
    "Umbrella Research",
]
RELATIONS = ["Professor", "Former employer", "Family", "Friend"]
PEOPLE = ["Dr. Maria Lopez", "Tom Jones", "Priya Shah", "Ahmed Karimi", "Lena Vogel", "Sam Wu"]
TITLES = ["Lead UX Researcher", "Senior Planner", "Policy Advisor", "Head of Quality"]


def user_script(rng: random.Random) -> list[tuple[str, str]]:
    """One user's walk through the preparation and into the first contact's set-up.

    Text wherever the bot accepts it (typed labels and numbers count as choices); the
    welcome's "Let's start" is a real button press.
    """
    orgs = rng.sample(ORGS, 3)
    return [
        ("t", "/start"),
        ("b", "p|welcome|go"),
        ("t", "Not yet"),
        ("t", rng.choice(STRENGTHS)),
        ("t", rng.choice(INTERESTS)),
        ("t", rng.choice(VALUES)),
        ("t", rng.choice(GOALS)),
        ("t", "1"),  # identity: the first choice, typed as a number
        ("t", "1"),  # what to say about yourself: the button's line, kept
        ("t", "/skip"),  # your own number: left off
        ("t", orgs[0]),
        ("t", orgs[1]),
        ("t", orgs[2]),
        ("t", "Done"),
        ("t", rng.choice(RELATIONS)),
        ("t", rng.choice(PEOPLE)),
        ("t", "Done"),
        ("t", "Set up a contact"),
        ("t", "1"),  # the first organization
        ("t", "I have a name"),
        ("t", rng.choice(PEOPLE)),
        ("t", rng.choice(TITLES)),
    ]


def build_events(
    users: int, steps: int, *, seed: int = 1, order: str = "random", first_user: int = 100_000
) -> list[list[Any]]:
    """``users`` users, ``steps`` inputs each (at most 20), interleaved across users with each
    user's own order kept; a sentinel user's /start comes last.

    ``order="random"``: a random user's next input each time; ``"round_robin"``: user 1, 2, ...;
    ``"staggered"``: users start one after another over the first half of the run and each
    then sends an input every ``1/(2*steps)`` of it, so every step (the button press too) is
    spread over the run instead of bunched.
    """
    rng = random.Random(seed)
    scripts = {}
    for i in range(users):
        uid = first_user + i
        name = FIRST_NAMES[i % len(FIRST_NAMES)]
        scripts[uid] = (name, user_script(rng)[:steps])
    events: list[list[Any]] = []
    if order == "staggered":
        timed = []
        for j, (uid, (name, script)) in enumerate(scripts.items()):
            start = j / users * 0.5
            for k, (kind, text) in enumerate(script):
                timed.append((start + k * 0.5 / steps, j, [uid, kind, text, name]))
        events = [ev for _, _, ev in sorted(timed, key=lambda t: (t[0], t[1]))]
    elif order == "round_robin":
        for step in range(steps):
            for uid, (name, script) in scripts.items():
                if step < len(script):
                    kind, text = script[step]
                    events.append([uid, kind, text, name])
    else:
        cursors = {uid: 0 for uid in scripts}
        live = list(scripts)
        while live:
            pick = rng.randrange(len(live))
            uid = live[pick]
            name, script = scripts[uid]
            kind, text = script[cursors[uid]]
            events.append([uid, kind, text, name])
            cursors[uid] += 1
            if cursors[uid] >= len(script):
                live[pick] = live[-1]
                live.pop()
    events.append([SENTINEL_USER, "t", "/start", "Zed"])
    return events


_IMPORTED_CODE: str | None = None


def offline_run(events: list[list[Any]], workdir: Path) -> dict[str, Any]:
    """Feed the events to an Engine in this process (no Telegram): fills each button press
    with the message it was pressed on, and returns the replies each chat must get, in order,
    plus the engine's own CPU per input."""
    global _IMPORTED_CODE
    if _IMPORTED_CODE is None:  # the code this process imports (once) and replays with
        _IMPORTED_CODE = code_fingerprint()
    from bench.fakeserver import digest
    from bot.engine import Engine
    from bot.replies import Input
    from bot.storage import Store
    from bot.telegram_app import split_text

    store = Store(str(_fresh_db(workdir, "offline")))
    engine = Engine(store)
    last_keyboard: dict[int, tuple[str, list]] = {}
    expected: dict[str, list[int]] = {}
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for update_id, ev in enumerate(events, start=1):
        uid, kind, data, name = ev[0], ev[1], ev[2], ev[3]
        if kind == "b":
            text, rows = last_keyboard.get(uid, ("", []))
            ev[4:] = [text, rows]
            inp = Input("button", data)
        else:
            inp = Input("text", data)
        replies = engine.handle(uid, inp, update_id=update_id, first_name=name)
        engine.delivered(update_id)
        sent = expected.setdefault(str(uid), [])
        for reply in replies:
            if reply.document is not None:
                continue
            sent.extend(digest(chunk) for chunk in split_text(reply.text))
            if reply.choices:
                rows = [[{"text": lbl, "callback_data": d}] for d, lbl in reply.choices]
                last_keyboard[uid] = (reply.text, rows)
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    store.close()
    return {
        "expected": expected,
        "code": _IMPORTED_CODE,
        "engine_cpu_us": cpu / len(events) * 1e6,
        "engine_wall_us": wall / len(events) * 1e6,
    }


def echo_expected(events: list[list[Any]]) -> dict[str, list[int]]:
    """What the echo bot must send back: each text, in order, per chat."""
    from bench.fakeserver import digest

    expected: dict[str, list[int]] = {}
    for ev in events:
        if ev[1] == "t":
            expected.setdefault(str(ev[0]), []).append(digest(ev[2]))
    return expected


def compare_replies(expected: dict[str, list[int]], got: dict[str, list[int]]) -> dict[str, Any]:
    """Chats whose replies differ from the expected sequence (missing, extra or out of order)."""
    bad = [chat for chat, want in expected.items() if got.get(chat, []) != want]
    extra = [chat for chat in got if chat not in expected]
    return {
        "chats": len(expected),
        "chats_wrong": len(bad) + len(extra),
        "examples": (bad + extra)[:5],
        "replies_expected": sum(len(v) for v in expected.values()),
        "replies_got": sum(len(v) for v in got.values()),
    }


def wait_log_line(log: Path, needle: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and needle in log.read_text(errors="replace"):
            return True
        time.sleep(0.02)
    return False


# -- closed-loop users (bench.users) ---------------------------------------------------------
def loop_users(users: int, budget: int, seed: int = 1, first_user: int = 100_000) -> list[list]:
    """``[uid, first_name, budget, seed]`` for each simulated user."""
    return [[first_user + i, FIRST_NAMES[i % len(FIRST_NAMES)], budget, seed] for i in range(users)]


def offline_loop(users: list[list], workdir: Path) -> dict[str, Any]:
    """Every simulated user against an Engine in this process (no Telegram), turn by turn,
    users interleaved: the inputs each will send (with the message a press was made on, for
    the baselines' replay), the replies each chat must then get from the coach, what the echo
    bots must send back, and the engine's own CPU per input."""
    global _IMPORTED_CODE
    if _IMPORTED_CODE is None:
        _IMPORTED_CODE = code_fingerprint()
    from bench.fakeserver import digest
    from bench.users import SimUser, as_message
    from bot.engine import Engine
    from bot.replies import Input
    from bot.storage import Store
    from bot.telegram_app import split_text

    store = Store(str(_fresh_db(workdir, "offline-loop")))
    engine = Engine(store)
    brains = {uid: SimUser(uid, name, budget, seed) for uid, name, budget, seed in users}
    names = {uid: name for uid, name, _, _ in users}
    seen: dict[int, list[dict]] = {uid: [] for uid in brains}
    scripts: dict[str, list[list]] = {str(uid): [] for uid in brains}
    counts: dict[str, list[int]] = {str(uid): [] for uid in brains}  # messages per input
    expected: dict[str, list] = {}
    echo: dict[str, list] = {}
    live = list(brains)
    update_id = 0
    cpu = 0.0
    wall = 0.0
    while live:
        still = []
        for uid in live:
            nxt = brains[uid].next_input(seen[uid])
            if nxt is None:
                continue
            still.append(uid)
            kind, data, pressed = nxt
            if kind == "b":
                rows = [[{"text": lbl, "callback_data": d}] for lbl, d in pressed["buttons"]]
                scripts[str(uid)].append([kind, data, pressed["text"], rows])
            else:
                scripts[str(uid)].append([kind, data, None, None])
            echo.setdefault(str(uid), []).append(digest(data))
            update_id += 1
            inp = Input("button", data) if kind == "b" else Input("text", data)
            w0, c0 = time.perf_counter(), time.process_time()
            replies = engine.handle(uid, inp, update_id=update_id, first_name=names[uid])
            engine.delivered(update_id)
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            msgs = []
            for reply in replies:
                if reply.document is not None:
                    continue
                chunks = split_text(reply.text)
                for i, chunk in enumerate(chunks):
                    msgs.append(as_message(chunk, reply.choices if i == len(chunks) - 1 else []))
            seen[uid] = msgs
            counts[str(uid)].append(len(msgs))
            expected.setdefault(str(uid), []).extend(digest(m["text"]) for m in msgs)
        live = still
    store.close()
    presses = sum(b.presses for b in brains.values())
    return {
        "scripts": scripts,
        "counts": counts,
        "expected": expected,
        "echo": echo,
        "updates": update_id,
        "presses": presses,
        "unknown_steps": sum(b.unknown for b in brains.values()),
        "code": _IMPORTED_CODE,
        "engine_cpu_us": cpu / max(update_id, 1) * 1e6,
        "engine_wall_us": wall / max(update_id, 1) * 1e6,
    }


def start_aiogram_echo(
    fake: FakeProcess, log: Path, profile: Path | None = None
) -> subprocess.Popen:
    """The bare aiogram echo bot (bench/aiogram_echo.py) against the fake."""
    return _start_echo("bench.aiogram_echo", fake, log, profile)
