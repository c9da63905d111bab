"""The preparation flow, as the user sees it: from the welcome to choosing a first contact."""

from __future__ import annotations

import re

import pytest

from tests.engine_helpers import Chat, contacts_rows, prep_to_review, user_row

SUMMARY = "I like people and puzzles; I value autonomy; I write well."


@pytest.fixture
def chat(engine):
    return Chat(engine, 1, "Ann")


def header_number(text: str) -> int | None:
    found = re.search(r"Step (\d+) of 8\b", text)
    return int(found.group(1)) if found else None


def test_whole_preparation_with_a_summary_shows_the_step_header_on_every_prompt(chat, engine):
    seen: list[int | None] = []

    def step(action, *args):
        action(*args)
        seen.append(header_number(chat.last))

    step(chat.send, "/start")
    assert "information-interview coach" in chat.last
    assert "never ask for a job" in chat.last  # the golden rule
    assert chat.choices == ["Let's start"]
    step(chat.click, "Let's start")
    assert "self-assessment" in chat.last
    assert chat.choices == ["Yes, I have", "Not yet"]
    step(chat.click, "Yes, I have")
    assert "Sum it up" in chat.last
    step(chat.send, SUMMARY)
    assert "Which work are you curious about" in chat.last
    step(chat.send, "UX research")
    assert chat.choices == ["A student", "Changing jobs", "Returning to work", "Something else"]
    step(chat.click, "A student")
    assert "Now say it your way" in chat.last
    assert chat.choices == ["Use: a student"]  # the button's line, offered to reword
    step(chat.send, "I'm a third-year biology student.")
    assert "Which number can people call you back on?" in chat.last
    step(chat.send, "+49 170 1234567")
    assert "Which organizations interest you" in chat.last
    step(chat.send, "Acme Health")
    step(chat.click, "Done")
    assert "People you already know" in chat.last
    step(chat.click, "Professor")
    assert "What's your professor's name?" in chat.last
    step(chat.send, "Dr Jane Smith")
    step(chat.click, "Done")
    assert "Your plan so far" in chat.last
    step(chat.click, "Set up a contact")
    assert "Which contact will you set up now?" in chat.last

    assert seen == [1, 2, 2, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 8]
    answers = user_row(engine, 1)["answers"]
    assert answers["assessment"] == SUMMARY
    assert answers["about_me"] == "a third-year biology student"  # "I'm" and the stop dropped
    assert answers["my_phone"] == "+49 170 1234567"


def test_whole_preparation_not_yet_asks_three_guided_questions(chat, engine):
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Not yet")
    assert "Step 2 of 8" in chat.last
    assert "1 of 3" in chat.last and "good at" in chat.last
    chat.send("writing, listening")
    assert "Step 2 of 8" in chat.last
    assert "2 of 3" in chat.last and "enjoy" in chat.last
    chat.send("puzzles and people")
    assert "Step 2 of 8" in chat.last
    assert "3 of 3" in chat.last and "matters most" in chat.last
    chat.send("autonomy")
    assert "Step 3 of 8" in chat.last
    chat.send("Hospital pharmacist")
    chat.click("Changing jobs")
    chat.click("Use: thinking about changing jobs")
    chat.send("/skip")  # no number on the cards
    chat.send("City Hospital")
    chat.click("Done")
    chat.click("Done")
    review = chat.last
    assert "Step 7 of 8" in review
    assert "writing, listening" in review
    assert "puzzles and people" in review
    assert "autonomy" in review
    assert "Hospital pharmacist" in review
    assert "changing jobs" in review
    assert "Your number" not in review
    assert "City Hospital" in review
    answers = user_row(engine, 1)["answers"]
    assert answers["strengths"] == "writing, listening"
    assert answers["interests"] == "puzzles and people"
    assert answers["values"] == "autonomy"


def _to_identity(chat: Chat) -> None:
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    chat.send(SUMMARY)
    chat.send("UX research")
    assert "Step 4 of 8" in chat.last


def _as_a_student(chat: Chat) -> None:
    """At "who you are": a student, the button's line kept, no number."""
    chat.click("A student")
    chat.click("Use: a student")
    chat.send("/skip")
    assert "Step 5 of 8" in chat.last


@pytest.mark.parametrize(
    ("how", "shown"),
    [
        (("click", "Returning to work"), "getting ready to return to work"),
        (("send", "changing JOBS"), "thinking about changing jobs"),  # the label, any case
        (("send", "1"), "a student"),  # the button's number
        (("send", "a biology graduate"), "a biology graduate"),  # own words
    ],
)
def test_identity_by_button_by_label_by_number_or_own_words(chat, engine, how, shown):
    _to_identity(chat)
    getattr(chat, how[0])(how[1])
    if "Now say it your way" in chat.last:  # a button: its line is offered
        chat.click(f"Use: {shown}")
    assert "Which number can people call you back on?" in chat.last
    chat.send("/skip")
    assert "Step 5 of 8" in chat.last
    chat.send("Acme Health")
    chat.click("Done")
    chat.click("Done")
    assert f"Who you are: {shown}" in chat.last


