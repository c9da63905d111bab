"""A tiny chat driver over the engine, so tests read like a conversation.

Example: ``chat = Chat(engine, 1); chat.send("/start"); chat.click("Let's start")``, then
``assert "Step 2 of 8" in chat.last``.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine
from bot.replies import Input, Reply
from bot.storage import Store

START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday


def make_engine(path: str, clock: FakeClock | None = None) -> Engine:
    """An engine over a real SQLite file, with a clock that only moves when told to."""
    return Engine(Store(path), clock or FakeClock(START))


class Chat:
    """One user talking to the engine; keeps the replies of the last input."""

    def __init__(self, engine: Engine, user_id: int = 1, first_name: str | None = None) -> None:
        self.engine = engine
        self.user_id = user_id
        self.first_name = first_name
        self.replies: list[Reply] = []
        self.history: list[list[Reply]] = []

    # -- sending -----------------------------------------------------------------------
    def _do(self, inp: Input, update_id: int | None = None) -> list[Reply]:
        self.replies = self.engine.handle(
            self.user_id, inp, update_id=update_id, first_name=self.first_name
        )
        self.history.append(self.replies)
        return self.replies

    def send(self, text: str, update_id: int | None = None) -> list[Reply]:
        """Type a message (or a command)."""
        return self._do(Input("text", text), update_id)

    def press(self, data: str) -> list[Reply]:
        """Press a button with this raw callback data."""
        return self._do(Input("button", data))

    def click(self, label: str) -> list[Reply]:
        """Press the button with this label in the last reply's choices."""
        return self.press(self.data_of(label))

    def media(self, kind: str = "photo") -> list[Reply]:
        """Send something that is not text."""
        return self._do(Input("media", media=kind))

    def contact_card(self, name: str = "", phone: str = "") -> list[Reply]:
        """Share a contact card."""
        return self._do(Input("contact_card", name=name, phone=phone))

    # -- reading -----------------------------------------------------------------------
    def data_of(self, label: str) -> str:
        """The callback data of the button with this label in the last reply."""
        found = [d for r in reversed(self.replies) for d, lbl in r.choices if lbl == label]
        if not found:
            raise AssertionError(
                f"no button {label!r} in the last reply; buttons: {self.choices!r}\n"
                f"text: {self.last}"
            )
        return found[0]

    def data_starting(self, prefix: str) -> str:
        """The callback data of the first button whose label starts with ``prefix``."""
        for data, lbl in self.last_choices:
            if lbl.startswith(prefix):
                return data
        raise AssertionError(f"no button starting {prefix!r}; buttons: {self.choices!r}")

    def click_starting(self, prefix: str) -> list[Reply]:
        """Press the first button whose label starts with ``prefix``."""
        return self.press(self.data_starting(prefix))

    @property
    def last_reply(self) -> Reply:
        assert self.replies, "no reply yet"
        return self.replies[-1]

    @property
    def last(self) -> str:
        """Text of the last reply."""
        return self.last_reply.text

    @property
    def aside(self) -> str:
        """Text of the reply that is not the step (a list, a status), else of the last one."""
        for reply in self.replies:
            if reply.aside:
                return reply.text
        return self.last

    @property
    def all_text(self) -> str:
        """All reply texts of the last input, joined."""
        return "\n".join(r.text for r in self.replies)

    @property
    def last_choices(self) -> list[tuple[str, str]]:
        return self.last_reply.choices

    @property
    def choices(self) -> list[str]:
        """Labels of the last reply's buttons."""
        return [lbl for _, lbl in self.last_choices]

    @property
    def documents(self):
        """Documents attached to the replies of the last input."""
        return [r.document for r in self.replies if r.document is not None]


# -- scripted conversations -----------------------------------------------------------------


MY_PHONE = "+49 170 1234567"  # the user's own number, for the voicemail line
KNOWN_PHONE = "+44 7700 900123"  # a known person's number, asked when their set-up opens


def prep_until_orgs(chat: Chat, goal: str = "UX research", my_phone: str | None = MY_PHONE) -> None:
    """From a new user to the organizations step (summary path, student: the button's line
    kept as what they say about themself, and their number given unless ``my_phone`` is
    None)."""
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    chat.send("I like people and puzzles; I value autonomy; I write well.")
    chat.send(goal)
    chat.click("A student")
    chat.click("Use: a student")
    chat.send(my_phone or "/skip")
    assert "Step 5 of 8" in chat.last, chat.last


def prep_to_review(
    chat: Chat,
    orgs: tuple[str, ...] = ("Acme Health",),
    people: tuple[tuple[str, str], ...] = (),
    goal: str = "UX research",
    my_phone: str | None = MY_PHONE,
) -> None:
    """Run the preparation up to the review with the given organizations and people."""
    prep_until_orgs(chat, goal, my_phone)
    for org in orgs:
        chat.send(org)
    chat.click("Done")
    for kind, name in people:
        chat.click(kind)
        chat.send(name)
    chat.click("Done")
    assert "Your plan so far" in chat.last, chat.last


