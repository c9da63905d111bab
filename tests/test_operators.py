"""The operator's commands, run as a person runs them: ``python -m bot stats`` and
``python -m bot export --user ID`` in a subprocess, against a seeded SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest

from bot import export
from bot.storage import Store, User
from tests.seed_plan import seed_other, seed_user
from tests.tg_helpers import ROOT

PERSONAL = ("Rita", "Tara", "Omar", "Gamma", "UX research", "Kim", "Law", "Great talk", "Ann")


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_PATH"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("ops") / "coach.db")
    now = datetime.now(UTC).replace(microsecond=0)
    store = Store(path)
    seed_user(store, 1, now)
    seed_other(store, 2, now)
    old = (now - timedelta(days=30)).isoformat()
    with store.transaction():  # a third user: blocked, paused, away for a month
        store.insert_user(User(3, "Cy"), old)
        store.save_user(User(3, "Cy", paused=True, blocked=True), old)
    store.close()
    return path


def test_stats_json_counts_match_the_seeded_database(db):
    done = run("stats", "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "users": 3,
        "users_active_last_7_days": 2,
        "active_plans": 2,
        "blocked_users": 1,
        "paused_users": 1,
        "contacts": 13,
        "contacts_by_stage": {
            "to_contact": 2,
            "person_found": 1,
            "call_planned": 3,
            "waiting": 1,
            "called": 1,
            "meeting_set": 1,
            "met": 1,
            "thanked": 1,
            "referred": 1,
            "closed": 1,
        },
        "pending_reminders": 6,
        "pending_reminders_by_kind": {
            "call": 2,
            "follow_up_again": 1,
            "follow_up_move_on": 1,
            "follow_up_second_person": 1,
            "thank_you": 1,
        },
    }


def test_stats_for_people_reads_well_and_shows_no_personal_text(db):
    done = run("stats", "--db", db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "users: 3 (2 active in the last 7 days)"
    assert "active plans (a contact still to work on): 2" in lines
    assert "blocked users: 1" in lines
    assert "  call_planned: 3" in lines
    assert "pending reminders: 6" in lines
    for word in PERSONAL:
        assert word not in done.stdout


def test_export_command_writes_the_two_files(db, tmp_path):
    done = run("export", "--user", "1", "--db", db, "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    json_path, md_path = (tmp_path / "out" / name for name in export.filenames(1))
    assert done.stdout.split() == [str(json_path), str(md_path)]
    data = json.loads(json_path.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(export.SCHEMA_PATH.read_text(encoding="utf-8")))
    assert len(data["contacts"]) == 12 and data["user"]["user_id"] == 1
    assert md_path.read_text(encoding="utf-8").startswith("# Information-interview plan")


def test_export_of_an_unknown_user_or_database_says_so(db, tmp_path):
    done = run("export", "--user", "99", "--db", db, "--out", str(tmp_path))
    assert done.returncode == 2
    assert "nothing is stored about user 99" in done.stderr
    assert list(tmp_path.iterdir()) == []
    missing = run("stats", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 2 and "no database" in missing.stderr
    assert not (tmp_path / "nope.db").exists()