def test_identity_via_something_else(chat, engine):
    _to_identity(chat)
    chat.click("Something else")
    assert "Describe yourself" in chat.last
    assert "Step 4 of 8" in chat.last
    chat.send("a former nurse")
    assert "Which number can people call you back on?" in chat.last  # asked once, no rewording
    chat.send("/skip")
    assert "Step 5 of 8" in chat.last
    chat.send("Acme Health")
    chat.click("Done")
    chat.click("Done")
    assert "Who you are: a former nurse" in chat.last


def test_something_else_does_not_offer_the_word_other_as_an_answer(chat, engine):
    """BUG: "Something else" stores identity="other", so the next step offers "Keep: other"."""
    _to_identity(chat)
    chat.click("Something else")
    assert not any("other" in label.casefold() for label in chat.choices), chat.choices


def test_several_organizations_are_listed_then_done(chat, engine):
    _to_identity(chat)
    _as_a_student(chat)
    chat.send("Acme Health")
    assert "So far: Acme Health" in chat.last
    chat.send("Beta Corp")
    chat.send("Gamma Ltd")
    assert "So far: Acme Health, Beta Corp, Gamma Ltd" in chat.last
    assert "Step 5 of 8" in chat.last
    chat.click("Done")
    assert "Step 6 of 8" in chat.last
    orgs = [c["org"] for c in contacts_rows(engine, 1) if c["kind"] == "org"]
    assert orgs == ["Acme Health", "Beta Corp", "Gamma Ltd"]


def test_done_with_no_organizations_and_no_people_asks_for_one_contact(chat, engine):
    _to_identity(chat)
    _as_a_student(chat)
    chat.click("Done")  # no organizations: people may still follow
    assert "Step 6 of 8" in chat.last
    chat.click("Done")  # nobody at all
    assert "needs at least one organization or person" in chat.last
    assert "Professor" in chat.choices  # still at the people step
    assert user_row(engine, 1)["state"] == "people_kind"
    chat.send("/skip")
    assert "needs at least one organization or person" in chat.last
    chat.click("Friend")
    chat.send("Tom Jones")
    chat.click("Done")
    assert "Your plan so far" in chat.last


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        ("Professor", "professor"),
        ("Former employer", "former employer"),
        ("Family", "family member"),
        ("Friend", "friend"),
        ("Someone else", "contact"),
    ],
)
def test_people_by_kind(chat, engine, kind, word):
    _to_identity(chat)
    _as_a_student(chat)
    chat.click("Done")
    chat.click(kind)
    assert f"What's your {word}'s name?" in chat.last
    chat.send("Kim Lee")
    assert "So far: Kim Lee" in chat.last
    chat.click("Done")
    assert f"People you know: Kim Lee ({word})" in chat.last
    (person,) = contacts_rows(engine, 1)
    assert person["kind"] == "known" and person["name"] == "Kim Lee"


def test_review_lists_everything(chat):
    prep_to_review(
        chat,
        orgs=("Acme Health", "Beta Corp"),
        people=(("Professor", "Dr Jane Smith"), ("Friend", "Tom Jones")),
    )
    review = chat.last
    assert "Step 7 of 8" in review
    assert f"Self-assessment: {SUMMARY}" in review
    assert "Career goal: UX research" in review
    assert "Who you are: a student" in review
    assert "Organizations: Acme Health, Beta Corp" in review
    assert "People you know: Dr Jane Smith (professor), Tom Jones (friend)" in review
    assert chat.choices == ["Set up a contact", "Change an answer"]


def _review_lines(text: str) -> dict[str, str]:
    lines = {}
    for line in text.splitlines():
        if line.startswith("\u2022 ") and ": " in line:
            key, value = line[2:].split(": ", 1)
            lines[key] = value
    return lines


def _edit_assessment(chat: Chat) -> None:
    chat.click("Yes, I have")
    chat.send("A fresh summary of me")


def _edit_goal(chat: Chat) -> None:
    assert "Keep: UX research" in chat.choices
    chat.send("Data science")


def _edit_identity(chat: Chat) -> None:
    chat.click("Changing jobs")
    assert chat.choices == ["Use: thinking about changing jobs"]  # not the student's line
    chat.click("Use: thinking about changing jobs")
    assert chat.choices == ["Keep: +49 170 1234567"]
    chat.click("Keep: +49 170 1234567")


def _edit_organizations(chat: Chat) -> None:
    assert "So far: Acme Health" in chat.last
    chat.send("Zeta Labs")
    chat.click("Done")


def _edit_people(chat: Chat) -> None:
    chat.click("Family")
    chat.send("Aunt May")
    chat.click("Done")


