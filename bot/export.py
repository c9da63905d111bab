"""/export and ``python -m bot export``: everything stored about a user, as JSON and Markdown.

The JSON follows the pydantic model ``Export`` below; its JSON Schema is shipped as
``docs/export.schema.json`` (regenerate with ``python -m bot.export``; a test fails when the
file is stale). Rows are read from every table with a ``user_id`` column
(``bot/userdata.py``): the coach's own tables get typed sections, any other table (added
later by another part of the bot) goes whole into ``other_tables``, so nothing is left out.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot import userdata
from bot.reminders import name_of
from flows.copy import STAGE_NAMES
from flows.when import format_when

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "export.schema.json"
TYPED_TABLES = ("users", "progress", "contacts", "reminders")


class Row(BaseModel):
    """A stored row: every column is kept, also ones added after this schema was written."""

    model_config = ConfigDict(extra="allow")


class UserRecord(Row):
    """The user's own row: settings, and the stack of flows open above the preparation."""

    user_id: int
    first_name: str | None = Field(None, description="Telegram first name")
    name: str | None = Field(None, description="the name the user gives on calls")
    tz: str | None = Field(None, description="IANA time zone, e.g. Europe/Berlin")
    paused: bool = Field(False, description="reminders on hold (/pause)")
    blocked: bool = Field(False, description="the user blocked the bot")
    overlay: str | None = Field(None, description="a one-off question open (e.g. timezone)")
    stack: list[list[Any]] = Field(default_factory=list, description="open flows: [name, ref]")
    created_at: str
    updated_at: str


class FlowProgress(Row):
    """Where the user is in one flow: its state and every answer given there."""

    flow: str = Field(description="prep: getting ready; setup: one contact's set-up")
    ref: int = Field(description="the contact's id for a per-contact flow, else 0")
    state: str
    answers: dict[str, Any]
    flags: dict[str, Any] = Field(default_factory=dict)
    history: list[str] = Field(default_factory=list, description="the way back (/back)")
    created_at: str
    updated_at: str


class ContactRecord(Row):
    """One contact, with its stage in the set-up."""

    id: int
    kind: str = Field(description="org, known or referral")
    org: str | None = None
    name: str | None = None
    relation: str | None = None
    phone: str | None = None
    referred_by: str | None = None
    referred_by_id: int | None = Field(None, description="the contact who gave this name")
    stage: str = Field(description="to_contact ... thanked, referred, closed")
    stage_name: str = Field(description="the stage as the bot shows it")
    created_at: str
    updated_at: str


class Meeting(BaseModel):
    """A meeting or phone talk agreed with a contact (from the set-up's answers)."""

    contact_id: int
    kind: Literal["meeting", "phone_talk"]
    at: str = Field(description="start, ISO 8601 in UTC")
    minutes: int | None = None
    place: str | None = None
    happened: bool


class Note(BaseModel):
    """Notes written after a talk."""

    contact_id: int
    text: str


class ReminderRecord(Row):
    """A reminder, sent or waiting (times as Unix seconds, and as ISO 8601 in UTC)."""

    id: int
    contact_id: int | None = None
    kind: str
    status: str = Field(description="pending, sent, done, cancelled or dropped")
    due_ts: int
    event_ts: int | None = None
    expires_ts: int
    due_at: str
    payload: dict[str, Any] = Field(default_factory=dict)
    sent_at: str | None = None
    created_at: str
    updated_at: str


class Export(BaseModel):
    """Everything the coach stores about one user."""

    model_config = ConfigDict(
        title="Information-interview coach: a user's data",
        json_schema_extra={"$id": "https://interview-coach.invalid/export.schema.json"},
    )

    schema_version: Literal[1] = Field(description="bumped when a field changes meaning")
    exported_at: str = Field(description="ISO 8601, UTC")
    user: UserRecord
    profile: dict[str, Any] = Field(description="the preparation's answers: goal, who you are")
    answers: list[FlowProgress] = Field(description="every flow's state and answers")
    contacts: list[ContactRecord]
    meetings: list[Meeting] = Field(description="a view of the set-up answers, for reading")
    notes: list[Note] = Field(description="a view of the set-up answers, for reading")
    reminders: list[ReminderRecord]
    other_tables: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict,
        description="every other table with a user_id column: its rows about this user, whole",
    )


