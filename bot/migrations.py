"""Numbered schema migrations on sqlite-utils' ``Migrations``; each runs once, in its own
transaction, and re-running ``migrate`` is safe.

A migration is a function of the connection, registered with ``@migration(number, name)``;
it is recorded in ``_sqlite_migrations`` under ``"NNN name"``. Databases from before
sqlite-utils kept the record (a ``migrations`` table of numbers) are adopted as they are.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils
from sqlite_utils import Migrations

MIGRATION_SET = "interview-coach"
MIGRATIONS: list[tuple[int, str, Callable[[sqlite3.Connection], None]]] = []


def migration(number: int, name: str):
    """Register a migration under its number."""

    def register(fn: Callable[[sqlite3.Connection], None]):
        MIGRATIONS.append((number, name, fn))
        return fn

    return register


@migration(1, "users, contacts, processed updates")
def m001_core(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE IF NOT EXISTS users (
            user_id INTEGER PRIMARY KEY,
            first_name TEXT,
            prep_state TEXT NOT NULL DEFAULT 'welcome',
            prep_answers TEXT NOT NULL DEFAULT '{}',
            prep_history TEXT NOT NULL DEFAULT '[]',
            active_contact INTEGER,
            overlay TEXT,
            tz TEXT,
            paused INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            org TEXT,
            name TEXT,
            relation TEXT,
            phone TEXT,
            referred_by TEXT,
            referred_by_id INTEGER,
            state TEXT NOT NULL DEFAULT 'new',
            answers TEXT NOT NULL DEFAULT '{}',
            history TEXT NOT NULL DEFAULT '[]',
            stage TEXT NOT NULL DEFAULT 'to_contact',
            started INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS contacts_by_user ON contacts(user_id);
        CREATE TABLE IF NOT EXISTS processed_updates (
            update_id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL,
            replies TEXT,
            sent INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    )


@migration(2, "reminders")
def m002_reminders(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE IF NOT EXISTS reminders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL,
            contact_id INTEGER,
            kind TEXT NOT NULL,
            due_ts INTEGER NOT NULL,
            event_ts INTEGER,
            expires_ts INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            payload TEXT NOT NULL DEFAULT '{}',
            sent_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS reminders_due ON reminders(status, due_ts);
        CREATE INDEX IF NOT EXISTS reminders_by_user ON reminders(user_id, status);
        """,
    )


# Control keys that older versions kept among the answers, and their names as flags.
_OLD_FLAGS = {
    "_complete": "complete",
    "_editing": "editing",
    "_flagged": "flagged",
    "_flagged_field": "flagged_field",
    "_partial_when": "partial_when",
}


def _split_flags(answers_json: str | None) -> tuple[str, str]:
    answers = json.loads(answers_json or "{}")
    flags = {
        _OLD_FLAGS.get(k, k.lstrip("_")): answers.pop(k) for k in list(answers) if k[:1] == "_"
    }
    return json.dumps(answers, ensure_ascii=False), json.dumps(flags, ensure_ascii=False)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}


