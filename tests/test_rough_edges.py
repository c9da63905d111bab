"""The rough edges a new user met in the terminal chat (issue 8, item 4), one test each.

Each is driven the way a user meets it: the engine as a chat (``tests/engine_helpers.py``),
or the terminal chat as a subprocess where the edge is about the terminal (typed numbers).
"""

from __future__ import annotations

import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest

from bot.console import BACK_TO_STEP
from flows import copy
from tests.engine_helpers import (
    Chat,
    answer_phone_if_asked,
    open_contact,
    plan_call,
    prep_to_review,
    prep_until_orgs,
    through_debrief,
)
from tests.fakeapi import FakeBotAPI
from tests.reminder_helpers import berlin, confirm_meeting, pending, to_call_when, to_outcome
from tests.scripted import states_of
from tests.test_console import PREPARATION, ROOT, run_console
from tests.test_reminders import World
from tests.tg_flow import TgChat, bot_and_watcher

PRAISE = ("well done", "nice work", "great job", "good job", "is practice")


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


# -- the terminal chat: typed numbers answer the step -------------------------------------

# From the plan to the outcome step of the friend Sam Rivera, a call booked for tomorrow 3pm.
TO_SAMS_OUTCOME = [
    "Set up a contact",
    "Sam Rivera",
    "Jamie Cole",  # the name to give on calls
    "/skip",  # Sam's number
    "1",  # Use: UX research
    "I love finding out why people get stuck",
    "20 minutes",
    "I'll call",  # a friend: no "how did you get the name"
    "Ready to call",
    "Berlin",
    "tomorrow 3pm",
    "Yes, that's right",
]


def _outcome(db) -> str | None:
    """The outcome logged for the contact being set up."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT json_extract(answers, '$.outcome') FROM progress WHERE flow = 'setup'"
        ).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_a_number_typed_after_the_reminders_list_answers_the_step_not_the_list(tmp_path):
    db = tmp_path / "c.db"
    out = run_console(db, PREPARATION + TO_SAMS_OUTCOME + ["/reminders", "1"])
    listing = out.split("Your reminders:", 1)[1]
    assert "a) Cancel: Call Sam Rivera" in listing
    # The step comes again after the list, numbered as before.
    assert "How did the call with Sam Rivera go?" in listing
    assert "1) Agreed to meet" in listing
    # "1" was the step's first button, "Agreed to meet", not "Cancel: Call Sam Rivera".
    assert "Cancelled: Call Sam Rivera" not in listing
    assert "When will you meet?" in listing
    assert _outcome(db) == "meet"


class _Console:
    """The terminal chat as a live subprocess: type a line when the screen shows something."""

    def __init__(self, db, user: int = 1) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--db", str(db), "--user", str(user)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "TELEGRAM_BOT_TOKEN": ""},
        )
        self.out = ""
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line)

    def wait_for(self, *texts: str, timeout: float = 20) -> str:
        """Until every text has been printed (in this order); what was printed so far."""
        deadline = time.monotonic() + timeout
        while not _in_order(self.out, texts):
            try:
                self.out += self._lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise AssertionError(f"never printed {texts!r}:\n{self.out}") from None
        return self.out

    def type(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> str:
        self.proc.stdin.close()
        self.proc.wait(20)
        self.wait_for("Bye for now")
        assert self.proc.returncode == 0, self.proc.stderr.read()
        return self.out


def _in_order(text: str, parts: tuple[str, ...]) -> bool:
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def test_a_number_typed_after_a_printed_reminder_answers_the_step(tmp_path):
    db = tmp_path / "c.db"
    run_console(db, PREPARATION + TO_SAMS_OUTCOME)
    conn = sqlite3.connect(db)
    with conn:  # the call time has come while the terminal chat was closed
        due = int(datetime.now(UTC).timestamp()) - 60
        conn.execute("UPDATE reminders SET due_ts = ? WHERE kind = 'call'", (due,))
    conn.close()
    console = _Console(db)
    try:
        console.wait_for("Time to call Sam Rivera", BACK_TO_STEP, "1) Agreed to meet")
        console.type("1")
        console.wait_for("When will you meet?")
    finally:
        out = console.close()
    printed = out.split("Time to call Sam Rivera", 1)[1]
    assert "a) Done" in printed  # the reminder's own buttons are lettered
    assert "Marked done" not in printed
    assert _outcome(db) == "meet"
    conn = sqlite3.connect(db)
    (status,) = conn.execute("SELECT status FROM reminders WHERE kind = 'call'").fetchone()
    conn.close()
    assert status == "sent"  # printed, and not marked done by the typed "1"


# -- /status ------------------------------------------------------------------------------


def test_status_at_a_typing_step_is_followed_by_that_step(tmp_path):
    out = run_console(tmp_path / "c.db", ["1", "Not yet", "/status"])
    after = out.split("Your plan at a glance", 1)[1]
    assert "Getting ready: step 2 of 8." in after
    assert "1 of 3. What are you good at?" in after  # the step, shown again


# -- times --------------------------------------------------------------------------------


def test_keeping_a_call_time_that_has_passed_is_refused_like_typing_it(world):
    chat = world.chat()
    to_call_when(chat)
    chat.send("tomorrow 3pm")
    chat.send("/back")
    assert chat.choices == ["Keep: Thu 26 Nov 2026, 15:00 (Europe/Berlin)"]
    keep = chat.data_starting("Keep: ")
    world.clock.set(berlin(2026, 11, 27, 9))  # two days on, the time is gone
    chat.press(keep)
    assert "That time has already passed" in chat.last
    assert states_of(world.conn, 1)[1] == "call_when"
    chat.send("/start")
    assert not [c for c in chat.choices if c.startswith("Keep: ")]  # not offered any more
    chat.send("tomorrow 3pm")
    assert "Sat 28 Nov 2026, 15:00" in chat.last


async def test_the_outcome_step_does_not_promise_a_call_reminder_that_already_went_out(world):
    chat = world.chat()
    to_outcome(chat, "tomorrow 3pm")
    assert "I'll remind you on Thu 26 Nov 2026, 15:00" in chat.last
    assert await world.tick_at(berlin(2026, 11, 26, 15, 1)) == 1
    (reminder,) = [r for _, r in world.outbox.sent if "Time to call" in r.text]
    chat.press(next(d for d, label in reminder.choices if label == "Open the step"))
    assert "How did the call with Tom Jones go?" in chat.last
    assert "I'll remind you" not in chat.all_text
    assert "Thu 26 Nov" not in chat.last


def test_the_outcome_step_does_not_promise_a_call_reminder_an_earlier_outcome_cancelled(world):
    chat = world.chat()
    to_outcome(chat, "tomorrow 3pm")  # then they called back before that time
    chat.click("No answer yet")
    chat.click("They got back to me")
    assert "How did the call with Tom Jones go?" in chat.last
    assert not pending(world.conn, 1, kind="call")
    assert "I'll remind you" not in chat.last
    chat.click("Agreed to meet")
    chat.send("3.12 14:00")
    chat.send("Cafe Blau")
    chat.click("Yes, confirmed")
    chat.click("It was called off")
    assert "How did the call with Tom Jones go?" in chat.last
    assert "I'll remind you" not in chat.last


def test_the_outcome_step_promises_only_the_call_reminder_that_is_really_waiting(world):
    chat = world.chat()
    to_outcome(chat, "tomorrow 3pm")
    assert "I'll remind you on Thu 26 Nov 2026, 15:00" in chat.last
    chat.send("/pause")  # on hold: nothing is promised while it is
    assert "I'll remind you" not in chat.last
    chat.send("/resume")
    assert "I'll remind you on Thu 26 Nov 2026, 15:00" in chat.last
    chat.send("/reminders")
    chat.click("Cancel: Call Tom Jones")
    assert "Cancelled: Call Tom Jones." in chat.aside
    assert not pending(world.conn, 1, kind="call")
    assert "How did the call with Tom Jones go?" in chat.last  # the step again, no promise
    assert "I'll remind you" not in chat.last
    assert "Not called yet? Come back here once you have." in chat.last
    chat.send("/start")
    assert "I'll remind you" not in chat.last


async def test_the_outcome_step_gives_the_time_a_snoozed_call_reminder_now_waits_for(world):
    chat = world.chat()
    to_outcome(chat, "tomorrow 3pm")
    assert await world.tick_at(berlin(2026, 11, 26, 15, 1)) == 1
    (reminder,) = [r for _, r in world.outbox.sent if "Time to call" in r.text]
    chat.press(next(d for d, label in reminder.choices if label == "In 1 hour"))
    assert "Snoozed until Thu 26 Nov 2026, 16:01" in chat.aside
    assert "I'll remind you on Thu 26 Nov 2026, 16:01" in chat.last
    chat.press(next(d for d, label in reminder.choices if label == "Done"))
    assert "I'll remind you" not in chat.last


def test_follow_ups_are_due_at_ten_in_the_morning_not_at_the_minute_of_the_log(tmp_path):
    world = World(tmp_path, start=berlin(2026, 11, 25, 18, 35))  # a Wednesday evening
    chat = world.chat()
    to_outcome(chat)
    chat.click("No answer yet")
    chat.send("/reminders")
    assert "Mon 30 Nov 2026, 10:00 (Europe/Berlin): Try a second person for Tom Jones" in (
        chat.aside
    )
    assert "Fri 4 Dec 2026, 10:00 (Europe/Berlin): Follow up with Tom Jones" in chat.aside
    follow_ups = [line for line in chat.aside.splitlines() if "Tom Jones" in line]
    assert len(follow_ups) == 3 and not [line for line in follow_ups if "18:35" in line]


# -- one rule for every free-text step ----------------------------------------------------


def _refuses_emoji_and_one_letter(chat: Chat, engine) -> None:
    """Emoji alone and a single letter are refused with a re-ask; the step stays."""
    before = states_of(engine.store.conn, 1)
    for typed in ("\U0001f642", "\U0001f44d\U0001f44d", "x"):
        chat.send(typed)
        assert states_of(engine.store.conn, 1) == before, f"{typed!r} accepted at {before}"
        assert chat.last.startswith(("Please", "A name", "A job title", "An organization")), (
            chat.last
        )
        if typed != "x":
            assert "emoji" in chat.last or "letters" in chat.last, chat.last


def test_emoji_or_one_letter_is_refused_at_every_free_text_step_and_short_names_pass(engine):
    chat = Chat(engine, 1)
    refused = lambda: _refuses_emoji_and_one_letter(chat, engine)  # noqa: E731
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    refused()  # the self-assessment summary
    chat.send("/back")
    chat.click("Not yet")
    for answer in ("Listening", "Design", "Autonomy"):  # strengths, interests, values
        refused()
        chat.send(answer)
    refused()  # career goal
    chat.send("UX research")
    refused()  # who you are, typed
    chat.click("Something else")
    refused()
    chat.send("a nurse")
    chat.send("/skip")  # the user's own number
    refused()  # an organization
    chat.send("3M")
    chat.click("Done")
    chat.click("Friend")
    refused()  # a person's name
    chat.send("Al")  # a short name is a name
    assert "Added Al." in chat.last
    chat.click("Done")
    chat.click("Set up a contact")
    chat.click("3M")
    assert "what name do you give" in chat.last
    refused()  # the name on the user's own call cards
    chat.send("Jo")
    assert "Thanks, Jo." in chat.last
    chat.click("I have a name")
    refused()  # the person at the organization
    chat.send("Ed")
    refused()  # their job title
    chat.send("Lead researcher")
    chat.send("/skip")  # no phone
    refused()  # type of work
    chat.send("research")
    refused()  # why
    chat.send("I love understanding how people use tools")
    chat.click("20 minutes")
    refused()  # how the name was found
    chat.send("The front desk")
    chat.click("I'll call")
    assert "Hi Ed, my name is Jo" in chat.last
    chat.click("Write my own version")
    refused()  # the user's own script
    chat.send("Hi Ed, I'm Jo. Could we talk for 20 minutes about your research work?")
    chat.click("Ready to call")
    chat.send("Berlin")
    chat.send("/skip")
    chat.click("Gave me other names")
    refused()  # a referral's name
    chat.send("Bo")
    chat.send("/skip")
    chat.click("That's all")
    assert "I've added Bo to your contacts" in chat.last
    chat.send("/back")
    chat.send("/back")
    chat.send("/back")
    chat.send("/back")  # back at the outcome, for a meeting this time
    assert "How did the call with Ed go?" in chat.last, chat.last
    chat.click("Agreed to meet")
    chat.send("tomorrow 10:00")
    refused()  # the place
    chat.send("Cafe Blau")
    chat.click("Yes, confirmed")
    chat.click("It happened")
    chat.click("Yes, we've talked")
    refused()  # the notes
    chat.send("Portfolios matter")
    refused()  # the debrief: what was learned
    chat.send("Portfolios matter most")
    refused()  # how it fits
    chat.send("It fits")
    refused()  # what is still open
    chat.send("/skip")
    chat.click("On to the thank-you")
    assert "Send a thank-you" in chat.last


# -- "It happened" ------------------------------------------------------------------------


def test_it_happened_days_before_the_meeting_asks_once_whether_it_really_took_place(world):
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    before = {r["kind"] for r in pending(world.conn, 1)}
    assert {"meeting_day_before", "meeting_hour_before", "thank_you"} <= before
    chat.click("It happened")
    assert "set for Thu 3 Dec 2026, 14:00" in chat.last and "Did you already talk?" in chat.last
    assert chat.choices == ["Yes, we've talked", "No, not yet"]
    chat.click("No, not yet")
    assert "still ahead" in chat.last and "It's in the diary" in chat.last
    assert {r["kind"] for r in pending(world.conn, 1)} == before  # nothing dropped
    chat.click("It happened")
    chat.click("Yes, we've talked")
    assert "How did it go?" in chat.last
    left = {r["kind"] for r in pending(world.conn, 1)}
    assert "meeting_day_before" not in left and "meeting_hour_before" not in left
    assert "thank_you" in left


def test_it_happened_after_the_meeting_goes_straight_to_the_notes(world):
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    world.clock.set(berlin(2026, 12, 3, 15))
    chat.click("It happened")
    assert "How did it go?" in chat.last
    assert "Did you already talk?" not in chat.all_text


# -- contact stages -----------------------------------------------------------------------


def test_no_answer_yet_shows_the_contact_as_waiting_to_hear_back(world):
    chat = world.chat()
    to_outcome(chat, "tomorrow 3pm")
    chat.click("No answer yet")
    chat.send("/status")
    assert ". Tom Jones \u00b7 waiting to hear back \u00b7 follow up Mon 30 Nov" in chat.aside
    assert "call planned" not in chat.aside


def test_a_contact_who_only_gave_names_shows_gave_you_names_not_thanked(world):
    chat = world.chat()
    to_outcome(chat)
    chat.click("Gave me other names")
    chat.send("Sara Kim")
    chat.send("/skip")
    chat.click("That's all")
    chat.click("Done, I thanked them")
    chat.send("/status")
    assert ". Tom Jones \u00b7 gave you names\n" in chat.aside
    assert "   \u21b3 3. Sara Kim \u00b7 to contact" in chat.aside  # the name they gave
    assert "thanked" not in chat.aside


def test_the_plan_lists_a_closed_contact_apart_from_those_under_way(world):
    chat = world.chat()
    prep_to_review(chat, people=(("Friend", "Tom Jones"), ("Family", "Lea Park")))
    open_contact(chat, "Lea")
    plan_call(chat)
    chat.click("Ready to call")
    chat.send("Berlin")
    chat.send("/skip")
    chat.click("No, and no names")
    chat.click("Done")
    chat.click("Next contact")
    chat.click_starting("Tom")
    answer_phone_if_asked(chat)
    plan_call(chat)
    chat.send("/plan")
    plan = chat.last
    assert "Contacts under way:\n\u2022 Tom Jones: person found\n" in plan + "\n", plan
    under_way = plan.split("Contacts under way:", 1)[1].split("\n\n", 1)[0]
    assert "Lea Park" not in under_way
    assert "\u2022 Lea Park: closed" in plan  # listed, but as finished


# -- the user's own name ------------------------------------------------------------------


def test_the_name_for_calls_is_asked_once_with_the_telegram_first_name_offered(world):
    chat = world.chat(first_name="Ann")
    prep_to_review(chat, people=(("Friend", "Tom Jones"), ("Family", "Lea Park")))
    chat.click("Set up a contact")
    chat.click_starting("Tom")
    assert "what name do you give when you phone someone?" in chat.last
    assert chat.choices == ["Use: Ann"]
    chat.click("Use: Ann")
    answer_phone_if_asked(chat)
    plan_call(chat)
    assert "Hi Tom, it's Ann." in chat.last  # a friend's warm card
    chat.send("/plan")
    chat.click("Set up a contact")
    chat.click_starting("Lea")
    assert "what name do you give" not in chat.last  # asked once
    chat.send("/name")
    assert "Your call cards say you're Ann" in chat.last
    assert chat.choices == ["Keep: Ann"]
    chat.send("Jo")
    assert "Thanks, Jo." in chat.last
    answer_phone_if_asked(chat)
    plan_call(chat)
    assert "Hi Lea, it's Jo." in chat.last


async def test_on_telegram_status_and_name_answer_then_show_the_step(tmp_path):
    async with FakeBotAPI() as api, bot_and_watcher(api, str(tmp_path / "coach.db")) as bot:
        ann = TgChat(api, bot, 101, first_name="Ann")
        await ann.send("/start")
        await ann.click("Let's start")
        await ann.click("Yes, I have")
        await ann.send("/status")
        status, step = ann.new_messages
        assert status.startswith("Your plan at a glance")
        assert "Sum it up in a few lines" in step
        await ann.send("/name")
        assert "what name do you give when you phone someone?" in ann.last
        assert ann.choices == ["Use: Ann"]  # Telegram's first name, offered
        await ann.click("Use: Ann")
        assert "Thanks, Ann." in ann.last and "Sum it up in a few lines" in ann.last
        await ann.send("/name")
        await ann.send("Jo")
        assert "Thanks, Jo." in ann.last


def test_the_terminal_chat_asks_for_the_name_it_cannot_know(tmp_path):
    lines = [
        "Set up a contact",
        "Sam Rivera",
        "Al",
        "/skip",  # Sam's number
        "1",
        "I love how people use tools",
        "20 minutes",
        "I'll call",
    ]
    out = run_console(tmp_path / "c.db", PREPARATION + lines)
    asked = out.split("what name do you give when you phone someone?", 1)[1]
    assert "1) Use:" not in asked.split("> ", 1)[0]  # no name to offer in a terminal
    assert "Thanks, Al." in asked
    assert "Hi Sam, it's Al." in asked
    assert "[your name]" not in out


# -- less repetition on a phone -----------------------------------------------------------


def test_after_the_first_organization_each_addition_is_one_short_line(engine):
    chat = Chat(engine, 1)
    prep_until_orgs(chat)
    assert copy.ORGS_ASK in chat.last
    chat.send("Acme Health")
    chat.send("Globex")
    body = chat.last.split("\n\n", 1)[1]
    assert body == "Added Globex. So far: Acme Health, Globex. Another one, or tap Done?"
    chat.click("Done")
    chat.click("Friend")
    chat.send("Tom Jones")
    chat.click("Family")
    chat.send("Lea Park")
    assert chat.last.split("\n\n", 1)[1] == (
        "Added Lea Park. So far: Tom Jones, Lea Park. Someone else? Pick a kind, or tap Done."
    )


def test_back_at_the_first_step_does_not_reprint_the_welcome(engine):
    chat = Chat(engine, 1)
    chat.send("/start")
    assert "Golden rule" in chat.last
    chat.send("/back")
    assert "Golden rule" not in chat.all_text
    assert "first step" in chat.last
    assert chat.choices == ["Let's start"]


@pytest.mark.parametrize("outcome", ["Agreed to meet", "No, and no names"])
def test_no_praise_twice_in_a_row_when_a_contact_is_finished(world, outcome):
    chat = world.chat()
    to_outcome(chat)
    chat.click(outcome)
    if outcome == "Agreed to meet":
        chat.send("tomorrow 17:00")
        chat.send("Cafe Blau")
        chat.click("Yes, confirmed")
        world.clock.set(berlin(2026, 11, 26, 18))
        chat.click("It happened")
        chat.send("/skip")
        through_debrief(chat)
        chat.click("Sent it")
    else:
        chat.click("Done")
    finished = chat.last
    assert any(p in finished.casefold() for p in PRAISE), finished
    chat.click("Next contact")
    assert not any(p in chat.all_text.casefold() for p in PRAISE), chat.all_text


# -- no silent choices --------------------------------------------------------------------


def test_a_duplicate_organization_gets_a_word(engine):
    chat = Chat(engine, 1)
    prep_until_orgs(chat)
    chat.send("Acme Health")
    chat.send("acme health")
    assert "Acme Health is already on your list" in chat.last
    assert "So far: Acme Health." in chat.last
    rows = engine.store.conn.execute("SELECT org FROM contacts WHERE user_id = 1").fetchall()
    assert [r[0] for r in rows] == ["Acme Health"]


def test_start_the_list_over_asks_first(engine):
    chat = Chat(engine, 1)
    prep_until_orgs(chat)
    chat.send("Acme Health")
    chat.send("Globex")
    chat.click("Start the list over")
    assert "Acme Health and Globex will go from your plan" in chat.last
    assert chat.choices == ["Yes, start over", "No, keep the list"]
    chat.click("No, keep the list")
    assert "So far: Acme Health, Globex" in chat.last
    chat.click("Start the list over")
    chat.click("Yes, start over")
    assert "The list is empty again." in chat.last
    assert "So far" not in chat.last


def test_called_off_says_so_before_asking_how_to_log_it(world):
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    chat.click("It was called off")
    assert "Sorry it fell through" in chat.last
    assert "How did the call with Tom Jones go?" in chat.last
    assert not [r for r in pending(world.conn, 1) if r["kind"].startswith("meeting_")]
