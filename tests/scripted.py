"""One scripted conversation that visits every state of both flows, shared by the reliability
tests (crash at every step, redelivery, fuzzing), plus database fingerprints to compare runs.

The walk: preparation on the guided self-assessment path with an "other" identity and the
user's number, one organization and two known people, edits of the self-assessment and of
"who I am" (a button, then the user's own sentence) from the review; then three contacts: the
organization (switchboard, "not yet" and the ways to find a name, job-ask guard in the type of
work, the reason and an own script, a call, no answer, then a confirmed meeting, notes, the
debrief opened on top, thank-you, done), a friend (their number, no "how did you get the
name") who gives a referral, and a family member who is written to instead of called and says
no (regret, closed).

It leans on code, not on copy: buttons are pressed by their option value (the last part of the
callback data) or, for contacts, by the contact's name; each step names the states it must
lead to. What a reply says is taken from a reference run of the same engine.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.engine import Engine
from bot.replies import Input, Reply
from flows import PREP, SETUP

TZ = "Europe/Berlin"


@dataclass(frozen=True)
class Step:
    """One thing the user does and the states it leads to.

    ``kind`` is "text" (typed, commands too), "press" (the button whose option value is
    ``value``) or "contact" (the button of the contact named ``value``). ``prep`` and
    ``contact`` are the preparation state and the open contact's state afterwards.
    """

    kind: str
    value: str
    prep: str
    contact: str | None = None

    def describe(self) -> str:
        verb = {"text": "type", "press": "press", "contact": "pick contact"}[self.kind]
        return f"{verb} {self.value!r}"


def when_strings(now: datetime) -> tuple[str, str]:
    """A call time 3 days ahead and a meeting 8 days ahead, typed as "D.M HH:MM" (absolute,
    so two runs a few seconds apart read them the same)."""
    local = now.astimezone(ZoneInfo(TZ))
    call = local + timedelta(days=3)
    meeting = local + timedelta(days=8)
    return f"{call.day}.{call.month} 15:00", f"{meeting.day}.{meeting.month} 14:00"


def _prep(*items: tuple[str, str, str]) -> list[Step]:
    return [Step(kind, value, state) for kind, value, state in items]


def _contact(prep: str, *items: tuple[str, str, str]) -> list[Step]:
    return [Step(kind, value, prep, state) for kind, value, state in items]


def conversation(now: datetime) -> list[Step]:
    """The full walk for one user; dates are computed from ``now``."""
    call_at, meeting_at = when_strings(now)
    reason = "I love understanding how people use tools"
    T, P, C = "text", "press", "contact"
    return [
        *_prep(
            (T, "/start", "welcome"),
            (P, "go", "self_check"),
            (P, "no", "assess_strengths"),
            (T, "Listening, writing, statistics", "assess_interests"),
            (T, "How people use technology", "assess_values"),
            (T, "Helping people and independence", "career_goal"),
            (T, "UX research", "identity"),
            (P, "other", "identity_other"),
            (T, "a teacher changing careers", "my_phone"),
            (T, "+49 170 1234567", "organizations"),
            (T, "Acme Health", "organizations"),
            (P, "clear", "clear_orgs"),
            (P, "no", "organizations"),  # the list is kept
            (P, "done", "people_kind"),
            (P, "friend", "people_name"),
            (T, "Tom Jones", "people_kind"),
            (P, "family", "people_name"),
            (T, "Lea Park", "people_kind"),
            (P, "clear", "clear_people"),
            (P, "no", "people_kind"),
            (P, "done", "review"),
            (P, "edit", "edit_menu"),
            (P, "assessment", "self_check"),
            (P, "yes", "assess_summary"),
            (T, "I like people and puzzles; I value autonomy; I write well.", "review"),
            (P, "edit", "edit_menu"),
            (P, "identity", "identity"),
            (P, "changer", "intro"),  # the button's line, offered to say it their way
            (T, "a teacher of 10 years moving into UX research", "my_phone"),
            (P, "keep", "review"),
            (P, "choose", "choose_contact"),
        ),
        # -- contact 1: an organization, through to a meeting --------------------------------
        *_contact(
            "review",
            (C, "Acme Health", "switchboard"),
            (T, "Ann Smith", "switchboard"),  # the name to give on calls, asked once
            (P, "not_yet", "find_name"),  # ways to find a name, and a reminder
            (P, "got_name", "person_name"),
            (T, "Maria Lopez", "person_title"),
            (T, "Lead UX Researcher", "person_phone"),
            (T, "+49 30 1234567", "work_type"),
            (T, "an internship with your team", "work_type_check"),
            (P, "rephrase", "work_type"),
            (T, "UX research", "reason"),
            (T, "I hope you are hiring", "reason_check"),
            (P, "rephrase", "reason"),
            (T, reason, "duration"),
            (P, "20", "found_name"),
            (P, "keep", "channel"),
            (P, "call", "call_card"),
            (P, "own", "own_script"),
            (T, "Hi Maria, do you have any openings for me?", "script_check"),
            (P, "as_is", "call_card"),
            (P, "ready", "call_when"),  # asks for the time zone first
            (T, "Berlin", "call_when"),
            (T, call_at, "call_when_confirm"),
            (P, "yes", "outcome"),
            (P, "no_answer", "no_answer"),
            (P, "reply", "outcome"),
            (P, "meet", "meeting_when"),
            (T, meeting_at, "meeting_place"),
            (T, "Acme HQ, Main St 1, Berlin", "meeting_confirm"),
            (P, "yes", "meeting_set"),
            (P, "happened", "happened_early"),  # the meeting's time has not come yet
            (P, "yes", "notes"),
        ),
        # the debrief opens on top of the set-up (no open contact on top meanwhile)
        Step(T, "Portfolios matter more than degrees", "review"),
        Step(P, "keep", "review"),  # what you learned: the notes as they are
        Step(T, "I liked the research side more than the selling", "review"),
        Step(T, "/skip", "review"),  # nothing still open; no names in the notes
        *_contact("review", (P, "done", "thank_you"), (P, "sent", "done")),
        Step(P, "next", "choose_contact"),
        # -- contact 2: a friend who names someone else -------------------------------------
        *_contact(
            "review",
            (C, "Tom Jones", "person_phone"),  # a known person: their number first
            (T, "+44 7700 900123", "work_type"),
            (P, "keep", "reason"),
            (T, reason, "duration"),
            (P, "30", "channel"),  # no "how did you get the name" for a friend
            (P, "call", "call_card"),
            (P, "ready", "call_when"),
            (T, "/skip", "outcome"),
            (P, "referral", "referral_name"),
            (T, "Sara Kim", "referral_phone"),
            (T, "+44 20 7946 0958", "referral_more"),
            (P, "done", "referral_thanks"),
            (P, "ok", "done"),
        ),
        Step(P, "next", "choose_contact"),
        # -- contact 3: family, who says no -------------------------------------------------
        *_contact(
            "review",
            (C, "Lea Park", "person_phone"),
            (T, "/skip", "work_type"),
            (P, "keep", "reason"),
            (T, reason, "duration"),
            (P, "20", "channel"),
            (P, "message", "message_card"),  # she gets a message instead of a call
            (P, "ready", "call_when"),
            (T, "/skip", "outcome"),
            (P, "no", "regret"),
            (P, "ok", "closed"),
        ),
        Step(P, "next", "choose_contact"),
    ]


def pick(choices: list[tuple[str, str]], step: Step) -> str:
    """The callback data of the button ``step`` presses, from ``(data, label)`` pairs."""
    for data, label in choices:
        if step.kind == "press" and data.rsplit("|", 1)[-1] == step.value:
            return data
        if step.kind == "contact" and label.startswith(step.value):
            return data
    raise AssertionError(f"no button for {step.describe()}; buttons: {choices}")


def engine_input(step: Step, last: list[Reply]) -> Input:
    """The engine input of ``step`` given the replies of the previous input."""
    if step.kind == "text":
        return Input("text", step.value)
    choices = [c for r in last for c in r.choices]
    return Input("button", pick(choices, step))


def marker(replies: list[Reply]) -> str:
    """A line that identifies a reply: the step header of the last reply, else its first line
    (the step header does not depend on the clock, unlike e.g. "It's 11:02 there now")."""
    lines = replies[-1].text.splitlines()
    for line in lines:
        if line.startswith("Step ") and " of " in line:
            return line
    return lines[0]


# -- what a run leaves in the database ------------------------------------------------------

_VOLATILE = {"created_at", "updated_at", "sent_at"}
_CLOCK_FLAGS = {"find_name_at"}  # a set-up's copy of a reminder's due time


def _rows(conn: sqlite3.Connection, table: str, where: str = "", args: tuple = ()) -> list[dict]:
    cur = conn.execute(f"SELECT * FROM {table} {where} ORDER BY rowid", args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def fingerprint(conn: sqlite3.Connection, user_id: int | None = None, times: bool = False) -> dict:
    """Users, contacts and reminders with timestamps left out (for one user, or all).

    Reminder due times are left out too unless ``times``: several follow the clock (the
    idle nudge, business-day follow-ups, the thank-you after "it happened", the "Not yet"
    check-in before a zone is known, whose time a set-up also keeps as a flag), and two runs
    on a real clock are seconds apart. A message id noted when a reminder went out is
    dropped from its payload.
    """
    where, args = ("WHERE user_id = ?", (user_id,)) if user_id is not None else ("", ())
    out: dict = {}
    for table in ("users", "contacts", "progress", "reminders"):
        rows = []
        for row in _rows(conn, table, where, args):
            row = {k: v for k, v in row.items() if k not in _VOLATILE}
            if table == "progress" and not times:
                flags = json.loads(row["flags"])
                row["flags"] = {k: "(clock)" if k in _CLOCK_FLAGS else v for k, v in flags.items()}
            if table == "reminders":
                if not times:
                    row.pop("due_ts")
                    row.pop("expires_ts")
                payload = json.loads(row["payload"])
                payload.pop("message_id", None)
                row["payload"] = payload
            rows.append(row)
        out[table] = rows
    return out


def fingerprint_file(path: str, user_id: int | None = None) -> dict:
    conn = sqlite3.connect(path)
    try:
        return fingerprint(conn, user_id)
    finally:
        conn.close()


def states_of(conn: sqlite3.Connection, user_id: int) -> tuple[str, str | None]:
    """The user's preparation state and the state of their open contact (if any)."""
    row = conn.execute(
        "SELECT state FROM progress WHERE user_id = ? AND flow = 'prep'", (user_id,)
    ).fetchone()
    prep = row[0] if row else "welcome"
    (stack,) = conn.execute("SELECT stack FROM users WHERE user_id = ?", (user_id,)).fetchone()
    frames = json.loads(stack)
    contact = None
    if frames and frames[-1][0] == "setup":
        found = conn.execute(
            "SELECT state FROM progress WHERE user_id = ? AND flow = 'setup' AND ref = ?",
            (user_id, frames[-1][1]),
        ).fetchone()
        contact = found[0] if found else None
    return prep, contact


