"""Bad or odd input: every one gets a clear, specific answer and changes nothing it shouldn't."""

from __future__ import annotations

import sqlite3

import pytest

from tests.engine_helpers import (
    Chat,
    contacts_rows,
    dump_db,
    make_engine,
    open_contact,
    plan_call,
    prep_to_review,
    prep_until_orgs,
    user_row,
)


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "coach.db")


@pytest.fixture
def engine(db_path):
    return make_engine(db_path)


@pytest.fixture
def chat(engine):
    return Chat(engine, 1, "Ann")


def to_goal(chat: Chat) -> None:
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    chat.send("My summary")
    assert "Step 3 of 8" in chat.last


def one_line(text: str) -> bool:
    return "\n" not in text.strip()


# -- text steps -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t \n "])
def test_empty_or_blank_message_at_a_text_step(chat, engine, text):
    to_goal(chat)
    before = user_row(engine, 1)
    chat.send(text)
    assert chat.last == "I got an empty message. Please type your answer, or tap a button."
    assert user_row(engine, 1) == before
    chat.send("UX research")
    assert "Step 4 of 8" in chat.last


@pytest.mark.parametrize("size", [4096, 5000])
def test_overlong_text_gets_a_length_message_and_the_step_stays(chat, engine, size):
    to_goal(chat)
    before = user_row(engine, 1)
    chat.send("a" * size)
    assert chat.last == f"That's {size} characters; please keep it under 300."
    assert user_row(engine, 1) == before  # step and earlier answers intact
    assert before["answers"]["assessment"] == "My summary"
    chat.send("UX research")
    assert "Step 4 of 8" in chat.last


@pytest.mark.parametrize("size", [4096, 5000])
def test_overlong_summary_and_organization(chat, engine, size):
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    chat.send("b" * size)
    assert chat.last == f"That's {size} characters; please keep it under 1500."
    assert user_row(engine, 1)["state"] == "assess_summary"
    chat.send("Short summary")
    chat.send("UX research")
    chat.click("A student")
    chat.send("d" * size)
    assert "please keep it under" in chat.last  # what you say about yourself
    chat.click("Use: a student")
    chat.send("e" * size)
    assert "too long for a phone number" in chat.last
    chat.send("/skip")
    chat.send("Acme Health")
    chat.send("c" * size)
    assert "120 characters at most" in chat.last
    assert user_row(engine, 1)["answers"]["organizations"] == ["Acme Health"]


def test_emoji_and_non_latin_scripts_are_kept_and_shown_back(chat, engine):
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    chat.send("Люблю людей и задачи 🧩")
    chat.send("Разработка игр")
    chat.send("学生です")
    chat.send("/skip")  # no number
    chat.send("Café Müller 🍰")
    chat.send("東京大学")
    chat.click("Done")
    chat.click("Family")
    chat.send("José Núñez 👨‍👩‍👧")
    chat.click("Done")
    review = chat.last
    assert "Self-assessment: Люблю людей и задачи 🧩" in review
    assert "Career goal: Разработка игр" in review
    assert "Who you are: 学生です" in review
    assert "Organizations: Café Müller 🍰, 東京大学" in review
    assert "José Núñez 👨‍👩‍👧 (family member)" in review
    answers = user_row(engine, 1)["answers"]
    assert answers["organizations"] == ["Café Müller 🍰", "東京大学"]
    assert answers["career_goal"] == "Разработка игр"


def test_control_characters_are_stripped(chat, engine):
    prep_until_orgs(chat)
    chat.send("Acme\x00 Hea\x07lth\x1b")
    assert "So far: Acme Health" in chat.last
    assert user_row(engine, 1)["answers"]["organizations"] == ["Acme Health"]


def test_sql_looking_text_is_stored_verbatim_and_tables_are_fine(chat, engine, db_path):
    evil = "Robert'); DROP TABLE users;--"
    evil2 = "x' OR '1'='1"
    prep_until_orgs(chat, goal=evil2)
    chat.send(evil)
    chat.click("Done")
    chat.click("Done")
    assert f"Organizations: {evil}" in chat.last
    assert f"Career goal: {evil2}" in chat.last
    answers = user_row(engine, 1)["answers"]
    assert answers["organizations"] == [evil]
    assert answers["career_goal"] == evil2
    (row,) = contacts_rows(engine, 1)
    assert row["org"] == evil
    conn = sqlite3.connect(db_path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"users", "contacts", "reminders", "processed_updates"} <= tables
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# -- button steps -----------------------------------------------------------------------------


