"""SQLite storage: one file, WAL mode, numbered migrations, plain SQL on the hot path.

sqlite-utils opens and inspects the database; each input's reads and writes go through its
connection as plain SQL inside one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.migrations import migrate


class StorageError(Exception):
    """The database cannot be used; the message is one line for the person starting the bot."""


@dataclass
class User:
    """One user's row: preparation progress and settings."""

    user_id: int
    first_name: str | None = None
    prep_state: str = "welcome"
    prep_answers: dict[str, Any] = field(default_factory=dict)
    prep_history: list[str] = field(default_factory=list)
    active_contact: int | None = None
    overlay: str | None = None
    tz: str | None = None
    paused: bool = False
    blocked: bool = False
    is_new: bool = False


@dataclass
class Contact:
    """One contact's row: who they are and their set-up progress."""

    id: int
    user_id: int
    kind: str
    org: str | None = None
    name: str | None = None
    relation: str | None = None
    phone: str | None = None
    referred_by: str | None = None
    referred_by_id: int | None = None
    state: str = "new"
    answers: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    stage: str = "to_contact"
    started: bool = False

    @property
    def label(self) -> str:
        """How the contact is named in lists and buttons."""
        person = self.answers.get("person_name") or self.name
        if self.org and person:
            return f"{person} ({self.org})"
        return person or self.org or "Contact"


_CONTACT_COLUMNS = (
    "id, user_id, kind, org, name, relation, phone, referred_by, referred_by_id, state, answers,"
    " history, stage, started"
)


SYNC_MODES = ("normal", "full")


def _connect(path: str, sync: str = "normal") -> sqlite3.Connection:
    target = Path(path)
    if path != ":memory:":
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StorageError(
                f"Cannot create the folder for the database {path}: {err.strerror}."
            ) from None
        if target.is_dir():
            raise StorageError(f"The database path {path} is a folder, not a file.")
        if target.exists() and not os.access(target, os.R_OK | os.W_OK):
            raise StorageError(f"The database file {path} is not readable and writable.")
        if not os.access(target.parent, os.W_OK):
            raise StorageError(f"The folder of the database {path} is not writable.")
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit survives any crash of the bot's process; FULL also fsyncs
        # each commit, so it survives a power cut too (DATABASE_SYNC=full).
        conn.execute(f"PRAGMA synchronous={'FULL' if sync == 'full' else 'NORMAL'}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA cache_size=-32000")  # 32 MB: many users' rows stay in memory
        conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as err:
        raise StorageError(f"The database {path} cannot be used: {err}.") from None
    return conn


