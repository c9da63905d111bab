"""Property-based fuzzing of the engine with hypothesis' stateful testing.

Three users on one real SQLite file send random mixes of: answers that fit their step,
random unicode (emoji, control characters, 5,000-character strings, empty), commands (known,
unknown, with a bot name), button presses (current, stale, forged with other users' contact and
reminder ids, garbage), photos and other non-text messages, contact cards, re-delivered
updates, and restarts (a new Store and Engine on the same file).

Invariants, checked after every input: nothing raises; every input gets at least one reply,
each with text; a re-delivered update gets no reply or the one stored for it and changes
nothing; every saved state is a real state of its machine; no other user's rows change.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from bot import buttons
from bot.clock import FakeClock
from bot.engine import Engine
from bot.replies import Input, Reply
from bot.storage import Store
from flows import REGISTRY, SETUP
from tests.engine_helpers import START
from tests.scripted import conversation, engine_input, states_of

USERS = (11, 22, 33)
NAMES = {11: "Ann", 22: "Ben", 33: None}

# Answers that fit a step (typed; buttons come from the last reply).
POOL = {
    "welcome": ["Let's start", "yes"],
    "self_check": ["yes", "no", "1", "Not yet"],
    "assess_summary": ["I like people and puzzles; I value autonomy."],
    "assess_strengths": ["Writing and listening"],
    "assess_interests": ["Design and research"],
    "assess_values": ["Autonomy, helping people"],
    "career_goal": ["UX research", "hospital pharmacist"],
    "identity": ["A student", "2", "a nurse returning"],
    "identity_other": ["a biology graduate"],
    "intro": ["I'm a third-year biology student", "Use: a student", "1"],
    "my_phone": ["+49 170 1234567", "/skip", "call me"],
    "organizations": ["Acme Health", "Globex", "Done", "Start the list over"],
    "people_kind": ["Friend", "Professor", "Done", "1"],
    "people_name": ["Tom Jones", "Dr. Lea Park"],
    "review": ["Set up a contact", "Change an answer", "yes"],
    "edit_menu": ["Career goal", "Nothing, go back", "Organizations"],
    "choose_contact": ["1", "2", "Add a person I know"],
    "switchboard": ["I have a name", "Not yet"],
    "find_name": ["I have a name now", "Show the switchboard script", "2"],
    "person_name": ["Maria Lopez"],
    "person_title": ["Lead UX Researcher"],
    "person_phone": ["+49 30 1234567", "0049 30 1234567"],
    "work_type": ["user research", "an internship with your team"],
    "work_type_check": ["Keep it as it is", "Rephrase it"],
    "reason": ["I love how people use tools", "I want a job there"],
    "reason_check": ["Keep it as it is", "Rephrase it"],
    "duration": ["20", "30 minutes"],
    "found_name": ["A friend gave me the name"],
    "channel": ["I'll call", "I'll write", "2"],
    "call_card": ["Ready to call", "Write my own version"],
    "message_card": ["Ready to send", "yes"],
    "own_script": ["Hi, could we talk for 20 minutes about your work?"],
    "script_check": ["Keep it as it is"],
    "call_when": ["tomorrow 3pm", "next Tue 10:30", "25.12 14:00"],
    "call_when_confirm": ["yes", "no"],
    "outcome": [
        "Agreed to meet",
        "5 minutes by phone",
        "Gave me other names",
        "4",
        "5",
        "They replied yes",
        "No reply yet",
    ],
    "no_answer": ["They got back to me", "Pick a new time to call", "They replied"],
    "referral_name": ["Sara Kim"],
    "referral_phone": ["+44 20 7946 0958"],
    "referral_more": ["That's all", "Add another name"],
    "referral_thanks": ["Done, I thanked them"],
    "regret": ["Done"],
    "meeting_when": ["3.12 14:00", "tomorrow 9am"],
    "meeting_place": ["Cafe Blau, Main St 1"],
    "meeting_confirm": ["yes", "Change the time", "Change the place"],
    "meeting_set": ["It happened", "It moved", "It was called off"],
    "notes": ["Portfolios matter more than degrees"],
    "thank_you": ["Sent it", "Debrief first"],
    "debrief_learned": ["Portfolios matter more than degrees", "/skip", "1"],
    "debrief_fit": ["The research side suits me", "/skip"],
    "debrief_open": ["What do juniors earn?", "/skip"],
    "debrief_name": ["yes", "No, skip"],
    "debrief_wrap": ["On to the thank-you", "Look back now"],
    "goal_look": ["Keep my goal", "Adjust it", "Explore another field", "2"],
    "goal_adjust": ["UX research in healthcare"],
    "goal_explore": ["hospital pharmacy"],
    "goal_done": ["Carry on"],
    "goal_none": ["Carry on"],
    "done": ["Next contact"],
    "closed": ["Next contact"],
    "timezone": ["Berlin", "UTC+2", "New York"],
    "name": ["1", "Ann Smith", "\U0001f600"],
    "clear_orgs": ["yes", "No, keep the list"],
    "clear_people": ["no", "Yes, start over"],
    "happened_early": ["Yes, we've talked", "No, not yet"],
    "reset": ["yes", "no"],
    "delete": ["yes", "No, keep it", "Yes, delete everything"],
}
COMMANDS = [
    "/start", "/back", "/skip", "/status", "/reset", "/plan", "/help", "/timezone",
    "/reminders", "/pause", "/resume", "/questions", "/frobnicate", "/start@coach_test_bot",
    "/BACK", "/", "/export", "/delete", "/back extra words", "/goal",
]  # fmt: skip
MEDIA = [
    "photo", "sticker", "voice", "audio", "video", "video_note", "animation", "document",
    "location", "venue", "poll", "dice", "contact", "other",
]  # fmt: skip
REMINDER_ACTIONS = ["done", "snooze_hour", "snooze_morning", "open", "cancel", "explode"]

SCRIPT = conversation(START)

users = st.sampled_from(USERS)
wild_text = st.one_of(
    st.text(max_size=80),
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.sampled_from("\x00\x07\x1b\r\n\t\u200b\u202e\ufeff a/"), max_size=30),
    st.sampled_from(["", " ", "\n\n", "\U0001f600\U0001f44d\U0001f3fd", "ok\u0301", "١٢٣"]),
    st.builds(lambda piece, n: (piece * n)[:5000], st.text(min_size=1, max_size=5),
              st.integers(300, 5000)),
)  # fmt: skip
garbage_data = st.one_of(
    st.text(max_size=70),
    st.sampled_from(
        [
            "", "p", "p||", "s|x|y|z", "s|-1|outcome|meet", "r|1e3|done", "o|reset|yes",
            "o|timezone|keep", "r|99999999999999999999|done", "p|review|choose|extra",
            "s|1|" + "x" * 70, "\u00e9" * 40,
        ]
    ),
)  # fmt: skip


def rows_of(conn: sqlite3.Connection, user_id: int) -> dict:
    """Everything stored about one user, timestamps included."""
    return {
        table: conn.execute(
            f"SELECT * FROM {table} WHERE user_id = ? ORDER BY rowid", (user_id,)
        ).fetchall()
        for table in ("users", "contacts", "reminders")
    }


class CoachFuzz(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="coach-fuzz-"))
        self.path = str(self.dir / "coach.db")
        self.clock = FakeClock(START)
        self.engine = Engine(Store(self.path), self.clock, seed=0)  # repeatable rehearsals
        self.next_update = 0
        self.last: dict[int, list[Reply]] = {u: [] for u in USERS}
        self.shown: dict[int, list[str]] = {u: [] for u in USERS}
        self.handled: list[tuple[int, int, Input, list[Reply]]] = []

    def teardown(self) -> None:
        self.engine.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- the one way in -------------------------------------------------------------------
    def feed(self, user_id: int, inp: Input, delivered: bool = True) -> list[Reply]:
        conn = self.engine.store.conn
        others = {u: rows_of(conn, u) for u in USERS if u != user_id}
        self.next_update += 1
        uid = self.next_update
        replies = self.engine.handle(user_id, inp, update_id=uid, first_name=NAMES[user_id])
        assert replies, f"no reply to {inp!r}"
        for reply in replies:
            assert reply.text.strip(), f"a reply without text to {inp!r}"
            for data, label in reply.choices:
                assert label.strip(), f"a button without a label: {data!r}"
                assert buttons.parse(data) is not None, f"unusable button data {data!r}"
        for other, before in others.items():
            assert rows_of(conn, other) == before, f"user {other}'s rows changed by {user_id}"
        if delivered:
            self.engine.delivered(uid)
        self.last[user_id] = replies
        self.shown[user_id].extend(d for r in replies for d, _ in r.choices)
        self.handled.append((uid, user_id, inp, replies))
        return replies

    def step_of(self, user_id: int) -> str:
        """The key into POOL for where the user is (an open question first)."""
        conn = self.engine.store.conn
        row = conn.execute("SELECT overlay FROM users WHERE user_id = ?", (user_id,)).fetchone()
        if row is None:
            return "welcome"
        if row[0]:
            return row[0]
        prep, contact = states_of(conn, user_id)
        (stack,) = conn.execute("SELECT stack FROM users WHERE user_id = ?", (user_id,)).fetchone()
        frames = json.loads(stack)
        if frames and frames[-1][0] != "setup":  # a debrief, a look back at the goal
            top = conn.execute(
                "SELECT state FROM progress WHERE user_id = ? AND flow = ? AND ref = ?",
                (user_id, frames[-1][0], frames[-1][1] or 0),
            ).fetchone()
            return top[0] if top else prep
        return contact or prep

    # -- rules ----------------------------------------------------------------------------
    @initialize(depths=st.tuples(*(st.integers(0, len(SCRIPT)) for _ in USERS)))
    def walk_in(self, depths):
        """Start each user somewhere along the scripted conversation (deep states too)."""
        for user, depth in zip(USERS, depths, strict=True):
            for step in SCRIPT[:depth]:
                self.feed(user, engine_input(step, self.last[user]))

    @rule(user=users, count=st.integers(1, 12), data=st.data())
    def make_progress(self, user, count, data):
        """A run of fitting answers: a button of the last reply or a typed answer."""
        for _ in range(count):
            choices = [d for r in self.last[user] for d, _ in r.choices]
            typed = POOL.get(self.step_of(user), ["ok"])
            if choices and data.draw(st.booleans(), label="press"):
                self.feed(user, Input("button", data.draw(st.sampled_from(choices))))
            else:
                self.feed(user, Input("text", data.draw(st.sampled_from(typed))))

    @rule(user=users, text=wild_text, delivered=st.booleans())
    def type_anything(self, user, text, delivered):
        self.feed(user, Input("text", text), delivered)

    @rule(user=users, command=st.sampled_from(COMMANDS), answer=st.sampled_from(["yes", "no"]))
    def send_command(self, user, command, answer):
        self.feed(user, Input("text", command))
        if command == "/reset":
            self.feed(user, Input("text", answer))

    @precondition(lambda self: any(self.shown.values()))
    @rule(user=users, data=st.data())
    def press_stale(self, user, data):
        """A button from any earlier reply to this user (may be current, usually not)."""
        if not self.shown[user]:
            return
        self.feed(user, Input("button", data.draw(st.sampled_from(self.shown[user]))))

    @rule(user=users, data=st.data())
    def press_forged(self, user, data):
        """A button naming another user's contact or reminder."""
        conn = self.engine.store.conn
        contacts = conn.execute(
            "SELECT c.id, coalesce(p.state, 'new') FROM contacts c LEFT JOIN progress p"
            " ON p.flow = 'setup' AND p.ref = c.id WHERE c.user_id != ?",
            (user,),
        ).fetchall()
        reminders = conn.execute("SELECT id FROM reminders WHERE user_id != ?", (user,)).fetchall()
        forged = [buttons.reminder(rid, a) for (rid,) in reminders for a in REMINDER_ACTIONS[:5]]
        for cid, state in contacts:
            step = SETUP.steps.get(state)
            values = [o.value for o in step.options] if step else ["go"]
            forged += [buttons.step("s", cid, state, v) for v in values + ["keep"]]
        forged += [buttons.step("s", 987654, "outcome", "meet"), buttons.reminder(987654, "done")]
        self.feed(user, Input("button", data.draw(st.sampled_from(forged))))

    @rule(user=users, raw=garbage_data)
    def press_garbage(self, user, raw):
        self.feed(user, Input("button", raw))

    @rule(user=users, kind=st.sampled_from(MEDIA))
    def send_media(self, user, kind):
        self.feed(user, Input("media", media=kind))

    @rule(user=users, name=st.sampled_from(["", "Maria Lopez", "\U0001f600"]),
          phone=st.sampled_from(["", "+49 30 1234567", "12"]))  # fmt: skip
    def share_contact_card(self, user, name, phone):
        self.feed(user, Input("contact_card", name=name, phone=phone))

    @precondition(lambda self: bool(self.handled))
    @rule(data=st.data())
    def redeliver(self, data):
        """Telegram sends an update again: no reply or the stored one, and nothing changes."""
        uid, user, inp, original = data.draw(st.sampled_from(self.handled))
        conn = self.engine.store.conn
        before = {u: rows_of(conn, u) for u in USERS}
        again = self.engine.handle(user, inp, update_id=uid, first_name=NAMES[user])
        assert again == [] or [r.to_json() for r in again] == [r.to_json() for r in original]
        assert {u: rows_of(conn, u) for u in USERS} == before, f"update {uid} applied twice"

    @rule()
    def restart(self):
        self.engine.store.close()
        self.engine = Engine(Store(self.path), self.clock, seed=0)

    @rule(hours=st.integers(1, 72))
    def time_passes(self, hours):
        self.clock.advance(hours=hours)

    # -- invariants -----------------------------------------------------------------------
    @invariant()
    def states_are_real(self):
        conn = self.engine.store.conn
        for stack, overlay in conn.execute("SELECT stack, overlay FROM users"):
            assert overlay in (None, "reset", "timezone", "name", "delete"), f"unknown {overlay!r}"
            for flow, ref in json.loads(stack):
                spec = REGISTRY.get(flow)
                assert spec is not None, f"unknown flow on the stack {flow!r}"
                if spec.per == "contact":
                    row = conn.execute("SELECT id FROM contacts WHERE id = ?", (ref,)).fetchone()
                    assert row is not None, f"open contact {ref} does not exist"
        for flow, state in conn.execute("SELECT flow, state FROM progress"):
            spec = REGISTRY.get(flow)
            assert spec is not None, f"progress of an unknown flow {flow!r}"
            assert spec.flow.is_state(state), f"unknown {flow} state {state!r}"

    @invariant()
    def contacts_belong_to_their_user(self):
        conn = self.engine.store.conn
        wrong = conn.execute(
            "SELECT p.user_id, c.user_id FROM progress p JOIN contacts c ON c.id = p.ref"
            " WHERE p.flow IN ('setup', 'debrief') AND c.user_id != p.user_id"
        ).fetchall()
        assert not wrong, f"a user's open contact belongs to someone else: {wrong}"


CoachFuzz.TestCase.settings = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "80")),
    stateful_step_count=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestCoachFuzz = CoachFuzz.TestCase
