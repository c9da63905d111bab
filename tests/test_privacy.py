"""The user's data in their hands: /export (JSON per the shipped schema, and a Markdown
summary) and /delete (every row about them, in every table, after a confirmation)."""

from __future__ import annotations

import json
import sqlite3

import jsonschema
import pytest

from bot import export, userdata
from tests.engine_helpers import Chat, make_engine, user_row
from tests.seed_plan import NOTES, seed_other, seed_user

# A table another part of the bot might add later: export and delete must cover it unseen.
LATER_TABLE = (
    "CREATE TABLE practice_rounds (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL,"
    " branch TEXT, score INTEGER, said TEXT)"
)


@pytest.fixture
def seeded(tmp_path):
    engine = make_engine(str(tmp_path / "coach.db"))
    seed_user(engine.store)
    seed_other(engine.store)
    with engine.store.transaction() as conn:
        conn.execute(LATER_TABLE)
        conn.execute("INSERT INTO practice_rounds VALUES (1, 1, 'busy', 4, 'Hello, I am Ann')")
        conn.execute("INSERT INTO practice_rounds VALUES (2, 2, 'yes', 5, 'Hi, Bob here')")
        for uid in (1, 2):  # a starred question each
            conn.execute(
                "INSERT INTO favourite_questions VALUES (?, 'q1', '2026-11-25T10:00:00+00:00')",
                (uid,),
            )
        for uid in (1, 2):  # what the Telegram front end keeps: a handled update, a queued reply
            conn.execute(
                "INSERT INTO inbox (update_id, user_id, chat_id, payload, done, received_at)"
                " VALUES (?, ?, ?, '{}', 1, '2026-11-25T10:00:00+00:00')",
                (700 + uid, uid, uid),
            )
            conn.execute(
                "INSERT INTO outbox (user_id, chat_id, reply, created_at, expires_ts)"
                " VALUES (?, ?, '{\"text\": \"hi\"}', '2026-11-25T10:00:00+00:00', 0)",
                (uid, uid),
            )
    return engine