class Store:
    """Reads and writes the coach's tables; every input runs inside ``transaction()``."""

    def __init__(self, path: str, sync: str = "normal") -> None:
        self.path = path
        self.conn = _connect(path, sync)
        self.db = sqlite_utils.Database(self.conn)
        try:
            migrate(self.conn)
        except sqlite3.DatabaseError as err:
            raise StorageError(f"The database {path} cannot be used: {err}.") from None

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All of one input's writes, committed together or not at all.

        A disk or permission problem surfaces as ``StorageError`` with SQLite's reason.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StorageError(f"Cannot write to the database {self.path}: {err}.") from err
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as err:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            if isinstance(err, sqlite3.OperationalError):
                raise StorageError(f"Cannot save to the database {self.path}: {err}.") from err
            raise

    # -- updates -----------------------------------------------------------------------
    def seen_update(self, update_id: int) -> tuple[bool, list[dict[str, Any]] | None]:
        """Whether an update was handled, and its replies if they may not have gone out."""
        row = self.conn.execute(
            "SELECT replies, sent FROM processed_updates WHERE update_id = ?", (update_id,)
        ).fetchone()
        if row is None:
            return False, None
        if row[1]:
            return True, None
        return True, json.loads(row[0] or "[]")

    def record_update(self, update_id: int, user_id: int, replies: list[dict], now: str) -> None:
        """Note that an update was handled, with the replies it produced."""
        self.conn.execute(
            "INSERT INTO processed_updates (update_id, user_id, replies, sent, created_at,"
            " updated_at) VALUES (?, ?, ?, 0, ?, ?)",
            (update_id, user_id, json.dumps(replies, ensure_ascii=False), now, now),
        )

    def mark_sent(self, update_id: int, now: str) -> None:
        """The replies of an update reached Telegram."""
        self.conn.execute(
            "UPDATE processed_updates SET sent = 1, replies = NULL, updated_at = ?"
            " WHERE update_id = ?",
            (now, update_id),
        )

    def prune_updates(self, before: str) -> int:
        """Forget handled updates older than ``before`` (Telegram keeps them 24 hours)."""
        with self.transaction():
            cur = self.conn.execute("DELETE FROM processed_updates WHERE created_at < ?", (before,))
        return cur.rowcount

    # -- users -------------------------------------------------------------------------
    def load_user(self, user_id: int) -> User | None:
        """One user's row, or None."""
        row = self.conn.execute(
            "SELECT user_id, first_name, prep_state, prep_answers, prep_history, active_contact,"
            " overlay, tz, paused, blocked FROM users WHERE user_id = ?",
            (user_id,),
        ).fetchone()
        if row is None:
            return None
        return User(
            row[0],
            row[1],
            row[2],
            json.loads(row[3]),
            json.loads(row[4]),
            row[5],
            row[6],
            row[7],
            bool(row[8]),
            bool(row[9]),
        )

    def insert_user(self, user: User, now: str) -> None:
        """Create a user's row."""
        self.conn.execute(
            "INSERT INTO users (user_id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (user.user_id, user.first_name, now, now),
        )

    def save_user(self, user: User, now: str) -> None:
        """Write a user's row back."""
        self.conn.execute(
            "UPDATE users SET first_name = ?, prep_state = ?, prep_answers = ?, prep_history = ?,"
            " active_contact = ?, overlay = ?, tz = ?, paused = ?, blocked = ?, updated_at = ?"
            " WHERE user_id = ?",
            (
                user.first_name,
                user.prep_state,
                json.dumps(user.prep_answers, ensure_ascii=False),
                json.dumps(user.prep_history),
                user.active_contact,
                user.overlay,
                user.tz,
                int(user.paused),
                int(user.blocked),
                now,
                user.user_id,
            ),
        )

    def set_blocked(self, user_id: int, blocked: bool, now: str) -> None:
        """Mark a user as having blocked the bot (or not any more)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE users SET blocked = ?, updated_at = ? WHERE user_id = ?",
                (int(blocked), now, user_id),
            )

    def delete_user(self, user_id: int) -> None:
        """Erase everything stored about a user (inside the caller's transaction)."""
        for table in ("reminders", "contacts", "users"):
            self.conn.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))

    # -- contacts ----------------------------------------------------------------------
    def load_contact(self, contact_id: int) -> Contact | None:
        """One contact, whoever it belongs to (callers check the owner)."""
        row = self.conn.execute(
            f"SELECT {_CONTACT_COLUMNS} FROM contacts WHERE id = ?", (contact_id,)
        ).fetchone()
        return _contact(row) if row else None

    def contacts_of(self, user_id: int) -> list[Contact]:
        """A user's contacts, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_CONTACT_COLUMNS} FROM contacts WHERE user_id = ? ORDER BY id", (user_id,)
        ).fetchall()
        return [_contact(r) for r in rows]

    def insert_contact(self, user_id: int, now: str, **values: Any) -> int:
        """Create a contact and return its id."""
        names = ["user_id", "created_at", "updated_at", *values]
        cur = self.conn.execute(
            f"INSERT INTO contacts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            (user_id, now, now, *values.values()),
        )
        return int(cur.lastrowid)

    def save_contact(self, contact: Contact, now: str) -> None:
        """Write a contact's progress back."""
        self.conn.execute(
            "UPDATE contacts SET state = ?, answers = ?, history = ?, stage = ?, started = ?,"
            " phone = ?, updated_at = ? WHERE id = ?",
            (
                contact.state,
                json.dumps(contact.answers, ensure_ascii=False),
                json.dumps(contact.history),
                contact.stage,
                int(contact.started),
                contact.phone,
                now,
                contact.id,
            ),
        )

    def delete_untouched_contacts(self, user_id: int, kind: str) -> None:
        """Remove contacts of a kind that were never started."""
        self.conn.execute(
            "DELETE FROM contacts WHERE user_id = ? AND kind = ? AND started = 0",
            (user_id, kind),
        )


def _contact(row: tuple) -> Contact:
    return Contact(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        json.loads(row[10]),
        json.loads(row[11]),
        row[12],
        bool(row[13]),
    )
