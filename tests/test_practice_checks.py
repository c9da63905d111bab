"""The rehearsal's checks on realistic lines: what a caller would really say, good and not."""

from __future__ import annotations

import pytest

from flows import practice_copy as pc
from flows.practice_checks import (
    OPENING_PARTS,
    asked_minutes,
    check_opening,
    check_reply,
    check_switchboard,
)

PERSONA = {"person": "Dana Reyes", "org": "Northwind Studio", "work": "UX research"}


def not_ok(parts) -> dict[str, str]:
    return {p.key: p.status for p in parts if not p.ok}


COMPLETE = [
    "Hello Ms Reyes, my name is Ann Lee and I'm a final-year biology student. Professor Kim gave "
    "me your name. I'm exploring work in hospital pharmacy because I enjoy chemistry and want to "
    "work with patients. Could I ask you about your work for 20 minutes sometime next week?",
    "Hi Dana, this is Marco Rossi. I've worked as an accountant for 12 years and I'm moving into "
    "data engineering. I found your name on your team page at Northwind. I'm curious about it "
    "since I like building things that last. Would you have 20 to 30 minutes for a short chat?",
    "Good morning, it's Priya. I'm a nurse coming back to work after a break, and your colleague "
    "Tom Becker suggested I call you. I'm interested in clinical research because I want to "
    "understand how trials are run. Could you spare half an hour, at a time that suits you?",
    "Hi, I'm Sam, a second-year design student. I saw your talk at the UX meetup last month. "
    "I'm exploring UX research, as I love finding out why people get stuck. Could I have 25 "
    "minutes of your time, whenever suits you?",
    "Hello Dana, it\u2019s Jo Park here \u2013 I\u2019m changing careers after ten years in "
    "retail. The front desk at Northwind passed on your name. I\u2019d love to learn about UX "
    "research, because I\u2019ve always cared about how people shop. Could we talk for "
    "twenty minutes?",
]


@pytest.mark.parametrize("text", COMPLETE)
def test_a_complete_opening_has_all_six_parts(text):
    parts = check_opening(text, PERSONA)
    assert [p.key for p in parts] == list(OPENING_PARTS)
    assert not_ok(parts) == {}, [p.note for p in parts if not p.ok]


# Each text misses exactly one part; the note for it is the one line of feedback.
INCOMPLETE = [
    (
        "who",
        "missing",
        "Hello, Professor Kim gave me your name. I'm exploring work in hospital pharmacy because "
        "I enjoy chemistry. Could I have 20 minutes of your time?",
    ),
    (
        "who",
        "weak",
        "Hello, I'm Ann. Professor Kim gave me your name. I'm exploring work in hospital pharmacy "
        "because I enjoy chemistry. Could I have 20 minutes of your time?",
    ),
    (
        "found",
        "missing",
        "Hi, my name is Ann Lee, a biology student. I'm exploring work in hospital pharmacy "
        "because I enjoy chemistry. Could I have 20 minutes of your time?",
    ),
    (
        "work",
        "weak",
        "Hi, my name is Ann Lee, a biology student. Professor Kim gave me your name. I'd love to "
        "hear about your work because I'm deciding what to do after my degree. Could I have 20 "
        "minutes?",
    ),
    (
        "why",
        "missing",
        "Hi, my name is Ann Lee, a biology student. Professor Kim gave me your name. I'm exploring "
        "work in hospital pharmacy. Could I have 20 minutes of your time?",
    ),
    (
        "time",
        "missing",
        "Hi, my name is Ann Lee, a biology student. Professor Kim gave me your name. I'm exploring "
        "work in hospital pharmacy because I enjoy chemistry. Could we talk sometime?",
    ),
    (
        "time",
        "weak",
        "Hi, my name is Ann Lee, a biology student. Professor Kim gave me your name. I'm exploring "
        "work in hospital pharmacy because I enjoy chemistry. Could I have an hour of your time?",
    ),
    (
        "no_job",
        "missing",
        "Hi, my name is Ann Lee, a biology student. Professor Kim gave me your name. I'm exploring "
        "work in hospital pharmacy because I enjoy chemistry. Could I have 20 minutes? I'd also "
        "love to send you my CV in case there are any open positions.",
    ),
]


@pytest.mark.parametrize(("part", "status", "text"), INCOMPLETE)
def test_an_incomplete_opening_names_the_part_it_lacks(part, status, text):
    parts = check_opening(text, PERSONA)
    assert not_ok(parts) == {part: status}
    (note,) = [p.note for p in parts if not p.ok]
    if status == "missing" and part != "no_job":
        assert note == pc.MISSING[part]
    assert note and len(note) < 120  # one short line


