"""Numbered schema migrations; each runs once and re-running them is safe."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

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


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (executescript would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every migration not yet recorded; return the numbers applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT number FROM migrations")}
    applied = []
    for number, name, fn in sorted(MIGRATIONS):
        if number in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            fn(conn)
            conn.execute(
                "INSERT INTO migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (number, name, datetime.now(UTC).isoformat()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied
