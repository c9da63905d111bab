"""The /status answer: the plan at a glance."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from bot import reminders
from bot.storage import Contact
from flows.copy import STAGE_NAMES
from flows.effects import ReminderKind
from flows.when import format_when

HEAD = "Your plan at a glance"


def status_text(engine, turn, contacts: list[Contact], upcoming: list[dict[str, Any]]) -> str:
    """Steps done, contacts by stage, and what is next."""
    user = turn.user
    root = engine.registry.root
    root_model = turn.root_model
    lines = [HEAD]
    if not (root.unfinished and root.unfinished(root_model)) and root_model.history:
        lines.append("Getting ready: done.")
    else:
        step = root.flow.step(root_model).number
        lines.append(f"Getting ready: step {step} of {root.flow.total}.")
    if contacts:
        stages = [engine.stage_of(c) for c in contacts]
        counts = Counter(stages)
        order = list(STAGE_NAMES)
        ranked = sorted(counts, key=lambda s: order.index(s) if s in order else len(order))
        parts = [f"{counts[s]} {STAGE_NAMES.get(s, s)}" for s in ranked]
        lines.append(f"Contacts ({len(contacts)}): " + ", ".join(parts) + ".")
        for c, stage in list(zip(contacts, stages, strict=True))[:30]:
            lines.append(f"\u2022 {c.label}: {STAGE_NAMES.get(stage, stage)}")
    else:
        lines.append("Contacts: none yet.")
    if turn.contact is not None:
        lines.append(f"Working on: {turn.contact.label}.")
    dated = [r for r in upcoming if r["kind"] != ReminderKind.NUDGE]
    if dated:
        first = dated[0]
        when = format_when(datetime.fromtimestamp(first["due_ts"], UTC), user.tz or "UTC")
        lines.append(f"Next: {reminders.name_of(first['kind'], first['payload'])}, {when}.")
    else:
        lines.append("Next: carry on with the step below.")
    if user.paused:
        lines.append("Reminders are on hold (/resume).")
    return "\n".join(lines)
