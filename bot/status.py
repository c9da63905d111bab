"""The /status answer: the plan at a glance."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from bot import reminders
from bot.storage import Contact, User
from flows import PREP
from flows.copy import STAGE_NAMES
from flows.setup import STAGES
from flows.when import format_when


def status_text(
    user: User,
    contacts: list[Contact],
    upcoming: list[dict[str, Any]],
    open_contact: Contact | None,
) -> str:
    """Steps done, contacts by stage, and what is next."""
    lines = ["Your plan at a glance"]
    if user.prep_answers.get("_complete"):
        lines.append("Getting ready: done.")
    else:
        step = PREP.steps[user.prep_state].number
        lines.append(f"Getting ready: step {step} of {PREP.total}.")
    if contacts:
        counts = Counter(c.stage for c in contacts)
        parts = [f"{counts[s]} {STAGE_NAMES[s]}" for s in STAGES if counts[s]]
        lines.append(f"Contacts ({len(contacts)}): " + ", ".join(parts) + ".")
        for c in contacts[:30]:
            lines.append(f"\u2022 {c.label}: {STAGE_NAMES[c.stage]}")
    else:
        lines.append("Contacts: none yet.")
    if open_contact is not None:
        lines.append(f"Working on: {open_contact.label}.")
    dated = [r for r in upcoming if r["kind"] != "nudge"]
    if dated:
        first = dated[0]
        when = format_when(datetime.fromtimestamp(first["due_ts"], UTC), user.tz or "UTC")
        lines.append(f"Next: {reminders.name_of(first['kind'], first['payload'])}, {when}.")
    else:
        lines.append("Next: carry on with the step below.")
    if user.paused:
        lines.append("Reminders are on hold (/resume).")
    return "\n".join(lines)