def test_number_outside_the_choices_at_a_button_step(chat, engine):
    chat.send("/start")
    chat.click("Let's start")
    chat.send("9")
    assert chat.last == (
        "Please pick one: \u201cYes, I have\u201d, \u201cNot yet\u201d. Tap a button or type its"
        " number."
    )
    assert chat.choices == ["Yes, I have", "Not yet"]
    assert user_row(engine, 1)["state"] == "self_check"
    chat.send("2")
    assert "1 of 3" in chat.last


def test_number_outside_the_choices_at_the_identity_step_is_not_taken_as_an_answer(chat, engine):
    """BUG: identity accepts free text, so "12" (no such button) is stored as who you are."""
    to_goal(chat)
    chat.send("UX research")
    chat.send("12")
    assert user_row(engine, 1)["state"] == "identity", chat.last
    assert "identity" not in user_row(engine, 1)["answers"]


def test_unknown_label_at_a_button_step(chat, engine):
    chat.send("/start")
    chat.click("Let's start")
    chat.send("Maybe later")
    assert chat.last.startswith("Please pick one: \u201cYes, I have\u201d, \u201cNot yet\u201d.")
    assert user_row(engine, 1)["state"] == "self_check"


def test_typing_a_keep_label_picks_it(chat, engine):
    """BUG: typing the label of the "Keep: ..." button stores the label itself as the answer
    (every other button's label can be typed to pick it)."""
    to_goal(chat)
    chat.send("UX research")
    chat.send("/back")
    assert chat.choices == ["Keep: UX research"]
    chat.send("Keep: UX research")
    assert user_row(engine, 1)["answers"]["career_goal"] == "UX research"


def test_media_at_a_text_step(chat, engine):
    to_goal(chat)
    before = user_row(engine, 1)
    chat.media("photo")
    assert chat.last == (
        "Thanks, but I can't read a photo here. Please type your answer as a text message."
    )
    assert one_line(chat.last)
    chat.media("voice")
    assert "a voice message" in chat.last
    assert user_row(engine, 1) == before


def test_media_at_a_button_step(chat, engine):
    chat.send("/start")
    chat.click("Let's start")
    chat.media("sticker")
    assert chat.last == (
        "Thanks, but I can't read a sticker here. "
        "Please tap one of the buttons, or type its number."
    )
    assert chat.choices == ["Yes, I have", "Not yet"]
    chat.media("something-new")
    assert "that kind of message" in chat.last
    assert user_row(engine, 1)["state"] == "self_check"


def test_contact_card_outside_a_name_step(chat, engine):
    to_goal(chat)
    chat.contact_card("Maria Lopez", "+49 30 1234567")
    assert "a contact card" in chat.last
    assert user_row(engine, 1)["state"] == "career_goal"


