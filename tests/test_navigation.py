"""Moving around: /back, /skip, /status, /reset, /start, /help and unknown commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import COMMANDS
from tests.engine_helpers import (
    Chat,
    answer_name_if_asked,
    contacts_rows,
    open_contact,
    org_person,
    plan_call,
    prep_to_review,
    prep_until_orgs,
    through_debrief,
    user_row,
)

ROOT = Path(__file__).resolve().parent.parent
CANNOT_SKIP = "This step can't be skipped"


@pytest.fixture
def chat(engine):
    return Chat(engine, 1, "Ann")


# -- /back --------------------------------------------------------------------------------


def test_back_offers_the_previous_answer_and_keeps_it_when_tapped(chat, engine):
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    chat.send("Curious, patient, good with numbers")
    chat.send("UX research")
    assert "Step 4 of 8" in chat.last
    chat.send("/back")
    assert "Back one step" in chat.last
    assert "Step 3 of 8" in chat.last
    assert chat.choices == ["Keep: UX research"]
    chat.send("/back")
    assert "Step 2 of 8" in chat.last
    assert chat.choices == ["Keep: Curious, patient, good with numbers"]
    chat.click("Keep: Curious, patient, good with numbers")
    assert "Which work are you curious about?" in chat.last
    chat.click("Keep: UX research")
    assert "Step 4 of 8" in chat.last
    answers = user_row(engine, 1)["answers"]
    assert answers["assessment"] == "Curious, patient, good with numbers"
    assert answers["career_goal"] == "UX research"


def test_back_then_typing_replaces_the_answer(chat, engine):
    prep_until_orgs(chat)
    chat.send("/back")  # to your number
    assert chat.choices == ["Keep: +49 170 1234567"]
    chat.send("/back")  # to what you say about yourself
    assert chat.choices == ["Keep: a student"]
    chat.send("/back")  # to identity (a choice: no keep button)
    chat.send("/back")  # to career goal
    assert chat.choices == ["Keep: UX research"]
    chat.send("Data journalism")
    assert user_row(engine, 1)["answers"]["career_goal"] == "Data journalism"
    assert user_row(engine, 1)["answers"]["identity"] == "student"  # kept


def test_back_in_set_up_keeps_name_title_and_time(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    open_contact(chat, "Acme")
    org_person(chat, phone="+49 30 1234567")
    chat.send("/back")
    assert "phone number" in chat.last
    assert chat.choices == ["Keep: +49 30 1234567"]
    chat.send("/back")
    assert "job title" in chat.last
    assert chat.choices == ["Keep: Lead UX Researcher"]
    chat.click("Keep: Lead UX Researcher")
    chat.click("Keep: +49 30 1234567")
    assert "What type of work" in chat.last
    plan_call(chat)
    chat.click("Ready to call")
    chat.send("Berlin")
    chat.send("tomorrow 3pm")
    chat.send("/back")
    assert chat.choices == ["Keep: Thu 26 Nov 2026, 15:00 (Europe/Berlin)"]
    chat.click("Keep: Thu 26 Nov 2026, 15:00 (Europe/Berlin)")
    assert "I'll remind you to call on Thu 26 Nov 2026, 15:00" in chat.last
    (acme,) = contacts_rows(engine, 1)
    assert acme["answers"]["person_title"] == "Lead UX Researcher"
    assert acme["answers"]["person_phone"] == "+49 30 1234567"


def test_back_message_only_mentions_keep_when_there_is_a_keep_button(chat):
    """BUG (copy): /back to a list or button step says 'tap "Keep"' but shows no Keep button."""
    prep_until_orgs(chat)
    chat.send("Acme Health")
    chat.click("Done")
    chat.send("/back")
    assert "Step 5 of 8" in chat.last
    has_keep = any(label.startswith("Keep") for label in chat.choices)
    assert has_keep or "Keep" not in chat.last.split("\n\n")[0], (chat.last, chat.choices)


def test_back_at_the_first_step(chat, engine):
    chat.send("/start")
    chat.send("/back")
    assert "first step here; there's nothing before it" in chat.last
    assert "Step 1 of 8" not in chat.last  # the welcome is not printed again
    assert "never ask for a job" not in chat.last
    assert chat.choices == ["Let's start"]
    assert user_row(engine, 1)["state"] == "welcome"


def test_back_at_the_first_step_of_a_contact(chat, engine):
    prep_to_review(chat, people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Tom")
    chat.send("/back")  # to the number, asked first
    assert chat.choices == ["Keep: +44 7700 900123"]
    chat.send("/back")
    assert "first step for this contact" in chat.last
    assert "/plan" in chat.last
    assert chat.choices == ["Keep: +44 7700 900123"]  # the step's buttons, not its text again


# -- /skip --------------------------------------------------------------------------------


def test_skip_organizations_moves_on_to_people(chat, engine):
    prep_until_orgs(chat)
    chat.send("/skip")
    assert "Step 6 of 8" in chat.last
    assert user_row(engine, 1)["answers"].get("organizations") in (None, [])


def test_skip_people_with_an_organization_reaches_the_review(chat):
    prep_until_orgs(chat)
    chat.send("Acme Health")
    chat.click("Done")
    chat.send("/skip")
    assert "Your plan so far" in chat.last
    assert "People you know: -" in chat.last


def test_skip_phone_call_time_and_notes(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    open_contact(chat, "Acme")
    chat.click("I have a name")
    chat.send("Maria Lopez")
    chat.send("Lead UX Researcher")
    chat.send("/skip")
    assert "What type of work" in chat.last
    plan_call(chat)
    chat.click("Ready to call")
    chat.send("Berlin")
    chat.send("/skip")
    assert "How did the call with Maria Lopez go?" in chat.last
    assert "Call Maria Lopez" not in chat.send("/reminders")[0].text
    chat.send("/start")
    chat.click("Agreed to meet")
    chat.send("3.12 14:00")
    chat.send("Acme HQ")
    chat.click("Yes, confirmed")
    chat.click("It happened")
    chat.click("Yes, we've talked")  # before the meeting's own time
    chat.send("/skip")
    through_debrief(chat)
    assert "Send a thank-you" in chat.last
    assert "I especially valued [one thing you learned]" in chat.last
    assert "From your notes" not in chat.last
    (acme,) = contacts_rows(engine, 1)
    assert acme["answers"]["person_phone"] is None
    assert acme["answers"]["notes"] is None


@pytest.mark.parametrize("where", ["goal", "identity", "summary", "reason", "person_name"])
def test_skip_is_refused_where_the_step_is_needed(chat, engine, where):
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    if where != "summary":
        chat.send("My summary")
        if where != "goal":
            chat.send("UX research")
            if where != "identity":
                chat.click("A student")
                chat.click("Use: a student")
                chat.send("/skip")
                chat.send("Acme Health")
                chat.click("Done")
                chat.click("Friend")
                chat.send("Tom Jones")
                chat.click("Done")
                chat.click("Set up a contact")
                if where == "reason":
                    chat.click("Tom Jones")
                    answer_name_if_asked(chat)
                    chat.send("/skip")  # Tom's number
                    chat.click("Use: UX research")
                else:
                    chat.click("Acme Health")
                    answer_name_if_asked(chat)
                    chat.click("I have a name")
    before = user_row(engine, 1)
    contacts_before = contacts_rows(engine, 1)
    chat.send("/skip")
    assert chat.last.startswith(CANNOT_SKIP)
    assert "Type an answer, or send /back" in chat.last
    assert user_row(engine, 1) == before
    assert contacts_rows(engine, 1) == contacts_before


def test_skip_at_the_welcome_says_what_to_tap(chat):
    chat.send("/start")
    chat.send("/skip")
    assert "Let's start" in chat.last
    assert chat.choices == ["Let's start"]


# -- /status ------------------------------------------------------------------------------


def test_status_during_preparation(chat):
    chat.send("/start")
    chat.send("/status")
    assert "Your plan at a glance" in chat.aside
    assert "Getting ready: step 1 of 8." in chat.aside
    assert "Contacts: none yet." in chat.aside
    assert chat.choices == ["Let's start"]  # the step's buttons stay usable
    chat.click("Let's start")
    assert "Step 2 of 8" in chat.last


def test_status_after_preparation_counts_contacts(chat):
    prep_to_review(chat, orgs=("Acme Health", "Beta Corp"), people=(("Friend", "Tom Jones"),))
    chat.send("/status")
    assert "Getting ready: done." in chat.aside
    assert "Contacts (3): 3 to contact." in chat.aside
    assert "Next: carry on with the step below." in chat.aside


# -- /reset -------------------------------------------------------------------------------


def test_reset_asks_first_and_no_keeps_everything(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    before = (user_row(engine, 1), contacts_rows(engine, 1))
    chat.send("/reset")
    assert "erases your whole plan" in chat.last
    assert chat.choices == ["Yes, erase and start over", "No, keep my plan"]
    assert (user_row(engine, 1)["answers"], contacts_rows(engine, 1)) == (
        before[0]["answers"],
        before[1],
    )
    chat.click("No, keep my plan")
    assert "Nothing was erased" in chat.last
    assert "Your plan so far" in chat.last
    assert user_row(engine, 1) == before[0]
    assert contacts_rows(engine, 1) == before[1]


def test_reset_yes_erases_everything(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    chat.send("/reset")
    chat.click("Yes, erase and start over")
    assert "Everything is erased" in chat.last
    assert "Step 1 of 8" in chat.last
    assert user_row(engine, 1)["answers"] == {}
    assert contacts_rows(engine, 1) == []
    assert chat.send("/reminders")[0].text == "You have no reminders waiting."


def test_reset_answered_by_typing(chat, engine):
    prep_to_review(chat)
    chat.send("/reset")
    chat.send("maybe")
    assert "erases your whole plan" in chat.last  # asked again, nothing done
    chat.send("no")
    assert "Nothing was erased" in chat.last
    assert user_row(engine, 1)["answers"]["career_goal"] == "UX research"


# -- /start, unknown commands, /help ----------------------------------------------------------


def test_start_for_a_new_user_shows_the_welcome(chat):
    chat.send("/start")
    assert "Welcome back" not in chat.last
    assert chat.last.startswith("Step 1 of 8")
    assert "information-interview coach" in chat.last


def test_start_for_a_returning_user_says_welcome_back_at_the_current_step(chat, engine):
    prep_until_orgs(chat)
    chat.send("Acme Health")
    again = Chat(engine, 1, "Ann")
    again.send("/start")
    assert again.last.startswith("Welcome back!")
    assert "Step 5 of 8" in again.last
    assert "So far: Acme Health" in again.last
    assert again.choices == ["Done", "Start the list over"]


def test_unknown_command(chat, engine):
    prep_until_orgs(chat)
    before = user_row(engine, 1)
    chat.send("/frobnicate")
    assert "I don't know the command /frobnicate" in chat.last
    assert "/help" in chat.last
    assert chat.choices == ["Done", "Start the list over"]
    assert user_row(engine, 1) == before


def test_help_lists_every_command(chat):
    chat.send("/help")
    for name, desc in COMMANDS:
        assert f"/{name} \u2014 {desc}" in chat.aside
    for name in ("start", "back", "skip", "status", "reset", "plan", "help", "timezone"):
        assert f"/{name}" in chat.aside


def test_every_command_in_the_list_is_answered(chat):
    chat.send("/start")
    for name, _ in COMMANDS:
        if name == "reset":
            continue
        replies = chat.send(f"/{name}")
        assert replies and replies[0].text
        assert "I don't know the command" not in replies[0].text, name


def test_readme_mentions_every_command():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md does not exist yet")
    text = readme.read_text(encoding="utf-8")
    missing = [name for name, _ in COMMANDS if f"/{name}" not in text]
    assert not missing, f"README.md does not mention: {missing}"
