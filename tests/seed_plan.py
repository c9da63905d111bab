"""A user whose plan has a contact at every stage and a three-level referral tree, written
through the storage layer into a real SQLite file (the shape the flows leave behind).

Contacts (user 1, Europe/Berlin, the clock at tests.engine_helpers.START, Wed 25 Nov 2026
10:00 UTC), with what /status should show as their next dated step:

    Acme Health          to contact
    Maria Lopez (Beta)   person found
    Tom Jones            call planned    call Fri 27 Nov 15:00 (local)
    Ivan (Zed Corp)      waiting         follow up (3 business days)
    Lea Park             called
    Omar (Gamma)         meeting set     meeting Thu 26 Nov 14:00 (local)
    Pia Holm             met             thank-you note at 13:00 today
    Quinn Roe            thanked         (notes: "Great talk")
    Rita Diaz            gave you names
      Sam Lee            to contact      (referred by Rita)
        Tara Wu          call planned    call at 12:00 today (referred by Sam): the soonest
    Uma Stone            closed
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import reminders
from bot.storage import Progress, Store, User
from flows.effects import ReminderKind
from tests.engine_helpers import START

TZ = "Europe/Berlin"
NOTES = "Great talk. Ask *Jan* about [research] ops\nSecond line: 50% remote"

PREP_ANSWERS = {
    "assessed": "yes",
    "assessment": "I like people and puzzles",
    "career_goal": "UX research",
    "identity": "student",
    "organizations": ["Acme Health", "Beta Labs", "Zed Corp", "Gamma"],
    "people": [{"relation": "friend", "name": "Tom Jones"}],
}


def _iso(dt: datetime) -> str:
    return dt.isoformat()


def seed_user(store: Store, user_id: int = 1, now: datetime = START) -> dict[str, int]:
    """Write the plan above for ``user_id``; returns contact ids by short name."""
    stamp = now.isoformat()
    ids: dict[str, int] = {}
    with store.transaction():
        store.insert_user(User(user_id, "Ann"), stamp)
        store.save_user(User(user_id, "Ann", name="Ann Smith", tz=TZ), stamp)
        prep = Progress(user_id, "prep", 0, "review", dict(PREP_ANSWERS))
        prep.flags = {"complete": True}
        prep.history = ["welcome", "self_check", "assess_summary", "career_goal", "identity"]
        store.save_progress(prep, stamp)

        def contact(key: str, state: str | None, answers: dict | None = None, **values) -> int:
            cid = store.insert_contact(user_id, stamp, **values)
            ids[key] = cid
            if state is not None:
                store.save_progress(Progress(user_id, "setup", cid, state, answers or {}), stamp)
            return cid

        contact("acme", None, kind="org", org="Acme Health")
        contact(
            "maria",
            "work_type",
            {"person_name": "Maria Lopez"},
            kind="org",
            org="Beta Labs",
            name="Maria Lopez",
            phone="+49 30 1234567",
        )
        call_tom = now + timedelta(days=2, hours=4)  # Fri 27 Nov 15:00 Berlin
        contact(
            "tom",
            "outcome",
            {"call_at": _iso(call_tom)},
            kind="known",
            name="Tom Jones",
            relation="friend",
        )
        ivan = contact(
            "ivan", "no_answer", {"outcome": "no_answer"}, kind="org", org="Zed Corp", name="Ivan"
        )
        reminders.plan_follow_ups(store.conn, user_id, ivan, TZ, now, {"person": "Ivan"})
        contact(
            "lea",
            "meeting_when",
            {"outcome": "meet"},
            kind="known",
            name="Lea Park",
            relation="professor",
        )
        meet_omar = now + timedelta(days=1, hours=3)  # Thu 26 Nov 14:00 Berlin
        contact(
            "omar",
            "meeting_set",
            {
                "outcome": "meet",
                "meeting_at": _iso(meet_omar),
                "place": "Gamma HQ",
                "minutes": "30",
            },
            kind="org",
            org="Gamma",
            name="Omar",
        )
        pia = contact(
            "pia",
            "notes",
            {"outcome": "phone", "meeting_at": _iso(now)},
            kind="known",
            name="Pia Holm",
            relation="family",
        )
        reminders.schedule(
            store.conn,
            user_id,
            pia,
            ReminderKind.THANK_YOU,
            now + timedelta(hours=2),
            now,
            payload={"person": "Pia Holm"},
        )
        contact(
            "quinn",
            "done",
            {
                "outcome": "meet",
                "meeting_at": _iso(now - timedelta(days=3)),
                "place": "Cafe",
                "notes": NOTES,
            },
            kind="known",
            name="Quinn Roe",
            relation="friend",
        )
        rita = contact(
            "rita",
            "done",
            {"outcome": "referral"},
            kind="known",
            name="Rita Diaz",
            relation="former employer",
        )
        sam = contact(
            "sam",
            None,
            kind="referral",
            name="Sam Lee",
            referred_by="Rita Diaz",
            referred_by_id=rita,
        )
        call_tara = now + timedelta(hours=1)  # 12:00 Berlin, today
        contact(
            "tara",
            "call_when_confirm",
            {"call_at": _iso(call_tara)},
            kind="referral",
            name="Tara Wu",
            referred_by="Sam Lee",
            referred_by_id=sam,
        )
        contact(
            "uma", "closed", {"outcome": "no"}, kind="known", name="Uma Stone", relation="friend"
        )
        reminders.schedule(
            store.conn,
            user_id,
            ids["tom"],
            ReminderKind.CALL,
            call_tom,
            now,
            payload={"person": "Tom Jones"},
        )
    return ids


def seed_other(store: Store, user_id: int = 2, now: datetime = START) -> None:
    """A second, smaller user whose rows must survive anything done to the first."""
    stamp = now.isoformat()
    with store.transaction():
        store.insert_user(User(user_id, "Bob"), stamp)
        store.save_progress(Progress(user_id, "prep", 0, "review", {"career_goal": "Law"}), stamp)
        cid = store.insert_contact(user_id, stamp, kind="org", org="Law & Co", name="Kim")
        store.save_progress(Progress(user_id, "setup", cid, "outcome", {}), stamp)
        reminders.schedule(
            store.conn,
            user_id,
            cid,
            ReminderKind.CALL,
            now + timedelta(days=1),
            now,
            payload={"person": "Kim"},
        )
