"""Users never see each other's data; a restart loses nothing; a repeated update does nothing."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.replies import Input
from tests.engine_helpers import (
    START,
    Chat,
    contacts_rows,
    dump_db,
    make_engine,
    open_contact,
    org_person,
    plan_call,
    prep_to_review,
    prep_until_orgs,
    user_row,
)


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "coach.db")


def test_two_users_interleaved_see_only_their_own_plan(db_path):
    engine = make_engine(db_path)
    ann = Chat(engine, 101, "Ann")
    bob = Chat(engine, 202, "Bob")
    for chat in (ann, bob):
        chat.send("/start")
        chat.click("Let's start")
    ann.click("Yes, I have")
    bob.click("Not yet")
    ann.send("Ann's own summary")
    bob.send("Bob strength")
    bob.send("Bob interest")
    ann.send("Ann goal: UX research")
    bob.send("Bob value")
    ann.click("A student")
    bob.send("Bob goal: carpentry")
    ann.send("a student of design")
    bob.click("Changing jobs")
    ann.send("/skip")
    bob.click("Use: thinking about changing jobs")
    ann.send("Ann Org One")
    bob.send("+49 170 7654321")
    bob.send("Bob Org One")
    ann.send("Ann Org Two")
    bob.click("Done")
    ann.click("Done")
    ann.click("Friend")
    bob.click("Family")
    bob.send("Bob Cousin")
    ann.send("Ann Friend")
    ann.click("Done")
    bob.click("Done")

    ann_review, bob_review = ann.last, bob.last
    assert "Ann's own summary" in ann_review
    assert "Ann goal: UX research" in ann_review
    assert "Organizations: Ann Org One, Ann Org Two" in ann_review
    assert "Ann Friend (friend)" in ann_review
    assert "Bob" not in ann_review
    assert "Bob strength" in bob_review
    assert "Bob goal: carpentry" in bob_review
    assert "Organizations: Bob Org One" in bob_review
    assert "Bob Cousin (family member)" in bob_review
    assert "Ann" not in bob_review
    assert "Who you are: a student of design" in ann_review and "Your number" not in ann_review
    assert "Your number: +49 170 7654321" in bob_review

    ann.click("Set up a contact")
    bob.click("Set up a contact")
    assert ann.choices[:3] == ["Ann Org One", "Ann Org Two", "Ann Friend"]
    assert bob.choices[:2] == ["Bob Org One", "Bob Cousin"]
    ann.send("/status")
    assert "Contacts (3)" in ann.aside
    bob.send("/status")
    assert "Contacts (2)" in bob.aside
    assert {r["org"] or r["name"] for r in contacts_rows(engine, 101)} == {
        "Ann Org One",
        "Ann Org Two",
        "Ann Friend",
    }


def test_two_users_set_up_contacts_and_reminders_apart(db_path):
    engine = make_engine(db_path)
    ann = Chat(engine, 1, "Ann")
    bob = Chat(engine, 2, "Bob")
    prep_to_review(ann, orgs=("Acme Health",))
    prep_to_review(bob, orgs=("Beta Corp",))
    open_contact(ann, "Acme")
    open_contact(bob, "Beta")
    org_person(ann, name="Maria Lopez")
    org_person(bob, name="Jo Park")
    plan_call(ann)
    plan_call(bob)
    for chat in (ann, bob):
        chat.click("Ready to call")
        chat.send("Berlin")
        chat.send("tomorrow 3pm")
        chat.click("Yes, that's right")
    ann.send("/reminders")
    assert "Call Maria Lopez" in ann.aside and "Jo Park" not in ann.aside
    bob.send("/reminders")
    assert "Call Jo Park" in bob.aside and "Maria Lopez" not in bob.aside
    # Ann cannot cancel Bob's reminder with his button
    bob_cancel = bob.data_of("Cancel: Call Jo Park")
    ann.press(bob_cancel)
    assert "can't use that button" in ann.last
    bob.send("/reminders")
    assert "Call Jo Park" in bob.aside


def test_restart_continues_at_the_same_step_with_every_answer(db_path):
    first = make_engine(db_path)
    chat = Chat(first, 7, "Ann")
    prep_until_orgs(chat)
    chat.send("Acme Health")
    chat.send("Beta Corp")
    before = user_row(first, 7)
    first.store.close()

    again = make_engine(db_path)  # a new Engine and Store on the same file
    chat = Chat(again, 7, "Ann")
    chat.send("/start")
    assert chat.last.startswith("Welcome back!")
    assert "Step 5 of 8" in chat.last
    assert "So far: Acme Health, Beta Corp" in chat.last
    assert user_row(again, 7) == before
    chat.click("Done")
    chat.click("Done")
    assert "Organizations: Acme Health, Beta Corp" in chat.last
    assert "Career goal: UX research" in chat.last


def test_restart_in_the_middle_of_a_set_up_any_message_continues(db_path):
    first = make_engine(db_path)
    chat = Chat(first, 7, "Ann")
    prep_to_review(chat, orgs=("Acme Health",))
    open_contact(chat, "Acme")
    chat.click("I have a name")
    chat.send("Maria Lopez")
    first.store.close()

    again = make_engine(db_path)
    chat = Chat(again, 7, "Ann")
    chat.send("Lead UX Researcher")  # no /start needed: the answer goes to the saved step
    assert "Maria Lopez's phone number" in chat.last
    (acme,) = contacts_rows(again, 7)
    assert acme["answers"]["person_name"] == "Maria Lopez"
    assert acme["answers"]["person_title"] == "Lead UX Researcher"


def test_restart_keeps_the_time_zone_and_reminders(db_path):
    first = make_engine(db_path)
    chat = Chat(first, 7, "Ann")
    prep_to_review(chat, orgs=(), people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Tom")
    plan_call(chat)
    chat.click("Ready to call")
    chat.send("Tokyo")
    chat.send("tomorrow 9:00")
    chat.click("Yes, that's right")
    first.store.close()

    again = make_engine(db_path, FakeClock(START))
    chat = Chat(again, 7, "Ann")
    chat.send("/reminders")
    assert "Thu 26 Nov 2026, 09:00 (Asia/Tokyo): Call Tom Jones" in chat.aside
    chat.send("/start")
    assert "How did the call with Tom Jones go?" in chat.last


def test_the_same_update_twice_changes_nothing_the_second_time(db_path):
    engine = make_engine(db_path)
    chat = Chat(engine, 5, "Ann")
    prep_until_orgs(chat)
    inp = Input("text", "Acme Health")
    first = engine.handle(5, inp, update_id=42)
    after_first = dump_db(db_path)
    second = engine.handle(5, inp, update_id=42)
    assert dump_db(db_path) == after_first
    assert [r.text for r in second] == [r.text for r in first]  # unsent replies re-sent
    assert user_row(engine, 5)["answers"]["organizations"] == ["Acme Health"]
    assert len(contacts_rows(engine, 5)) == 1

    engine.delivered(42)
    flush = getattr(engine, "flush_delivered", None)  # the mark may wait for a transaction
    if flush is not None:
        flush()
    after_delivered = dump_db(db_path)
    third = engine.handle(5, inp, update_id=42)
    assert third == []  # delivered: nothing to send again
    assert dump_db(db_path) == after_delivered
    assert user_row(engine, 5)["answers"]["organizations"] == ["Acme Health"]


def test_the_same_button_update_twice_adds_one_contact(db_path):
    engine = make_engine(db_path)
    chat = Chat(engine, 5, "Ann")
    prep_until_orgs(chat)
    chat.send("Acme Health")
    chat.click("Done")
    chat.click("Friend")
    name = Input("text", "Tom Jones")
    engine.handle(5, name, update_id=900)
    snapshot = dump_db(db_path)
    engine.handle(5, name, update_id=900)
    assert dump_db(db_path) == snapshot
    assert [r["name"] for r in contacts_rows(engine, 5) if r["kind"] == "known"] == ["Tom Jones"]


def test_update_ids_are_not_confused_between_users(db_path):
    engine = make_engine(db_path)
    ann = Chat(engine, 1, "Ann")
    bob = Chat(engine, 2, "Bob")
    prep_until_orgs(ann)
    prep_until_orgs(bob)
    engine.handle(1, Input("text", "Ann Org"), update_id=77)
    engine.handle(2, Input("text", "Bob Org"), update_id=78)
    assert user_row(engine, 1)["answers"]["organizations"] == ["Ann Org"]
    assert user_row(engine, 2)["answers"]["organizations"] == ["Bob Org"]