def open_contact(chat: Chat, label_prefix: str, phone: str | None = KNOWN_PHONE) -> None:
    """From the review, choose a contact to set up. A known person's or a referral's set-up
    opens with their number: ``phone`` is given (None: skipped)."""
    chat.click("Set up a contact")
    chat.click_starting(label_prefix)
    answer_name_if_asked(chat)
    answer_phone_if_asked(chat, phone)


def answer_phone_if_asked(chat: Chat, phone: str | None = KNOWN_PHONE) -> None:
    """At a known person's (or a referral's) first step, give their number or skip it."""
    if "Step 1 of 7" in chat.last and "phone number? It goes at the top" in chat.last:
        chat.send(phone or "/skip")


def set_timezone_if_asked(chat: Chat, tz: str = "Berlin") -> None:
    if "which time zone" in chat.last:
        chat.send(tz)


def plan_call(
    chat: Chat, work: str | None = None, reason: str | None = None, write: bool = False
) -> None:
    """From the work-type step to the call card (or, ``write``, the message) with the
    defaults; "how did you get the name" is asked of everyone but known people."""
    if work is None:
        chat.click_starting("Use: ")
    else:
        chat.send(work)
    chat.send(reason or "I love understanding how people use tools")
    chat.click("20 minutes")
    if "How did you get" in chat.last:
        chat.click_starting("Use: ")
    chat.click("I'll write" if write else "I'll call")
    expected = "Your message to" if write else "Your call card"
    assert expected in chat.last, chat.last


def org_person(chat: Chat, name="Maria Lopez", title="Lead UX Researcher", phone="+49 30 1234567"):
    """At the switchboard: get a name, title and phone."""
    chat.click("I have a name")
    chat.send(name)
    chat.send(title)
    chat.send(phone)


def call_to_outcome(chat: Chat, when: str = "tomorrow 3pm") -> None:
    """From the call card to the outcome step, choosing a call time."""
    chat.click("Ready to call")
    set_timezone_if_asked(chat)
    chat.send(when)
    chat.click("Yes, that's right")
    assert "How did the call" in chat.last, chat.last


# -- database -------------------------------------------------------------------------------


def dump_db(path: str) -> dict[str, list]:
    """Every row of the app's tables, for before/after comparisons."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
        ]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    finally:
        conn.close()


def user_row(engine: Engine, user_id: int) -> dict:
    """Prep state, answers and flags of one user, and their open contact, from the database."""
    conn = engine.store.conn
    row = conn.execute(
        "SELECT state, answers, flags FROM progress WHERE user_id = ? AND flow = 'prep'",
        (user_id,),
    ).fetchone()
    stack = conn.execute("SELECT stack FROM users WHERE user_id = ?", (user_id,)).fetchone()
    assert stack is not None
    frames = json.loads(stack[0])
    active = frames[-1][1] if frames and frames[-1][0] == "setup" else None
    if row is None:
        return {"state": "welcome", "answers": {}, "flags": {}, "active_contact": active}
    return {
        "state": row[0],
        "answers": json.loads(row[1]),
        "flags": json.loads(row[2]),
        "active_contact": active,
    }


def contacts_rows(engine: Engine, user_id: int) -> list[dict]:
    """A user's contacts with the state and answers of their set-up."""
    rows = engine.store.conn.execute(
        "SELECT c.id, c.kind, c.org, c.name, c.phone, c.referred_by, p.state, p.answers"
        " FROM contacts c LEFT JOIN progress p ON p.user_id = c.user_id AND p.flow = 'setup'"
        " AND p.ref = c.id WHERE c.user_id = ? ORDER BY c.id",
        (user_id,),
    ).fetchall()
    keys = ("id", "kind", "org", "name", "phone", "referred_by", "state", "answers")
    return [
        dict(zip(keys, r, strict=True))
        | {"state": r[6] or "new", "answers": json.loads(r[7] or "{}")}
        for r in rows
    ]


def through_debrief(chat: Chat) -> None:
    """The debrief after the notes, every question skipped, no names added: to the thank-you."""
    assert "What did you learn from" in chat.last, chat.last
    for _ in range(3):
        chat.send("/skip")
    while "No, skip" in chat.choices:
        chat.click("No, skip")
    chat.click("On to the thank-you")
    assert "Send a thank-you" in chat.last, chat.last


def answer_name_if_asked(chat: Chat, name: str | None = None) -> None:
    """The bot asks once for the name to give on calls: take the offer, or type one."""
    if "what name do you give when you phone" in chat.last:
        if name is None and any(c.startswith("Use: ") for c in chat.choices):
            chat.click_starting("Use: ")
        else:
            chat.send(name or "Alex Doe")