def user_tables(path: str) -> list[str]:
    """Every table with a user_id column, read straight from sqlite_master."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [
            n
            for n in names
            if any(c[1] == "user_id" for c in conn.execute(f"PRAGMA table_info([{n}])"))
        ]
    finally:
        conn.close()


def rows_of(path: str, table: str, user_id: int) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            f"SELECT * FROM [{table}] WHERE user_id = ? ORDER BY rowid", (user_id,)
        ).fetchall()
    finally:
        conn.close()


def exported(chat: Chat) -> tuple[dict, str]:
    chat.send("/export")
    docs = {d.filename: d.content.decode("utf-8") for d in chat.documents}
    assert sorted(docs) == ["interview-coach-1.json", "interview-coach-1.md"]
    return json.loads(docs["interview-coach-1.json"]), docs["interview-coach-1.md"]


# -- the schema ---------------------------------------------------------------------------


def test_shipped_schema_is_current():
    shipped = export.SCHEMA_PATH.read_text(encoding="utf-8")
    assert shipped == export.schema_json(), (
        "docs/export.schema.json is stale: run python -m bot.export"
    )


# -- /export ------------------------------------------------------------------------------


def test_export_validates_against_the_schema_and_round_trips_every_field(seeded):
    chat = Chat(seeded, 1, "Ann")
    chat.send("/start", update_id=501)  # a processed update of this user: stored, so exported
    data, _ = exported(chat)
    jsonschema.validate(data, json.loads(export.SCHEMA_PATH.read_text(encoding="utf-8")))
    # parsed back by the model and written again: the same document
    assert json.loads(export.to_json(export.Export.model_validate(data))) == data
    assert data["schema_version"] == 1
    # every column of every row about the user, in every table, is in the export unchanged
    db = seeded.store.db
    stored = userdata.rows_of(db, 1)
    assert set(stored) == set(user_tables(seeded.store.path))
    sections = {"users": [data["user"]], "progress": data["answers"],
                "contacts": data["contacts"], "reminders": data["reminders"]}  # fmt: skip
    for table, rows in stored.items():
        out = sections.get(table) or data["other_tables"][table]
        assert len(out) == len(rows), table
        for row, got in zip(rows, out, strict=True):
            for column, value in row.items():
                assert got[column] == value, (table, column)
    assert data["other_tables"]["practice_rounds"] == [
        {"id": 1, "user_id": 1, "branch": "busy", "score": 4, "said": "Hello, I am Ann"}
    ]
    assert "processed_updates" in data["other_tables"]
    # nothing of the other user
    text = json.dumps(data)
    assert "Kim" not in text and "Bob" not in text and "Law & Co" not in text


def test_export_has_profile_stages_meetings_notes_and_reminders(seeded):
    data, _ = exported(Chat(seeded, 1, "Ann"))
    assert data["user"]["name"] == "Ann Smith" and data["user"]["tz"] == "Europe/Berlin"
    assert data["profile"]["career_goal"] == "UX research"
    stages = {c["name"] or c["org"]: c["stage"] for c in data["contacts"]}
    assert stages["Rita Diaz"] == "referred" and stages["Uma Stone"] == "closed"
    assert stages["Omar"] == "meeting_set" and stages["Acme Health"] == "to_contact"
    sam = next(c for c in data["contacts"] if c["name"] == "Sam Lee")
    tara = next(c for c in data["contacts"] if c["name"] == "Tara Wu")
    assert tara["referred_by_id"] == sam["id"]
    meetings = {m["contact_id"]: m for m in data["meetings"]}
    omar = next(c for c in data["contacts"] if c["name"] == "Omar")
    assert meetings[omar["id"]]["place"] == "Gamma HQ" and meetings[omar["id"]]["minutes"] == 30
    assert not meetings[omar["id"]]["happened"]
    assert [n["text"] for n in data["notes"]] == [NOTES]
    kinds = sorted(r["kind"] for r in data["reminders"])
    assert "call" in kinds and "thank_you" in kinds and "follow_up_again" in kinds


def test_markdown_summary_reads_as_a_plan(seeded):
    _, md = exported(Chat(seeded, 1, "Ann"))
    assert md.startswith("# Information-interview plan: Ann Smith\n")
    assert "- **Career goal:** UX research" in md
    assert "## Contacts (12)" in md
    assert "- **Tara Wu**: call planned (name from Sam Lee)" in md
    assert "- Meeting with Omar: Thu 26 Nov 2026, 14:00 (Europe/Berlin), Gamma HQ" in md
    # the user's own text cannot turn into Markdown it did not mean
    assert "Ask \\*Jan\\* about \\[research\\] ops" in md
    assert "Kim" not in md


def test_export_of_a_brand_new_user_is_valid_too(engine):
    chat = Chat(engine, 7, "Neo")
    chat.send("/export")
    data = json.loads(chat.documents[0].content)
    jsonschema.validate(data, json.loads(export.SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["contacts"] == [] and data["user"]["user_id"] == 7
    assert "Step 1 of 8" in chat.last  # back at the step


# -- /delete ------------------------------------------------------------------------------


def test_delete_after_confirmation_erases_every_row_of_the_user_only(seeded):
    path = seeded.store.path
    Chat(seeded, 2, "Bob").send("/start", update_id=900)
    chat = Chat(seeded, 1, "Ann")
    chat.send("/start", update_id=901)
    tables = user_tables(path)
    assert {"users", "contacts", "progress", "reminders", "processed_updates",
            "practice_rounds"} <= set(tables)  # fmt: skip
    filled = ("users", "contacts", "progress", "reminders", "processed_updates",
              "practice_rounds", "inbox", "outbox", "favourite_questions")  # fmt: skip
    assert all(rows_of(path, t, 1) for t in filled)  # the user is in each of these
    others = {t: rows_of(path, t, 2) for t in tables}
    chat.send("/delete")
    assert "This deletes everything I keep about you" in chat.last
    assert chat.choices == ["Yes, delete everything", "No, keep it"]
    assert all(rows_of(path, t, 1) for t in filled)  # nothing yet
    chat.send("yes")  # typed: the button is asked for
    assert "please tap one of the buttons" in chat.last
    chat.click("Yes, delete everything")
    assert "everything I kept about you is deleted, reminders included" in chat.last
    for table in user_tables(path):
        assert rows_of(path, table, 1) == [], table
        assert rows_of(path, table, 2) == others.get(table, []), table
    # writing again starts from scratch
    chat.send("/start")
    assert "Step 1 of 8" in chat.last
    assert user_row(seeded, 1)["answers"] == {}


def test_delete_can_be_declined(seeded):
    path = seeded.store.path
    before = {t: rows_of(path, t, 1) for t in ("contacts", "progress", "practice_rounds")}
    chat = Chat(seeded, 1, "Ann")
    chat.send("/delete")
    chat.click("No, keep it")
    assert "Nothing was deleted" in chat.last
    assert {t: rows_of(path, t, 1) for t in before} == before
    assert len(rows_of(path, "reminders", 1)) >= 5


async def test_export_and_delete_over_telegram(tmp_path):
    from tests.fakeapi import FakeBotAPI
    from tests.tg_flow import TgChat, bot_and_watcher

    db = str(tmp_path / "coach.db")
    engine = make_engine(db)
    seed_user(engine.store)
    seed_other(engine.store)
    engine.store.close()
    async with FakeBotAPI() as api, bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, 1)
        await ann.send("/export")
        files = {c.document_name: c.document_bytes for c in ann.new_calls if c.document_name}
        assert sorted(files) == ["interview-coach-1.json", "interview-coach-1.md"]
        assert len(json.loads(files["interview-coach-1.json"])["contacts"]) == 12
        await ann.send("/delete")
        await ann.click("Yes, delete everything")
        assert "everything I kept about you is deleted" in ann.last
    for table in user_tables(db):
        assert rows_of(db, table, 1) == [], table
    assert len(rows_of(db, "contacts", 2)) == 1


def test_delete_also_erases_queued_replies_and_updates_that_name_the_user_only_by_chat(seeded):
    """The inbox and outbox name a user by their private chat too (its id is theirs): a row
    whose user_id is empty is still theirs, and goes with the rest."""
    path = seeded.store.path
    with seeded.store.transaction() as conn:
        for uid in (1, 2):
            conn.execute(
                "INSERT INTO outbox (user_id, chat_id, reply, created_at, expires_ts)"
                " VALUES (NULL, ?, '{\"text\": \"Your call card\"}', '2026-11-25', 0)",
                (uid,),
            )
            conn.execute(
                "INSERT INTO inbox (update_id, user_id, chat_id, payload, done, received_at)"
                " VALUES (?, NULL, ?, '{}', 1, '2026-11-25')",
                (800 + uid, uid),
            )
    chat = Chat(seeded, 1, "Ann")
    chat.send("/delete")
    chat.click("Yes, delete everything")
    for table in ("inbox", "outbox"):
        assert rows_where(path, table, "chat_id = 1 OR user_id = 1") == [], table
        assert len(rows_where(path, table, "chat_id = 2")) == 2, table  # Bob's stay


def rows_where(path: str, table: str, condition: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM [{table}] WHERE {condition}").fetchall()
    finally:
        conn.close()