@migration(3, "progress of every flow in one table, flags apart from answers, a flow stack")
def m003_progress(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE IF NOT EXISTS progress (
            user_id INTEGER NOT NULL,
            flow TEXT NOT NULL,
            ref INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            answers TEXT NOT NULL DEFAULT '{}',
            flags TEXT NOT NULL DEFAULT '{}',
            history TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (user_id, flow, ref)
        )
        """,
    )
    users = _columns(conn, "users")
    if "stack" not in users:
        conn.execute("ALTER TABLE users ADD COLUMN stack TEXT NOT NULL DEFAULT '[]'")
    if "name" not in users:
        conn.execute("ALTER TABLE users ADD COLUMN name TEXT")
    if "prep_state" in users:
        rows = conn.execute(
            "SELECT user_id, prep_state, prep_answers, prep_history, active_contact,"
            " created_at, updated_at FROM users"
        ).fetchall()
        for uid, state, answers, history, active, created, updated in rows:
            answers, flags = _split_flags(answers)
            conn.execute(
                "INSERT OR IGNORE INTO progress VALUES (?, 'prep', 0, ?, ?, ?, ?, ?, ?)",
                (uid, state, answers, flags, history, created, updated),
            )
            stack = [["setup", active]] if active is not None else []
            conn.execute("UPDATE users SET stack = ? WHERE user_id = ?", (json.dumps(stack), uid))
        for column in ("prep_state", "prep_answers", "prep_history", "active_contact"):
            conn.execute(f"ALTER TABLE users DROP COLUMN {column}")
    if "state" in _columns(conn, "contacts"):
        rows = conn.execute(
            "SELECT id, user_id, name, state, answers, history, started, created_at,"
            " updated_at FROM contacts"
        ).fetchall()
        for cid, uid, name, state, answers, history, started, created, updated in rows:
            if state == "new" and not started:
                continue  # never opened: no progress yet
            person = json.loads(answers or "{}").get("person_name")
            if person and not name:
                conn.execute("UPDATE contacts SET name = ? WHERE id = ?", (person, cid))
            answers, flags = _split_flags(answers)
            conn.execute(
                "INSERT OR IGNORE INTO progress VALUES (?, 'setup', ?, ?, ?, ?, ?, ?, ?)",
                (uid, cid, state, answers, flags, history, created, updated),
            )
        for column in ("state", "answers", "history", "stage", "started"):
            conn.execute(f"ALTER TABLE contacts DROP COLUMN {column}")


@migration(5, "inbox of updates, outbox of replies not yet sent, the polling offset")
def m005_inbox_outbox(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE IF NOT EXISTS inbox (
            update_id INTEGER PRIMARY KEY,
            user_id INTEGER,
            chat_id INTEGER,
            payload TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            received_at TEXT NOT NULL,
            done_at TEXT
        );
        CREATE INDEX IF NOT EXISTS inbox_open ON inbox(update_id) WHERE done = 0;
        CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER,
            chat_id INTEGER NOT NULL,
            update_id INTEGER,
            reminder_id INTEGER,
            reply TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_ts INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS outbox_by_chat ON outbox(chat_id, id);
        CREATE TABLE IF NOT EXISTS telegram_offset (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            next_offset INTEGER NOT NULL
        );
        """,
    )


@migration(6, "favourite questions")
def m006_favourite_questions(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE IF NOT EXISTS favourite_questions (
            user_id INTEGER NOT NULL,
            question TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (user_id, question)
        )
        """,
    )


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (executescript would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _adopt_legacy_record(db: sqlite_utils.Database, names: dict[int, str]) -> None:
    """Carry the numbers of the old ``migrations`` table over to sqlite-utils' record."""
    if "migrations" not in db.table_names():
        return
    done = [row[0] for row in db.conn.execute("SELECT number FROM migrations")]
    Migrations(MIGRATION_SET).ensure_migrations_table(db)
    with db.atomic():
        for number in done:
            if number in names:
                db.conn.execute(
                    "INSERT OR IGNORE INTO _sqlite_migrations (migration_set, name, applied_at)"
                    " VALUES (?, ?, ?)",
                    (MIGRATION_SET, names[number], datetime.now(UTC).isoformat()),
                )
        db.conn.execute("DROP TABLE migrations")


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration not yet recorded; return the numbers applied."""
    names = {number: f"{number:03d} {name}" for number, name, _ in MIGRATIONS}
    _adopt_legacy_record(db, names)
    steps = Migrations(MIGRATION_SET)
    for number, _, fn in sorted(MIGRATIONS):

        def run(db: sqlite_utils.Database, fn=fn) -> None:
            fn(db.conn)

        steps(name=names[number])(run)
    pending = {m.name for m in steps.pending(db)}
    steps.apply(db)
    return [n for n in sorted(names) if names[n] in pending]
