"""The operator's commands: ``python -m bot export --user ID`` and ``python -m bot stats``.

Stats are counts only: no name, answer or note of anyone is printed.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot import export, userdata
from bot.storage import Store
from flows.copy import STAGE_NAMES
from flows.spec import Registry

ACTIVE_DAYS = 7


def export_files(
    store: Store, registry: Registry, user_id: int, out_dir: Path, now: datetime
) -> list[Path] | None:
    """Write the user's two export files into ``out_dir``; None when nothing is stored."""
    data = export.build(store.db, registry, user_id, now)
    if data is None:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    json_name, md_name = export.filenames(user_id)
    paths = [out_dir / json_name, out_dir / md_name]
    paths[0].write_text(export.to_json(data), encoding="utf-8")
    paths[1].write_text(export.markdown(data), encoding="utf-8")
    return paths


def stats(store: Store, registry: Registry, now: datetime) -> dict[str, Any]:
    """Users, active plans, contacts by stage, pending reminders, blocked users: counts only."""
    found = userdata.counts(store.db)
    since = (now - timedelta(days=ACTIVE_DAYS)).isoformat()
    found["users_active_last_7_days"] = store.db.table("users").count_where(
        "updated_at >= ?", [since]
    )
    flow = registry.contact_flow
    stages: Counter[str] = Counter()
    open_plans: set[int] = set()
    if flow is not None:
        for user_id, state, answers in userdata.contact_states(store.db, flow.name):
            stages[flow.stage_of(state or flow.flow.initial, answers)] += 1
            if (state or flow.flow.initial) not in flow.final_states:
                open_plans.add(user_id)
    rank = {stage: n for n, stage in enumerate(STAGE_NAMES)}
    found["active_plans"] = len(open_plans)
    found["contacts"] = sum(stages.values())
    ranked = sorted(stages, key=lambda s: (rank.get(s, len(rank)), s))
    found["contacts_by_stage"] = {stage: stages[stage] for stage in ranked}
    keys = (
        "users",
        "users_active_last_7_days",
        "active_plans",
        "blocked_users",
        "paused_users",
        "contacts",
        "contacts_by_stage",
        "pending_reminders",
        "pending_reminders_by_kind",
    )
    return {key: found[key] for key in keys}


def stats_text(found: dict[str, Any]) -> str:
    """The stats as lines for a terminal."""
    lines = [
        f"users: {found['users']} ({found['users_active_last_7_days']} active in the last "
        f"{ACTIVE_DAYS} days)",
        f"active plans (a contact still to work on): {found['active_plans']}",
        f"blocked users: {found['blocked_users']}",
        f"paused users: {found['paused_users']}",
        f"contacts: {found['contacts']}",
    ]
    lines += [f"  {stage}: {n}" for stage, n in found["contacts_by_stage"].items()]
    lines.append(f"pending reminders: {found['pending_reminders']}")
    lines += [f"  {kind}: {n}" for kind, n in found["pending_reminders_by_kind"].items()]
    return "\n".join(lines)


def stats_json(found: dict[str, Any]) -> str:
    """The stats as JSON, for scripts."""
    return json.dumps(found, indent=2, sort_keys=False)