def schema_json() -> str:
    """The JSON Schema of ``Export``, as shipped in docs/export.schema.json."""
    return json.dumps(Export.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def build(db, registry, user_id: int, now: datetime) -> Export | None:
    """The export of one user, or None when nothing is stored about them."""
    rows = userdata.rows_of(db, user_id)
    users = rows.get("users", [])
    if not users:
        return None
    contact_flow = registry.contact_flow
    root = registry.root
    progress = rows.get("progress", [])
    setups = {p["ref"]: p for p in progress if contact_flow and p["flow"] == contact_flow.name}
    profile = next((p["answers"] for p in progress if root and p["flow"] == root.name), {})
    contacts, meetings, notes = [], [], []
    for c in rows.get("contacts", []):
        setup = setups.get(c["id"])
        state, answers = (setup["state"], setup["answers"]) if setup else (None, {})
        stage = "to_contact"
        if contact_flow is not None:
            stage = contact_flow.stage_of(state or contact_flow.flow.initial, answers)
        contacts.append(ContactRecord(**c, stage=stage, stage_name=STAGE_NAMES.get(stage, stage)))
        meeting = _meeting(c["id"], state, answers, stage)
        if meeting:
            meetings.append(meeting)
        if answers.get("notes"):
            notes.append(Note(contact_id=c["id"], text=answers["notes"]))
    reminders = [
        ReminderRecord(**r, due_at=datetime.fromtimestamp(r["due_ts"], UTC).isoformat())
        for r in rows.get("reminders", [])
    ]
    return Export(
        schema_version=SCHEMA_VERSION,
        exported_at=now.astimezone(UTC).isoformat(),
        user=UserRecord(**users[0]),
        profile=profile,
        answers=[FlowProgress(**p) for p in progress],
        contacts=contacts,
        meetings=meetings,
        notes=notes,
        reminders=reminders,
        other_tables={name: found for name, found in rows.items() if name not in TYPED_TABLES},
    )


def _meeting(contact_id: int, state, answers: dict[str, Any], stage: str) -> Meeting | None:
    if not answers.get("meeting_at") or answers.get("outcome") not in ("meet", "phone"):
        return None
    minutes = answers.get("minutes")
    return Meeting(
        contact_id=contact_id,
        kind="phone_talk" if answers.get("outcome") == "phone" else "meeting",
        at=answers["meeting_at"],
        minutes=int(minutes) if str(minutes or "").isdigit() else None,
        place=answers.get("place"),
        happened=stage in ("met", "thanked", "referred"),
    )


def to_json(export: Export) -> str:
    """The export file's text."""
    return export.model_dump_json(indent=2) + "\n"


def filenames(user_id: int) -> tuple[str, str]:
    """Names of the two files: the JSON and the Markdown summary."""
    return f"interview-coach-{user_id}.json", f"interview-coach-{user_id}.md"


PROFILE_FIELDS = (
    ("career_goal", "Career goal"),
    ("identity", "Who I am"),
    ("assessment", "Self-assessment"),
    ("strengths", "Strengths"),
    ("interests", "Interests"),
    ("values", "Values"),
)


def markdown(export: Export) -> str:
    """A readable summary of the plan: the profile, every contact, meetings, notes, reminders."""
    tz = export.user.tz or "UTC"
    now = datetime.fromisoformat(export.exported_at)
    who = export.user.name or export.user.first_name or f"user {export.user.user_id}"
    out = [
        f"# Information-interview plan: {_md(who)}",
        "",
        f"Exported {format_when(now, tz)}. The full data is in the JSON file beside this one.",
        "",
        "## Profile",
        "",
    ]
    shown = [(label, export.profile.get(key)) for key, label in PROFILE_FIELDS]
    out += [f"- **{label}:** {_md(str(value))}" for label, value in shown if value]
    orgs = export.profile.get("organizations") or []
    if orgs:
        out.append("- **Organizations:** " + ", ".join(_md(str(o)) for o in orgs))
    if not any(value for _, value in shown) and not orgs:
        out.append("- (nothing yet)")
    out += ["", f"## Contacts ({len(export.contacts)})", ""]
    by_id = {c.id: c for c in export.contacts}
    for c in export.contacts:
        label = " at ".join(_md(x) for x in (c.name, c.org) if x) or "Contact"
        line = f"- **{label}**: {c.stage_name}"
        if c.phone:
            line += f", {_md(c.phone)}"
        if c.referred_by_id in by_id or c.referred_by:
            giver = by_id.get(c.referred_by_id)
            line += f" (name from {_md(giver.name or giver.org or '') if giver else c.referred_by})"
        out.append(line)
    if not export.contacts:
        out.append("- (none yet)")
    if export.meetings:
        out += ["", "## Meetings", ""]
        for m in export.meetings:
            c = by_id.get(m.contact_id)
            what = "Phone talk" if m.kind == "phone_talk" else "Meeting"
            whom = _md(c.name or c.org or "") if c else ""
            when = format_when(datetime.fromisoformat(m.at), tz)
            place = f", {_md(m.place)}" if m.place else ""
            done = " (happened)" if m.happened else ""
            out.append(f"- {what} with {whom}: {when}{place}{done}")
    if export.notes:
        out += ["", "## Notes", ""]
        for n in export.notes:
            c = by_id.get(n.contact_id)
            title = _md(c.name or c.org or "Contact") if c else "Contact"
            out += [f"### {title}", "", *(_md(line) for line in n.text.splitlines()), ""]
    pending = sorted((r for r in export.reminders if r.status == "pending"), key=lambda r: r.due_ts)
    out += ["", f"## Reminders waiting ({len(pending)})", ""]
    for r in pending:
        when = format_when(datetime.fromtimestamp(r.due_ts, UTC), tz)
        out.append(f"- {when}: {_md(name_of(r.kind, r.payload))}")
    if not pending:
        out.append("- (none)")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str | None) -> str:
    """User text safe inside Markdown: no headings, lists or emphasis it did not mean."""
    text = " ".join(str(text or "").split())
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


if __name__ == "__main__":  # python -m bot.export: rewrite docs/export.schema.json
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(schema_json(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