def all_states() -> tuple[set[str], set[str]]:
    """Every state of the preparation and the set-up machine."""
    return set(PREP.machine.states), set(SETUP.machine.states)


def reference_run(
    engine: Engine, user_id: int, steps: list[Step], first_name: str = "Ann"
) -> tuple[list[dict], list[str]]:
    """Walk ``steps`` straight through the engine, checking the states each step leads to;
    the fingerprint after each step and a line identifying each step's reply."""
    prints, markers = [], []
    last: list[Reply] = []
    for number, step in enumerate(steps, 1):
        last = engine.handle(user_id, engine_input(step, last), first_name=first_name)
        got = states_of(engine.store.conn, user_id)
        assert got == (step.prep, step.contact), (
            f"step {number} ({step.describe()}) led to {got}: {last[-1].text[:300]}"
        )
        prints.append(fingerprint(engine.store.conn, user_id))
        markers.append(marker(last))
    return prints, markers


# -- driving the real Application in this process -------------------------------------------


class Handled:
    """Notes each update once the bot's own handlers are through with it (replies sent).

    Registered as a TypeHandler in a later handler group, so it runs after the coach's
    handler for the same update, errors included.
    """

    def __init__(self, app) -> None:
        from telegram.ext import TypeHandler

        self.ids: list[int] = []
        self._changed = asyncio.Event()
        app.add_handler(TypeHandler(dict, self._note), group=99)  # the inbox hands in JSON

    async def _note(self, update, context) -> None:
        self.ids.append(update["update_id"])
        self._changed.set()

    async def wait(self, update_id: int, times: int = 1, timeout: float = 20.0) -> None:
        """Until ``update_id`` has been handled ``times`` times in all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.ids.count(update_id) < times:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"update {update_id} handled {self.ids.count(update_id)}x")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass
