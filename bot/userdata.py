"""A user's rows across every table, and the operators' counts: the bulk reads, on sqlite-utils.

Which tables hold a user is read from SQLite's own schema (``Store.tables_with_user``: every
table with a ``user_id`` column), so a table another part of the bot adds later is exported
and erased too without a change here. The per-message SQL stays in ``bot/storage.py``.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

# Columns that name a user: their id, or their private chat's (the same number).
WHO_COLUMNS = ("user_id", "chat_id")
# Columns stored as JSON text, read back as the values they hold.
JSON_COLUMNS = {"answers", "flags", "history", "stack", "payload", "replies"}


def decode(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its JSON columns parsed (text that is not JSON stays as it is)."""
    out = dict(row)
    for key in JSON_COLUMNS & out.keys():
        value = out[key]
        if isinstance(value, str):
            try:
                out[key] = json.loads(value)
            except ValueError:
                pass
    return out


def tables_with_user(db: sqlite_utils.Database) -> list[str]:
    """Every table with a ``user_id`` column, by name."""
    return sorted(t.name for t in db.tables if "user_id" in t.columns_dict)


def rows_of(db: sqlite_utils.Database, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about ``user_id`` in every table that has a ``user_id`` column, decoded."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name in tables_with_user(db):
        table = db.table(name)
        rows = table.rows_where("user_id = ?", [user_id], order_by=", ".join(table.pks))
        found[name] = [decode(r) for r in rows]
    return found


def erase(
    db: sqlite_utils.Database, user_id: int, keep: dict[str, str] | None = None
) -> dict[str, int]:
    """Delete every row about ``user_id`` in every table that names users (in the caller's
    transaction), but those of a table in ``keep`` matching its SQL condition; returns how
    many rows went from each.

    A user is named by a ``user_id`` column, and also by a ``chat_id`` one: the bot keeps
    private chats only, whose id is the user's, so a queued reply (``outbox``) or a stored
    update (``inbox``) whose ``user_id`` is empty still names them by its chat.
    """
    gone: dict[str, int] = {}
    for table in db.tables:
        names = [c for c in WHO_COLUMNS if c in table.columns_dict]
        if not names:
            continue
        who = " OR ".join(f"[{c}] = :user" for c in names)
        spare = f" AND NOT ({keep[table.name]})" if keep and table.name in keep else ""
        cur = db.conn.execute(f"DELETE FROM [{table.name}] WHERE ({who}){spare}", {"user": user_id})
        gone[table.name] = cur.rowcount
    return dict(sorted(gone.items()))


def user_exists(db: sqlite_utils.Database, user_id: int) -> bool:
    """True when the user has a row in ``users``."""
    return db.table("users").count_where("user_id = ?", [user_id]) > 0


# -- the operators' view: counts only, never a user's text ---------------------------------
def counts(db: sqlite_utils.Database) -> dict[str, Any]:
    """Users, blocked and paused users, pending reminders by kind, for ``python -m bot stats``."""
    users = db.table("users")
    pending = db.execute(
        "SELECT kind, COUNT(*) FROM reminders WHERE status = 'pending' GROUP BY kind ORDER BY kind"
    ).fetchall()
    return {
        "users": users.count,
        "blocked_users": users.count_where("blocked = 1"),
        "paused_users": users.count_where("paused = 1"),
        "pending_reminders": sum(n for _, n in pending),
        "pending_reminders_by_kind": {kind: n for kind, n in pending},
    }


def contact_states(db: sqlite_utils.Database, flow: str) -> list[tuple[int, str | None, dict]]:
    """Each contact as (user, state of its ``flow`` or None if never opened, its answers)."""
    rows = db.execute(
        "SELECT c.user_id, p.state, p.answers FROM contacts c"
        " LEFT JOIN progress p ON p.user_id = c.user_id AND p.flow = ? AND p.ref = c.id",
        [flow],
    ).fetchall()
    return [(uid, state, json.loads(answers or "{}")) for uid, state, answers in rows]