def test_contact_card_at_the_person_name_step_fills_name_and_phone(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    open_contact(chat, "Acme")
    chat.click("I have a name")
    chat.contact_card("Maria Lopez", "+49 30 1234567")
    assert "Took the name from the contact card." in chat.last
    assert "Maria Lopez's job title" in chat.last
    (acme,) = contacts_rows(engine, 1)
    assert acme["answers"]["person_name"] == "Maria Lopez"


def test_phone_with_letters(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    open_contact(chat, "Acme")
    chat.click("I have a name")
    chat.send("Maria Lopez")
    chat.send("Lead UX Researcher")
    chat.send("555-CALL-NOW")
    assert chat.last == "A phone number can't contain letters. Type digits, e.g. +44 20 7946 0958."
    (acme,) = contacts_rows(engine, 1)
    assert acme["state"] == "person_phone"
    assert "person_phone" not in acme["answers"]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("yesterday 10:00", "Tue 24 Nov, 10:00"), ("18.11.2026 10:00", "Wed 18 Nov, 10:00")],
)
def test_a_past_time_gets_a_specific_re_ask(chat, engine, typed, shown):
    prep_to_review(chat, orgs=(), people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Tom")
    plan_call(chat)
    chat.click("Ready to call")
    chat.send("Berlin")
    chat.send(typed)
    assert f"That time has already passed ({shown})" in chat.last
    assert "from now on" in chat.last
    (tom,) = contacts_rows(engine, 1)
    assert tom["state"] == "call_when"
    assert "call_at" not in tom["answers"]


def test_unreadable_time(chat, engine):
    prep_to_review(chat, orgs=(), people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Tom")
    plan_call(chat)
    chat.click("Ready to call")
    chat.send("Berlin")
    chat.send("whenever suits")
    assert "couldn't read a date" in chat.last
    assert contacts_rows(engine, 1)[0]["state"] == "call_when"


def test_unknown_time_zone(chat, engine):
    prep_to_review(chat, orgs=(), people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Tom")
    plan_call(chat)
    chat.click("Ready to call")
    chat.send("Atlantis")
    assert 'I don\'t know the time zone "Atlantis"' in chat.last
    chat.send("UTC+2")
    assert "Time zone set: UTC+2" in chat.last


# -- buttons ----------------------------------------------------------------------------------


def test_stale_button_from_an_earlier_step_changes_nothing(chat, engine, db_path):
    chat.send("/start")
    chat.click("Let's start")
    old_yes = chat.data_of("Yes, I have")
    chat.click("Not yet")
    chat.send("writing")
    before = dump_db(db_path)
    chat.press(old_yes)
    assert chat.last.startswith("That button belongs to an earlier step, so I changed nothing.")
    assert "2 of 3" in chat.last  # where the user is
    assert dump_db(db_path) == before


def test_stale_set_up_button_of_another_own_contact(chat, engine, db_path):
    prep_to_review(chat, orgs=("Acme Health",), people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Acme")
    old = chat.data_of("I have a name")
    chat.send("/plan")
    chat.click("Set up a contact")
    chat.click("Tom Jones")
    before = dump_db(db_path)
    chat.press(old)
    assert "earlier step" in chat.last
    assert "What's Tom Jones's phone number?" in chat.last
    assert dump_db(db_path) == before


def test_forged_set_up_button_naming_another_users_contact(engine, db_path):
    ann = Chat(engine, 1, "Ann")
    bob = Chat(engine, 2, "Bob")
    prep_to_review(ann, orgs=("Ann Org",))
    prep_to_review(bob, orgs=("Bob Org",))
    open_contact(bob, "Bob Org")
    bob_contact = contacts_rows(engine, 2)[0]["id"]
    open_contact(ann, "Ann Org")
    before = dump_db(db_path)
    for value in ("got_name", "not_yet"):
        ann.press(f"s|{bob_contact}|switchboard|{value}")
        assert ann.last.startswith("I can't use that button, so nothing was changed.")
        assert "Ann Org" in ann.last
        assert "Bob Org" not in ann.last
    ann.press(f"p|choose_contact|c{bob_contact}")
    assert "Bob Org" not in ann.last
    assert dump_db(db_path) == before
    bob.send("/start")
    assert "find the right person at Bob Org" in bob.last


def test_forged_choose_contact_button_with_another_users_contact(engine, db_path):
    ann = Chat(engine, 1, "Ann")
    bob = Chat(engine, 2, "Bob")
    prep_to_review(bob, orgs=("Bob Org",))
    prep_to_review(ann, orgs=("Ann Org",))
    ann.click("Set up a contact")
    bob_contact = contacts_rows(engine, 2)[0]["id"]
    before = dump_db(db_path)
    ann.press(f"p|choose_contact|c{bob_contact}")
    ann.send(f"c{bob_contact}")
    assert "Bob Org" not in ann.all_text
    assert dump_db(db_path) == before


@pytest.mark.parametrize(
    "data",
    [
        "",
        "garbage",
        "p|",
        "s|abc|x|y",
        "s|1|2|3|4|5",
        "r|x|cancel",
        "r|999|cancel",
        "x" * 100,
        "o|reset|yes",
        "p|welcome|nonsense",
    ],
)
def test_garbage_callback_data_is_answered_politely(chat, engine, db_path, data):
    prep_until_orgs(chat)
    chat.send("Acme Health")
    before = dump_db(db_path)
    chat.press(data)
    assert chat.replies and chat.last
    assert "Traceback" not in chat.last
    assert dump_db(db_path) == before
    assert user_row(engine, 1)["answers"]["organizations"] == ["Acme Health"]
