"""SQLite storage: one file, WAL mode, numbered migrations; all the coach's SQL but reminders'.

Which tool where:
- sqlite-utils: the schema and its migrations (``bot/migrations.py`` on its ``Migrations``),
  table introspection (``tables_with_user``: every table holding a ``user_id``, so erasing
  a user covers tables added later), and bulk reads for operator commands.
- plain SQL on sqlite-utils' connection: everything an incoming message does, inside one
  ``BEGIN IMMEDIATE`` transaction (measured faster than sqlite-utils' table methods, which
  introspect the schema on each call). Rows map by name (``sqlite3.Row``).

Progress of every flow lives in one table, ``progress``, keyed by user, flow and ``ref``
(0 for a flow kept per user, else the contact's id): a new flow needs no new table.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import sqlite_utils

from bot import userdata
from bot.migrations import migrate


def _dumps(value: Any) -> str:
    """Compact JSON text (orjson: several times json.dumps' speed on every turn's rows)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


_loads = orjson.loads


class StorageError(Exception):
    """The database cannot be used; the message is one line for the person starting the bot."""


@dataclass
class User:
    """One user's row: settings, and the stack of flows open above the root flow."""

    user_id: int
    first_name: str | None = None
    name: str | None = None
    stack: list[list[Any]] = field(default_factory=list)
    overlay: str | None = None
    tz: str | None = None
    paused: bool = False
    blocked: bool = False
    is_new: bool = False
    favourites: list[str] = field(default_factory=list)  # starred question ids
    erased: bool = False  # every row about them was deleted (/delete): nothing more is saved


@dataclass
class Progress:
    """Where one user is in one flow (``ref``: the contact it is about, 0 for none)."""

    user_id: int
    flow: str
    ref: int
    state: str
    answers: dict[str, Any] = field(default_factory=dict)
    flags: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)


@dataclass
class Contact:
    """One contact's row; ``state`` and ``answers`` are its set-up's, when read with them."""

    id: int
    user_id: int
    kind: str
    org: str | None = None
    name: str | None = None
    relation: str | None = None
    phone: str | None = None
    referred_by: str | None = None
    referred_by_id: int | None = None
    state: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def started(self) -> bool:
        """True once its set-up was opened."""
        return self.state is not None

    @property
    def label(self) -> str:
        """How the contact is named in lists and buttons."""
        if self.org and self.name:
            return f"{self.name} ({self.org})"
        return self.name or self.org or "Contact"

    def info(self) -> dict[str, Any]:
        """What a flow may know about this contact."""
        return {
            "id": self.id,
            "kind": self.kind,
            "org": self.org,
            "name": self.name,
            "relation": self.relation,
            "phone": self.phone,
            "referred_by": self.referred_by,
        }


