"""Scripts that sound like the user: each kind of contact, called or written to, walked
through the engine; "not yet" at the switchboard; the checklist before the interview."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.engine_helpers import (
    KNOWN_PHONE,
    MY_PHONE,
    Chat,
    call_to_outcome,
    contacts_rows,
    open_contact,
    org_person,
    plan_call,
    prep_to_review,
    set_timezone_if_asked,
)
from tests.reminder_helpers import berlin, confirm_meeting, pending, reminder_rows, ts
from tests.test_reminders import World

REASON = "I love understanding how people use tools"
NO_CV = ("cv", "resume", "r\u00e9sum\u00e9", "curriculum")


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


@pytest.fixture
def chat(world) -> Chat:
    chat = world.chat()
    prep_to_review(
        chat,
        orgs=("Acme Health",),
        people=(("Friend", "Tom Jones"), ("Professor", "Dr. Sara Lind")),
    )
    return chat


def quoted(text: str) -> list[str]:
    """Every passage between curly quotes, in order."""
    return re.findall("\u201c(.*?)\u201d", text, flags=re.S)


def message_of(card: str) -> str:
    """The message to copy on a message card (the one long quoted passage)."""
    return max(quoted(card), key=len)


def section(card: str, head: str) -> str:
    """The quoted line under a heading of the call card."""
    return quoted(card.split(head, 1)[1])[0]


def to_referral(chat: Chat) -> None:
    """Acme's Maria Lopez names Sara Kim (no number); Sara's set-up opens."""
    open_contact(chat, "Acme")
    org_person(chat)
    plan_call(chat)
    call_to_outcome(chat)
    chat.click("Gave me other names")
    chat.send("Sara Kim")
    chat.send("/skip")
    chat.click("That's all")
    chat.click("Done, I thanked them")
    chat.click("Next contact")
    chat.click("Sara Kim (Acme Health)")
    assert "What's Sara Kim's phone number?" in chat.last
    chat.send("+44 20 7946 0958")


def open_variant(chat: Chat, who: str) -> None:
    """At the first planning step (type of work) of the contact ``who``."""
    if who == "organization":
        open_contact(chat, "Acme")
        org_person(chat)
    elif who == "referral":
        to_referral(chat)
    else:
        open_contact(chat, {"friend": "Tom", "professor": "Dr."}[who])
    assert "What type of work" in chat.last, chat.last


# What each kind of contact's script must say (greeting, header line, opening, voicemail).
VARIANTS = {
    "organization": {
        "hi": "Hi Maria,",
        "header": ["Your call card for Maria Lopez", "Lead UX Researcher, Acme Health",
                   "\u260e Dial +49 30 1234567"],
        "opening": "Hi Maria, my name is Ann; I'm a student. The front desk at Acme Health "
        "gave me your name. Is now a good time for a quick question?",
        "first_line": "The front desk at Acme Health gave me your name.",
        "subject": "Your work in UX research",
    },
    "referral": {
        "hi": "Hi Sara,",
        "header": ["Your call card for Sara Kim", "Acme Health, suggested by Maria Lopez",
                   "\u260e Dial +44 20 7946 0958"],
        "opening": "Hi Sara, Maria Lopez suggested I talk to you. My name is Ann; I'm a "
        "student. Is now a good time for a quick question?",
        "first_line": "Maria Lopez suggested I talk to you.",
        "subject": "Maria Lopez suggested I get in touch",
    },
    "friend": {
        "hi": "Hi Tom,",
        "header": ["Your call card for Tom Jones", "Your friend", f"\u260e Dial {KNOWN_PHONE}"],
        "opening": "Hi Tom, it's Ann. Is now a good time for a quick question?",
        "first_line": "I hope you're well!",
        "subject": "A question about UX research",
    },
    "professor": {
        "hi": "Hi Dr. Lind,",
        "header": ["Your call card for Dr. Sara Lind", "Your professor",
                   f"\u260e Dial {KNOWN_PHONE}"],
        "opening": "Hi Dr. Lind, it's Ann. Is now a good time for a quick question?",
        "first_line": "I hope you're well. As you may know, I'm a student,",
        "subject": "A question about UX research",
    },
}  # fmt: skip


@pytest.mark.parametrize("who", list(VARIANTS))
def test_call_card_of_each_kind_of_contact(chat, who):
    want = VARIANTS[who]
    open_variant(chat, who)
    chat.click_starting("Use: ")
    chat.send(REASON)
    chat.click("20 minutes")
    if who in ("friend", "professor"):
        assert "How will you reach" in chat.last  # never "how did you get their name"
    else:
        assert "How did you get" in chat.last
        chat.click_starting("Use: ")
    assert "A phone call often works best" in chat.last
    assert chat.choices == ["I'll call", "I'll write"]  # a call is offered, not imposed
    chat.click("I'll call")
    card = chat.last
    assert "Step 3 of 7 \u00b7 Your call card" in card
    assert card.split("\n\n")[1].splitlines() == want["header"]  # who to dial, at the top
    assert section(card, "Say first:") == want["opening"]
    ask = section(card, "If they have a moment:")
    assert "exploring work in UX research, because I love understanding" in ask
    assert "20 minutes" in ask and "video" in ask and "phone" in ask
    assert ("come to you" in ask) or ("In person" in ask) or ("coffee" in ask)
    assert "Bad time? Ask when you could call back" in card
    voicemail = section(card, "If you get voicemail")
    assert voicemail.startswith(want["hi"])
    assert f"My number is {MY_PHONE}." in voicemail
    assert "UX research" in voicemail and "I'll try you again in a couple of days." in voicemail
    assert "Hello" not in card and "Dear" not in card  # first names, "Hi"
    assert "How did you get" not in card and "We know each other" not in card


@pytest.mark.parametrize("who", list(VARIANTS))
def test_message_of_each_kind_of_contact(chat, world, who):
    want = VARIANTS[who]
    open_variant(chat, who)
    chat.click_starting("Use: ")
    chat.send(REASON)
    chat.click("30 minutes")
    if "How did you get" in chat.last:
        chat.click_starting("Use: ")
    chat.click("I'll write")
    card = chat.last
    assert "Step 3 of 7 \u00b7 Your message" in card
    assert f"Subject line: {want['subject']}" in card
    message = message_of(card)
    words = len(message.split())
    assert words < 100
    assert f"{words} words." in card
    greeting, first, ask, sign = message.split("\n\n")
    assert greeting == want["hi"]
    assert first.startswith(want["first_line"])  # the connection comes first
    assert "30 minutes" in ask and "video call is fine" in ask
    assert sign.endswith("\nAnn")
    assert not any(word in message.casefold() for word in NO_CV)
    assert chat.choices == ["Ready to send"]
    # the rest of the way is worded for a message
    chat.click("Ready to send")
    set_timezone_if_asked(chat)
    assert "Step 4 of 7 \u00b7 When you'll write" in chat.last
    assert "When will you send your message to" in chat.last
    chat.send("tomorrow 9am")
    assert "I'll remind you to send it on Thu 26 Nov 2026, 09:00" in chat.last
    chat.click("Yes, that's right")
    assert "reply?" in chat.last and "Not sent yet?" in chat.last
    assert chat.choices == [
        "They replied yes",
        "A short call instead",
        "They suggested others",
        "They said no",
        "No reply yet",
    ]
    rows = pending(world.conn, 1, kind="call")
    assert rows[-1]["payload"]["channel"] == "message"
    chat.send("/reminders")
    assert "Write to " in chat.aside


async def test_written_to_follow_ups_and_reminder_speak_of_a_message(chat, world):
    open_contact(chat, "Tom")
    plan_call(chat, write=True)
    chat.click("Ready to send")
    chat.send("Berlin")
    chat.send("tomorrow 9am")
    chat.click("Yes, that's right")
    assert await world.tick_at(berlin(2026, 11, 26, 9)) == 1
    assert "Time to write to Tom Jones" in world.texts()[-1]
    (_, reminder) = world.outbox.sent[-1]
    opened = chat.press(next(d for d, lbl in reminder.choices if lbl == "Open the step"))
    assert "Your message to Tom Jones" in opened[0].text  # the message, ready to copy
    chat.click("No reply yet")
    assert "No reply yet is normal" in chat.last
    assert chat.choices == ["Plan a follow-up", "They replied"]
    assert await world.tick_at(berlin(2026, 12, 1, 10)) == 1  # 3 business days on
    assert "no reply from Tom Jones" in world.texts()[-1]
    assert await world.tick_at(berlin(2026, 12, 7, 10)) == 1  # 7
    assert "One short, friendly follow-up message is fine now." in world.texts()[-1]
    chat.click("They replied")
    chat.click("A short call instead")
    assert "When will you talk on the phone?" in chat.last
    chat.send("30.11 10:00")
    chat.click(f"Use: By phone: {KNOWN_PHONE}")
    assert "Repeat it in your reply" in chat.last  # read back in writing, not on the phone
    assert "Length: 5 minutes" in chat.last
    chat.click("Yes, confirmed")
    assert "Keep to the 5 minutes you agreed" in chat.last


def test_a_long_reason_makes_the_message_say_it_is_too_long(chat):
    open_contact(chat, "Acme")
    org_person(chat)
    chat.click_starting("Use: ")
    chat.send(("I have always wondered how researchers decide which questions to ask " * 4)[:290])
    chat.click("20 minutes")
    chat.send(
        "I heard her talk at the Design Week panel on research ethics last spring, and "
        "the organizer, who used to work with her, gave me her name after the session"
    )
    chat.click("I'll write")
    message = message_of(chat.last)
    words = len(message.split())
    assert words >= 100
    assert f"{words} words: under 100 reads best. /back to shorten your reason" in chat.last


def test_without_a_number_the_voicemail_line_leaves_a_gap_to_fill(world):
    chat = world.chat()
    prep_to_review(chat, people=(("Family", "Lea Park"),), my_phone=None)
    open_contact(chat, "Lea", phone=None)
    plan_call(chat)
    assert "\u260e No number yet" in chat.last
    assert "My number is [your number]." in chat.last
    assert contacts_rows(world.engine, 1)[0]["phone"] is None


def test_the_voicemail_names_the_day_to_try_again_once_the_call_is_planned(chat, world):
    open_contact(chat, "Tom")
    plan_call(chat)
    call_to_outcome(chat, "friday 10:00")  # Fri 27 Nov: two working days on is Tuesday
    chat.send("/back")
    chat.send("/back")
    chat.send("/back")
    assert "Your call card for Tom Jones" in chat.last
    assert "I'll try you again on Tuesday." in chat.last


# -- "not yet" at the switchboard -----------------------------------------------------------


async def test_not_yet_offers_ways_to_find_a_name_and_a_reminder_to_come_back(chat, world):
    open_contact(chat, "Acme")
    chat.click("Not yet")
    ways = chat.last
    assert "Step 1 of 7" in ways
    assert "staff or team pages" in ways
    assert "LinkedIn: search for people at Acme Health whose job title fits UX research" in ways
    assert "alumni network" in ways
    assert "professional association for UX research" in ways
    assert "I'll check in with you in 3 working days, around the time of day you tapped" in ways
    assert chat.choices == ["I have a name now", "Show the switchboard script"]
    (row,) = pending(world.conn, 1, kind="find_name")
    # Wed + 3 business days, at the time of the tap (10:00 UTC): the zone is not asked yet
    assert row["due_ts"] == ts(datetime(2026, 11, 30, 10, tzinfo=UTC))
    chat.send("/reminders")
    assert "Find a name at Acme Health" in chat.aside
    # back to the script and "not yet" again: still one reminder
    chat.send("/start")
    chat.click("Show the switchboard script")
    assert "Who at Acme Health does that kind of work?" in chat.last
    chat.click("Not yet")
    assert len(pending(world.conn, 1, kind="find_name")) == 1
    # the day comes: the reminder opens the ways again
    chat.send("/plan")
    assert await world.tick_at(datetime(2026, 11, 30, 10, tzinfo=UTC)) == 1
    assert "Any luck finding the right person at Acme Health?" in world.texts()[-1]
    (_, reminder) = world.outbox.sent[-1]
    chat.press(next(d for d, lbl in reminder.choices if lbl == "Open the step"))
    assert "Now working on: Acme Health." in chat.last and "alumni network" in chat.last
    chat.click("I have a name now")
    chat.send("Maria Lopez")
    assert "What is Maria Lopez's job title?" in chat.last
    assert pending(world.conn, 1, kind="find_name") == []


def test_not_yet_before_a_zone_is_known_checks_in_at_the_hour_the_user_was_here(tmp_path):
    world = World(tmp_path, start=datetime(2026, 11, 25, 19, 40, tzinfo=UTC))  # Wed evening
    chat = world.chat()
    prep_to_review(chat, orgs=("Acme Health",))
    open_contact(chat, "Acme")
    chat.click("Not yet")
    assert (
        "I'll check in with you in 3 working days, around the time of day you tapped "
        "\u201cNot yet\u201d." in chat.last
    )
    (row,) = pending(world.conn, 1, kind="find_name")
    assert row["due_ts"] == ts(datetime(2026, 11, 30, 19, 40, tzinfo=UTC))  # not 10:00 UTC
    # once the zone is known: ten in their morning, and the day named
    chat.send("/timezone")
    chat.send("Berlin")
    chat.click("Show the switchboard script")
    chat.click("Not yet")
    assert "I'll check in with you on Monday." in chat.last
    (row,) = pending(world.conn, 1, kind="find_name")
    assert row["due_ts"] == ts(berlin(2026, 11, 30, 10))


async def test_a_name_found_before_the_reminder_cancels_it(chat, world):
    open_contact(chat, "Acme")
    chat.click("Not yet")
    chat.click("I have a name now")
    chat.send("Maria Lopez")
    assert reminder_rows(world.conn, 1, kind="find_name")[0]["status"] == "cancelled"
    assert await world.tick_at(berlin(2026, 12, 1, 10)) == 0


# -- before the interview ---------------------------------------------------------------------


CHECKLIST_PARTS = (
    "Before you talk:",
    "Practise your 30-second introduction",
    "Choose four or five questions (/questions)",
    "Take light notes",
    "At the end, ask who else you could talk to",
    "If they mention a job: thank them, and keep it a conversation",
)


async def test_checklist_on_confirmation_and_in_the_day_before_reminder(chat, world):
    open_contact(chat, "Acme")
    org_person(chat)
    plan_call(chat)
    call_to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    for part in CHECKLIST_PARTS:
        assert part in chat.last, part
    assert "Look up Maria Lopez and Acme Health" in chat.last
    assert "Keep to the 20 minutes you agreed" in chat.last
    assert chat.last.index("Before you talk:") < chat.last.index("It happened")
    assert await world.tick_at(berlin(2026, 12, 2, 14)) == 1
    day_before = world.texts()[-1]
    assert day_before.startswith("\u23f0 Tomorrow: your information interview with Maria Lopez")
    for part in CHECKLIST_PARTS:
        assert part in day_before, part
    assert "Look up Maria Lopez and Acme Health" in day_before
    assert "Keep to the 20 minutes you agreed" in day_before
    assert await world.tick_at(berlin(2026, 12, 3, 13)) == 1
    assert "Before you talk" not in world.texts()[-1]  # the hour before stays short


async def test_a_friend_s_five_minute_call_gets_its_own_checklist(chat, world):
    open_contact(chat, "Tom")
    plan_call(chat)
    call_to_outcome(chat)
    chat.click("5 minutes by phone")
    chat.send("3.12 09:00")
    chat.click(f"Use: By phone: {KNOWN_PHONE}")
    chat.click("Yes, confirmed")
    assert "Read up on Tom Jones's work and the field" in chat.last
    assert "Keep to the 5 minutes you agreed" in chat.last
    assert await world.tick_at(berlin(2026, 12, 2, 9)) == 1
    assert "Keep to the 5 minutes you agreed" in world.texts()[-1]