def test_a_bare_opening_gets_a_line_for_every_part():
    parts = check_opening("Hi there, is this a good moment?", PERSONA)
    assert set(not_ok(parts)) == {"who", "found", "work", "why", "time"}
    assert len({p.note for p in parts if not p.ok}) == 5


def test_the_job_ask_line_quotes_what_was_said():
    parts = check_opening("Are you hiring? Any vacancies on your team?", PERSONA)
    (guard,) = [p for p in parts if p.key == "no_job"]
    assert guard.status == "missing"
    assert "vacancies" in guard.note and "not for asking for a job" in guard.note


def test_lengths_asked_for():
    assert asked_minutes("twenty to thirty minutes") == [20, 30]
    assert asked_minutes("20-30 mins") == [20, 30]
    assert asked_minutes("half an hour") == [30]
    assert asked_minutes("just five minutes") == [5]
    assert asked_minutes("about 45 minutes") == [45]
    assert asked_minutes("no length here") == []


def test_the_users_own_name_counts_as_saying_who_they_are():
    text = "Hi, Ann Lee here, a biology student; Professor Kim gave me your name."
    assert check_opening(text, PERSONA, user_name="Ann Lee")[0].ok


def test_the_referrer_named_counts_as_how_the_name_was_found():
    persona = {**PERSONA, "referred_by": "Maria Lopez"}
    parts = check_opening("Hi, I'm Ann, a student. Maria Lopez thought we should talk.", persona)
    assert {p.key: p.status for p in parts}["found"] == "ok"


# -- the switchboard -------------------------------------------------------------------------


def test_a_good_switchboard_ask():
    text = (
        "Hello, I'm a student exploring UX research. Who at Northwind does that kind of work? "
        "Could I have their name, job title and direct number?"
    )
    assert not_ok(check_switchboard(text)) == {}


def test_a_short_switchboard_ask_misses_name_title_and_number():
    assert set(not_ok(check_switchboard("Hi, who handles UX research there?"))) == {
        "name",
        "title",
        "phone",
    }


# -- the replies -----------------------------------------------------------------------------

DETAILS = {**PERSONA, "day": "Thursday", "time": "10:00", "place": "our office on Harbour Street"}


@pytest.mark.parametrize(
    ("branch", "text", "expected"),
    [
        ("yes", "Thank you! So that's Thursday at 10:00, at your office on Harbour Street.", {}),
        ("yes", "Great, see you Thursday at 10 then. Thanks!", {"place": "missing"}),
        (
            "yes",
            "Wonderful, thanks so much.",
            {"date": "missing", "time": "missing", "place": "missing"},
        ),
        ("five", "Yes please, that's kind. How did you get started in UX research?", {}),
        ("five", "Oh, ok.", {"one_question": "missing"}),
        (
            "five",
            "Sure! What's a usual day like? And what skills matter? Who else should I ask?",
            {"one_question": "weak"},
        ),
        ("referral", "Priya Shah, thank you! May I say you suggested I call?", {}),
        (
            "referral",
            "Ok, thanks, I'll look her up.",
            {"take_name": "missing", "mention": "missing"},
        ),
        ("no", "I understand, thank you for taking my call all the same.", {}),
        ("no", "Oh. Bye.", {"regret": "missing", "thanks": "missing"}),
        (
            "voicemail",
            "Hi Dana, this is Ann Lee on 0171 555 0199. I'm exploring UX research and would value "
            "20 minutes to learn about your work. I'll call you back on Thursday morning.",
            {},
        ),
        (
            "voicemail",
            "Hi, it's Ann, please call me back about UX research.",
            {"number": "weak", "callback": "missing"},
        ),
        (
            "voicemail",
            "Hi Dana, this is Ann on 0171 555 0199, calling to learn about your work. I'll try "
            "again.",
            {"callback": "weak"},
        ),
    ],
)
def test_replies_to_each_answer(branch, text, expected):
    persona = {**DETAILS, "referral": "Priya Shah"}
    assert not_ok(check_reply(branch, text, persona, "Ann Lee")) == expected


def test_a_reply_that_asks_for_a_job_is_caught_on_any_branch():
    text = "Thank you! While I have you, could you hire me for an internship?"
    for branch in ("yes", "five", "referral", "no", "voicemail"):
        assert not_ok(check_reply(branch, text, DETAILS))["no_job"] == "missing"