CONTACT_FIELDS = ("kind", "org", "name", "relation", "phone", "referred_by", "referred_by_id")
_CONTACT_SELECT = (
    "SELECT c.id, c.user_id, c.kind, c.org, c.name, c.relation, c.phone, c.referred_by,"
    " c.referred_by_id, p.state, p.answers FROM contacts c LEFT JOIN progress p"
    " ON p.user_id = c.user_id AND p.flow = ? AND p.ref = c.id"
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
        conn.row_factory = sqlite3.Row
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
            migrate(self.db)
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
        if row["sent"]:
            return True, None
        return True, _loads(row["replies"] or "[]")

    def record_update(self, update_id: int, user_id: int, replies: list[dict], now: str) -> None:
        """Note that an update was handled, with the replies it produced (under user 0 when
        the user is gone: erased by this very update, /delete)."""
        self.conn.execute(
            "INSERT INTO processed_updates (update_id, user_id, replies, sent, created_at,"
            " updated_at) VALUES (?, COALESCE((SELECT user_id FROM users WHERE user_id = ?), 0),"
            " ?, 0, ?, ?)",
            (update_id, user_id, _dumps(replies), now, now),
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
            "SELECT user_id, first_name, name, stack, overlay, tz, paused, blocked,"
            " (SELECT group_concat(question, ' ') FROM favourite_questions f"
            "  WHERE f.user_id = users.user_id) AS favourites FROM users WHERE user_id = ?",
            (user_id,),
        ).fetchone()
        if row is None:
            return None
        return User(
            row["user_id"],
            row["first_name"],
            row["name"],
            _loads(row["stack"]),
            row["overlay"],
            row["tz"],
            bool(row["paused"]),
            bool(row["blocked"]),
            favourites=(row["favourites"] or "").split(),
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
            "UPDATE users SET first_name = ?, name = ?, stack = ?, overlay = ?, tz = ?,"
            " paused = ?, blocked = ?, updated_at = ? WHERE user_id = ?",
            (
                user.first_name,
                user.name,
                _dumps(user.stack),
                user.overlay,
                user.tz,
                int(user.paused),
                int(user.blocked),
                now,
                user.user_id,
            ),
        )

    def star_question(self, user_id: int, question: str, starred: bool, now: str) -> None:
        """Add a question to a user's favourites, or take it off (inside the transaction)."""
        if starred:
            self.conn.execute(
                "INSERT OR IGNORE INTO favourite_questions (user_id, question, created_at)"
                " VALUES (?, ?, ?)",
                (user_id, question, now),
            )
        else:
            self.conn.execute(
                "DELETE FROM favourite_questions WHERE user_id = ? AND question = ?",
                (user_id, question),
            )

    def set_blocked(self, user_id: int, blocked: bool, now: str) -> None:
        """Mark a user as having blocked the bot (or not any more)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE users SET blocked = ?, updated_at = ? WHERE user_id = ?",
                (int(blocked), now, user_id),
            )

    def tables_with_user(self) -> list[str]:
        """Every table with a ``user_id`` column, read from SQLite's own schema."""
        return userdata.tables_with_user(self.db)

    def delete_user(self, user_id: int) -> dict[str, int]:
        """Erase every row about a user, in every table (inside the caller's transaction).

        Handled update ids stay, stripped of their replies and of the user (``user_id`` 0):
        Telegram may still hand one out again, and it must not be applied a second time.
        Inbox rows not handled yet stay too (the update doing the erasing is one of them, and
        the front end drops it once answered; later ones come after it).
        """
        self.conn.execute(
            "UPDATE processed_updates SET user_id = 0, replies = NULL, sent = 1 WHERE user_id = ?",
            (user_id,),
        )
        return userdata.erase(self.db, user_id, keep={"inbox": "done = 0"})

    # -- progress ----------------------------------------------------------------------
    def load_progress(self, user_id: int, flow: str, ref: int) -> Progress | None:
        """Where a user is in one flow (for one contact), or None if never opened."""
        row = self.conn.execute(
            "SELECT state, answers, flags, history FROM progress"
            " WHERE user_id = ? AND flow = ? AND ref = ?",
            (user_id, flow, ref),
        ).fetchone()
        if row is None:
            return None
        return Progress(
            user_id,
            flow,
            ref,
            row["state"],
            _loads(row["answers"]),
            _loads(row["flags"]),
            _loads(row["history"]),
        )

    def save_progress(self, p: Progress, now: str) -> None:
        """Write one flow's progress (created on first save)."""
        self.conn.execute(
            "INSERT INTO progress (user_id, flow, ref, state, answers, flags, history,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, flow, ref) DO UPDATE SET state = excluded.state,"
            " answers = excluded.answers, flags = excluded.flags, history = excluded.history,"
            " updated_at = excluded.updated_at",
            (
                p.user_id,
                p.flow,
                p.ref,
                p.state,
                _dumps(p.answers),
                _dumps(p.flags),
                _dumps(p.history),
                now,
                now,
            ),
        )

    def has_open_subjects(self, user_id: int, flow: str, final_states: frozenset[str]) -> bool:
        """True when a contact's ``flow`` was never opened or is not at a final state."""
        marks = ",".join("?" * len(final_states)) or "''"
        row = self.conn.execute(
            "SELECT 1 FROM contacts c LEFT JOIN progress p ON p.user_id = c.user_id"
            f" AND p.flow = ? AND p.ref = c.id WHERE c.user_id = ? AND (p.state IS NULL"
            f" OR p.state NOT IN ({marks})) LIMIT 1",
            (flow, user_id, *final_states),
        ).fetchone()
        return row is not None

    # -- contacts ----------------------------------------------------------------------
    def load_contact(self, contact_id: int, flow: str = "") -> Contact | None:
        """One contact (with its progress in ``flow``), whoever it belongs to: callers check."""
        row = self.conn.execute(f"{_CONTACT_SELECT} WHERE c.id = ?", (flow, contact_id)).fetchone()
        return _contact(row) if row else None

    def contacts_of(self, user_id: int, flow: str = "") -> list[Contact]:
        """A user's contacts, oldest first, with their progress in ``flow``."""
        rows = self.conn.execute(
            f"{_CONTACT_SELECT} WHERE c.user_id = ? ORDER BY c.id", (flow, user_id)
        ).fetchall()
        return [_contact(r) for r in rows]

    def insert_contact(self, user_id: int, now: str, **values: Any) -> int:
        """Create a contact and return its id."""
        names = ["user_id", "created_at", "updated_at", *values]
        unknown = set(values) - set(CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"not contact fields: {sorted(unknown)}")
        cur = self.conn.execute(
            f"INSERT INTO contacts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            (user_id, now, now, *values.values()),
        )
        return int(cur.lastrowid)

    def update_contact(self, contact_id: int, now: str, **values: Any) -> None:
        """Change some of a contact's fields."""
        unknown = set(values) - set(CONTACT_FIELDS)
        if unknown or not values:
            raise ValueError(f"not contact fields: {sorted(unknown)}")
        sets = ", ".join(f"{name} = ?" for name in values)
        self.conn.execute(
            f"UPDATE contacts SET {sets}, updated_at = ? WHERE id = ?",
            (*values.values(), now, contact_id),
        )

    def count_contacts(self, user_id: int) -> int:
        """How many contacts a user has."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM contacts WHERE user_id = ?", (user_id,)
        ).fetchone()
        return int(row[0])

    def text_bytes(self, user_id: int) -> int:
        """Bytes of text stored for a user: every flow's answers, flags and way back, and
        their contacts' fields."""
        row = self.conn.execute(
            "SELECT (SELECT COALESCE(SUM(LENGTH(CAST(answers AS BLOB))"
            " + LENGTH(CAST(flags AS BLOB)) + LENGTH(CAST(history AS BLOB))), 0)"
            " FROM progress WHERE user_id = ?1) + (SELECT COALESCE(SUM("
            "LENGTH(CAST(COALESCE(org, '') AS BLOB)) + LENGTH(CAST(COALESCE(name, '') AS BLOB))"
            " + LENGTH(CAST(COALESCE(relation, '') AS BLOB))"
            " + LENGTH(CAST(COALESCE(phone, '') AS BLOB))), 0) FROM contacts WHERE user_id = ?1)",
            (user_id,),
        ).fetchone()
        return int(row[0])

    def delete_untouched_contacts(self, user_id: int, kind: str, flow: str) -> None:
        """Remove contacts of a kind whose ``flow`` was never opened."""
        self.conn.execute(
            "DELETE FROM contacts WHERE user_id = ? AND kind = ? AND id NOT IN"
            " (SELECT ref FROM progress WHERE user_id = ? AND flow = ?)",
            (user_id, kind, user_id, flow),
        )


def _contact(row: sqlite3.Row) -> Contact:
    return Contact(
        row["id"],
        row["user_id"],
        row["kind"],
        row["org"],
        row["name"],
        row["relation"],
        row["phone"],
        row["referred_by"],
        row["referred_by_id"],
        row["state"],
        _loads(row["answers"]) if row["answers"] else {},
    )