@pytest.mark.parametrize(
    ("button", "edit", "key", "expected"),
    [
        ("Self-assessment", _edit_assessment, "Self-assessment", "A fresh summary of me"),
        ("Career goal", _edit_goal, "Career goal", "Data science"),
        ("Who I am", _edit_identity, "Who you are", "thinking about changing jobs"),
        ("Organizations", _edit_organizations, "Organizations", "Acme Health, Zeta Labs"),
        (
            "People I know",
            _edit_people,
            "People you know",
            "Tom Jones (friend), Aunt May (family member)",
        ),
    ],
)
def test_change_an_answer_returns_to_the_review_with_the_rest_kept(
    chat, engine, button, edit, key, expected
):
    prep_to_review(chat, orgs=("Acme Health",), people=(("Friend", "Tom Jones"),))
    before = _review_lines(chat.last)
    chat.click("Change an answer")
    assert "Which part would you like to change?" in chat.last
    chat.click(button)
    edit(chat)
    assert "Your plan so far" in chat.last, chat.last
    assert "Step 7 of 8" in chat.last
    after = _review_lines(chat.last)
    assert after[key] == expected
    for other, value in before.items():
        if other != key:
            assert after[other] == value, other


def test_change_an_answer_nothing_goes_back_unchanged(chat):
    prep_to_review(chat)
    before = chat.last
    chat.click("Change an answer")
    chat.click("Nothing, go back")
    assert chat.last == before


def test_redoing_the_self_assessment_as_guided_shows_the_new_answers(chat, engine):
    """BUG: after a summary, redoing the self-assessment with "Not yet" keeps showing the old
    summary in the review; the three new answers are saved but never shown."""
    prep_to_review(chat)
    chat.click("Change an answer")
    chat.click("Self-assessment")
    chat.click("Not yet")
    chat.send("negotiating")
    chat.send("maps")
    chat.send("fairness")
    assert "Your plan so far" in chat.last
    assert "negotiating" in chat.last
    assert SUMMARY not in chat.last


def test_choosing_an_organization_opens_its_set_up(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",), people=(("Friend", "Tom Jones"),))
    chat.click("Set up a contact")
    assert "Step 8 of 8" in chat.last
    assert chat.choices[:2] == ["Acme Health", "Tom Jones"]
    assert "Add an organization" in chat.choices
    chat.click("Acme Health")
    assert "Now working on: Acme Health." in chat.last
    assert "what name do you give" in chat.last  # asked once, before the first call
    chat.click("Use: Ann")
    assert "Step 1 of 7" in chat.last
    assert "find the right person at Acme Health" in chat.last
    assert user_row(engine, 1)["active_contact"] is not None


def test_choosing_a_known_person_opens_their_set_up(chat):
    prep_to_review(chat, orgs=("Acme Health",), people=(("Friend", "Tom Jones"),))
    chat.click("Set up a contact")
    chat.send("tom jones")  # typing the label also picks it
    assert "Now working on: Tom Jones." in chat.last
    chat.send("Ann Smith")  # the name to give on calls, typed
    assert "What's Tom Jones's phone number?" in chat.last  # a known person: no switchboard
    chat.send("/skip")
    assert "What type of work do you want to learn about from Tom Jones?" in chat.last


def test_add_an_organization_from_choose_contact_returns_to_the_review(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    chat.click("Set up a contact")
    chat.click("Add an organization")
    assert "Step 5 of 8" in chat.last
    chat.send("Beta Corp")
    chat.click("Done")
    assert "Organizations: Acme Health, Beta Corp" in chat.last
    chat.click("Set up a contact")
    assert "Beta Corp" in chat.choices


def test_the_same_organization_twice_is_added_once(chat, engine):
    """Likely BUG: sending an organization twice (e.g. a double tap on "send") makes two
    identical contacts."""
    _to_identity(chat)
    _as_a_student(chat)
    chat.send("Acme Health")
    chat.send("acme health")
    assert [c["org"].casefold() for c in contacts_rows(engine, 1)] == ["acme health"]


def test_what_you_say_about_yourself_is_asked_once_and_editable_from_the_review(chat, engine):
    prep_to_review(chat, orgs=("Acme Health",))
    assert "Who you are: a student" in chat.last
    assert "Your number: +49 170 1234567" in chat.last
    chat.click("Change an answer")
    chat.click("Who I am")
    chat.click("A student")  # same kind: the sentence given before is kept
    assert chat.choices == ["Keep: a student"]
    chat.send("a second-year nursing student")
    chat.send("/skip")  # the number stays off the cards now
    assert "Your plan so far" in chat.last
    assert "Who you are: a second-year nursing student" in chat.last
    assert "Your number" not in chat.last
    chat.click("Change an answer")
    chat.click("Who I am")
    chat.send("a paramedic")  # own words at the buttons: no second question about it
    assert "Which number can people call you back on?" in chat.last
    chat.send("0170 555 1234")
    assert "Who you are: a paramedic" in chat.last
    assert "Your number: 0170 555 1234" in chat.last
    assert "about_me" not in user_row(engine, 1)["answers"]
