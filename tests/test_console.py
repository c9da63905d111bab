"""The terminal chat as a person uses it: a subprocess, typed lines, printed answers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PREPARATION = [
    "1",  # Let's start
    "Not yet",
    "Explaining things, drawing",
    "How people use apps",
    "Creativity and helping people",
    "UX research",
    "a student",  # typed, not a button
    "I'm a second-year design student",  # said my way, instead of "a student"
    "+1 555 010 9999",  # my number, for the voicemail line
    "Acme Design",
    "Globex",
    "done",
    "Friend",
    "Sam Rivera",
    "Done",
]


def run_console(db: Path, lines: list[str], user: int = 1, timeout: float = 30) -> str:
    """Start the console, type the lines, close stdin; return what it printed."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db), "--user", str(user)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "TELEGRAM_BOT_TOKEN": ""},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def test_console_numbers_choices_and_takes_labels(tmp_path):
    out = run_console(tmp_path / "c.db", ["1", "not yet"])
    assert "1) Let's start" in out
    assert "1) Yes, I have" in out and "2) Not yet" in out
    assert "1 of 3. What are you good at?" in out
    assert out.rstrip().endswith(
        "Bye for now. Your answers are saved; start again any time to carry on."
    )


# After PREPARATION: Acme Design's set-up to the outcome of a call made right now.
TO_OUTCOME = [
    "Set up a contact",
    "Acme Design",
    "Jamie Cole",  # the name to give on calls: the console never knew it
    "I have a name",
    "Dana Whitfield",
    "Lead UX Researcher",
    "+1 555 123 4567",
    "1",  # Use: UX research
    "I love finding out why people get stuck",
    "20 minutes",
    "1",  # Use: The front desk at Acme Design gave me your name
    "I'll call",
    "Ready to call",
    "Berlin",
    "/skip",  # calling right now
]


def test_whole_preparation_and_a_setup_ending_in_a_referral(tmp_path):
    db = tmp_path / "c.db"
    setup = [
        *TO_OUTCOME,
        "Gave me other names",
        "Priya Natarajan",
        "/skip",
        "Add another name",
        "Leo Park",
        "+44 20 7946 0958",
        "That's all",
        "Done, I thanked them",
        "Next contact",
    ]
    out = run_console(db, PREPARATION + setup)
    assert "Organizations: Acme Design, Globex" in out
    assert "People you know: Sam Rivera (friend)" in out
    assert "First, find the right person at Acme Design" in out
    assert "Who you are: a second-year design student" in out
    assert "\u260e Dial +1 555 123 4567" in out
    assert "Hi Dana, my name is Jamie Cole; I'm a second-year design student." in out
    assert "My number is +1 555 010 9999." in out
    assert "I've added Priya Natarajan and Leo Park to your contacts" in out
    # The referrals are contacts now, offered in the list with the others.
    assert "Priya Natarajan (Acme Design)" in out
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT name, kind, referred_by, phone FROM contacts WHERE kind = 'referral' ORDER BY id"
    ).fetchall()
    assert rows == [
        ("Priya Natarajan", "referral", "Dana Whitfield", None),
        ("Leo Park", "referral", "Dana Whitfield", "+44 20 7946 0958"),
    ]
    # A referral's call card says who sent the user, first.
    out = run_console(
        db,
        [
            "Leo Park (Acme Design)",
            "1",
            "1",
            "Curious about research methods",
            "30",
            "1",
            "I'll call",
        ],
    )
    assert "Acme Design, suggested by Dana Whitfield" in out
    assert "\u260e Dial +44 20 7946 0958" in out
    assert "\u201cHi Leo, Dana Whitfield suggested I talk to you. My name is Jamie Cole" in out
    # A friend gets a warm message instead of a call.
    out = run_console(
        db,
        [
            "/plan",
            "Set up a contact",
            "Sam Rivera",
            "/skip",
            "1",
            "I like how design teams work",
            "20",
            "I'll write",
        ],
    )
    assert "How did you get" not in out
    message = out.split("Your message to Sam Rivera\nYour friend\n")[1].split("\u201d")[0]
    assert message.startswith("For e-mail or LinkedIn. Subject line: A question about UX")
    assert "\u201cHi Sam,\n\nI hope you're well!" in message
    assert "20 minutes? A video call is fine" in message
    assert len(message.split("\u201c", 1)[1].split()) < 100
    assert not any(w in message.casefold() for w in ("cv", "resume", "r\u00e9sum\u00e9"))


def test_quit_and_continue_later_at_the_same_step(tmp_path):
    db = tmp_path / "c.db"
    run_console(db, ["1", "Not yet", "Listening", "/quit", "ignored after quit"])
    out = run_console(db, [])
    assert "Welcome back" in out
    assert "2 of 3. What do you enjoy doing or learning about?" in out


def test_killed_console_resumes_with_every_answer(tmp_path):
    db = tmp_path / "c.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--db", str(db), "--user", "7"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    for line in ["1", "Not yet", "Patient listener"]:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
    deadline = time.monotonic() + 20
    conn = sqlite3.connect(db)
    while time.monotonic() < deadline:
        try:
            row = conn.execute(
                "SELECT state FROM progress WHERE user_id = 7 AND flow = 'prep'"
            ).fetchone()
        except sqlite3.OperationalError:  # the console has not created the tables yet
            row = None
        if row and row[0] == "assess_interests":
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    out = run_console(db, ["Music", "/back"], user=7)
    assert "2 of 3. What do you enjoy doing or learning about?" in out
    assert "Keep: Music" in out
    answers = conn.execute(
        "SELECT answers FROM progress WHERE user_id = 7 AND flow = 'prep'"
    ).fetchone()[0]
    assert "Patient listener" in answers and "Music" in answers


def test_bad_database_path_is_one_clear_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(blocker / "coach.db")],
        input="",
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("Error:")


def test_corrupt_database_is_one_clear_line(tmp_path):
    db = tmp_path / "coach.db"
    db.write_bytes(b"this is not sqlite at all" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db)],
        input="",
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "cannot be used" in proc.stderr
