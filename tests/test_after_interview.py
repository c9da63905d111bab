"""After the interview and back to the decision: the debrief, names in the notes, thank-you
drafts, the stay-in-touch reminder, and the look back at the career goal (/goal)."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest

from bot.reminders import Due, message
from flows.names import names_in
from tests.engine_helpers import (
    MY_PHONE,
    Chat,
    answer_name_if_asked,
    call_to_outcome,
    contacts_rows,
    open_contact,
    org_person,
    plan_call,
    prep_to_review,
    through_debrief,
    user_row,
)
from tests.reminder_helpers import BERLIN, berlin, reminder_rows, ts
from tests.test_console import PREPARATION, TO_OUTCOME, run_console
from tests.test_reminders import World

NOTES = "Research ops is growing. She suggested I talk to Jo Park, and to email Dr. Sam Lee."
GUIDED = ("Listening, writing, statistics", "How people use technology", "Helping people")


# -- the name extractor --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notes", "names"),
    [
        ("She suggested I talk to Jo Park.", ["Jo Park"]),
        ("talk to Jo Park and Sam Lee about grants", ["Jo Park", "Sam Lee"]),
        ("Reach out to her colleague Dr. Ana Garc\u00eda, or Tom de Vries.",
         ["Ana Garc\u00eda", "Tom de Vries"]),
        ("Contact Lena Schmidt at Globex; also e-mail Ben Okafor", ["Lena Schmidt", "Ben Okafor"]),
        ("Get in touch with Priya Natarajan (UX lead)", ["Priya Natarajan"]),
        ("speak with Jean-Luc Martin next week", ["Jean-Luc Martin"]),
        ("Ask Jo Park. Jo Park knows everyone", ["Jo Park"]),
        ("Ask HR about it. Call Mike on Monday", []),  # one word is not a name pair
        ("I asked about salaries. The pay is fair.", []),
        ("speak with Human Resources first", []),
        ("talk to jo park", []),  # not capitalised: not taken as a name
        ("Maria Lopez runs the team", []),  # a name, but nobody to get in touch with
        ("", []),
    ],
)  # fmt: skip
def test_names_in_notes(notes, names):
    assert names_in(notes) == names


# -- the debrief -------------------------------------------------------------------------------


def prep_guided(chat: Chat, orgs=("Acme Health", "Globex"), goal: str = "UX research") -> None:
    """The preparation on the guided self-assessment path, to the review."""
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Not yet")
    for answer in GUIDED:
        chat.send(answer)
    chat.send(goal)
    chat.click("A student")
    chat.click("Use: a student")
    chat.send(MY_PHONE)
    for org in orgs:
        chat.send(org)
    chat.click("Done")
    chat.click("Done")
    assert "Your plan so far" in chat.last, chat.last


def to_notes(chat: Chat, org: str = "Acme", name: str = "Maria Lopez", when: str = "3.12 14:00"):
    """From the review or the contact list: an organization's contact through to a meeting
    that happened."""
    if "Set up a contact" in chat.choices:
        chat.click("Set up a contact")
    chat.click_starting(org)
    answer_name_if_asked(chat)
    org_person(chat, name=name)
    plan_call(chat)
    call_to_outcome(chat)
    chat.click("Agreed to meet")
    chat.send(when)
    chat.send("Their office")
    chat.click("Yes, confirmed")
    chat.click("It happened")
    if "Did you already talk?" in chat.last:
        chat.click("Yes, we've talked")
    assert "Jot down what you learned" in chat.last, chat.last


def debrief(chat: Chat, notes: str, learned: str, fit: str | None, still_open: str | None):
    """Notes, then the three debrief questions (None: /skip)."""
    chat.send(notes)
    assert "Step 1 of 4" in chat.last, chat.last
    chat.send(learned)
    chat.send(fit if fit is not None else "/skip")
    chat.send(still_open if still_open is not None else "/skip")


def to_next_contact(chat: Chat) -> None:
    """At the debrief's wrap-up: on to the thank-you, sent, next contact."""
    chat.click("On to the thank-you")
    chat.click("Sent it")
    chat.click("Next contact")


@pytest.fixture
def chat(engine):
    chat = Chat(engine, 1, "Ann")
    prep_guided(chat)
    return chat


def test_the_debrief_quotes_the_self_assessment_and_keeps_the_answers(chat, engine):
    to_notes(chat)
    chat.send("Portfolios matter more than degrees")
    assert "What did you learn from Maria?" in chat.last  # by first name
    assert "Use: Portfolios matter more than degrees" in chat.choices  # the notes, one tap
    chat.click_starting("Use: ")
    fit = chat.last
    assert "Step 2 of 4" in fit
    for answer in GUIDED:
        assert f"\u201c{answer}\u201d" in fit  # the user's own words, quoted
    chat.send("I'd love the interviews; the statistics less so")
    chat.send("What does a junior researcher earn?")
    wrap = chat.last
    assert "\u201cPortfolios matter more than degrees\u201d" in wrap
    assert "\u201cI'd love the interviews; the statistics less so\u201d" in wrap
    assert "\u201cWhat does a junior researcher earn?\u201d" in wrap
    assert "Look back now" not in chat.choices  # one interview is not enough to look back
    (entry,) = user_row(engine, 1)["answers"]["debriefs"]
    assert entry["person"] == "Maria Lopez"
    assert entry["learned"] == "Portfolios matter more than degrees"
    assert entry["fit"] == "I'd love the interviews; the statistics less so"
    assert entry["open"] == "What does a junior researcher earn?"


def test_the_debrief_quotes_a_summary_self_assessment(engine):
    chat = Chat(engine, 1, "Ann")
    prep_to_review(chat)  # the summary path
    to_notes(chat)
    chat.send("/skip")  # no notes: the debrief still comes
    chat.send("Research is slower than I thought")
    assert (
        "You summed yourself up as \u201cI like people and puzzles; I value autonomy; "
        "I write well.\u201d" in chat.last
    )


def test_names_in_the_notes_become_contacts_referred_by_the_person(chat, engine):
    to_notes(chat)
    debrief(chat, NOTES, "Research ops is a real path", None, None)
    assert "Your notes mention Jo Park" in chat.last
    assert "Maria suggested them" in chat.last
    chat.click("Yes, add Jo Park")
    assert "Your notes mention Sam Lee" in chat.last
    chat.click("No, skip")
    assert "Added to your contacts: Jo Park" in chat.last
    names = {c["name"]: c for c in contacts_rows(engine, 1)}
    assert "Sam Lee" not in names  # the user said no
    jo = names["Jo Park"]
    assert (jo["kind"], jo["referred_by"], jo["org"]) == ("referral", "Maria Lopez", "Acme Health")
    chat.click("On to the thank-you")
    draft = chat.last
    assert "Dear Maria,\n" in draft
    assert "Thank you too for suggesting I talk to Jo Park" in draft
    assert "From your debrief, to pick that one thing:\nResearch ops is a real path" in draft
    chat.click("Sent it")
    chat.click("Next contact")
    chat.click_starting("Jo Park")
    assert "Jo Park" in chat.last and "number" in chat.last, chat.last
    chat.send("/skip")  # no number for them yet
    chat.click_starting("Use: ")  # type of work
    chat.send("I want to understand research operations")
    chat.click("20 minutes")
    assert "Use: Maria Lopez suggested I talk to you" in chat.choices


def test_back_in_the_debrief_and_a_second_pass_adds_no_contact_twice(chat, engine):
    to_notes(chat)
    debrief(chat, "She said: talk to Jo Park.", "Research ops", None, None)
    chat.click("Yes, add Jo Park")
    chat.send("/back")
    chat.send("/back")  # back at "what you still need to know"
    chat.send("/skip")
    chat.click("Yes, add Jo Park")
    assert [c["name"] for c in contacts_rows(engine, 1)].count("Jo Park") == 1
    assert len(user_row(engine, 1)["answers"]["debriefs"]) == 1


def test_a_debrief_left_for_plan_is_taken_up_again_before_the_thank_you(chat, engine):
    to_notes(chat)
    chat.send("Talk to Jo Park")
    chat.send("Research ops is a real path")
    chat.send("/plan")  # off to the plan half way through the debrief
    chat.click("Set up a contact")
    chat.click_starting("Maria Lopez")
    assert "Send a thank-you" in chat.last
    assert chat.choices == ["Debrief first", "Sent it"]
    chat.click("Debrief first")
    assert "Step 2 of 4" in chat.last  # where it was left, the first answer kept
    chat.send("/skip")
    chat.send("/skip")
    chat.click("Yes, add Jo Park")
    chat.click("On to the thank-you")
    assert chat.choices == ["Sent it"]
    assert "Thank you too for suggesting I talk to Jo Park" in chat.last
    assert "From your debrief, to pick that one thing:\nResearch ops is a real path" in chat.last


def test_stay_in_touch_reminder_about_five_weeks_after_the_talk(tmp_path):
    world = World(tmp_path)
    chat = world.chat()
    prep_guided(chat)
    to_notes(chat, when="26.11 9:00")
    world.clock.set(berlin(2026, 11, 26, 10))  # the talk took place
    debrief(chat, "Portfolios matter", "Show a portfolio, not a CV", None, None)
    assert "In about five weeks (Thu 31 Dec) I'll remind you to tell Maria" in chat.last
    (row,) = reminder_rows(world.conn, 1, kind="stay_in_touch")
    assert row["due_ts"] == ts(berlin(2026, 12, 31, 10))  # 35 days on, in the morning
    due = Due(row["id"], 1, row["contact_id"], row["kind"], row["due_ts"], None,
              row["expires_ts"], row["payload"])  # fmt: skip
    text = message(due, BERLIN).text
    assert "five weeks since your talk with Maria Lopez" in text
    assert "tell Maria what you did with their advice" in text
    assert "You noted: \u201cShow a portfolio, not a CV\u201d" in text
    to_next_contact(chat)
    assert [r["kind"] for r in reminder_rows(world.conn, 1, status="pending")] == ["stay_in_touch"]


async def test_the_stay_in_touch_reminder_goes_out_and_opens_a_draft(tmp_path):
    world = World(tmp_path)
    chat = world.chat()
    prep_guided(chat)
    to_notes(chat)
    debrief(chat, "Portfolios matter", "Show a portfolio", None, None)
    to_next_contact(chat)
    (row,) = reminder_rows(world.conn, 1, kind="stay_in_touch")
    assert await world.tick_at(world.clock.now() + timedelta(days=34)) == 0
    assert await world.tick_at(world.clock.now() + timedelta(days=2)) == 1
    _, sent = world.outbox.sent[-1]
    assert "tell Maria what you did with their advice" in sent.text
    chat.press(next(d for d, label in sent.choices if label == "Open the step"))
    assert "Hi Maria, a few weeks ago you told me about UX research" in chat.all_text
    assert "What you noted back then: \u201cShow a portfolio\u201d" in chat.all_text


def test_five_minutes_by_phone_there_and_then_gets_a_debrief_and_a_thank_you(chat, engine):
    open_contact(chat, "Acme")
    org_person(chat)
    plan_call(chat)
    call_to_outcome(chat)
    chat.click("5 minutes by phone")
    chat.click("We talked just now")
    assert "Jot down what you learned" in chat.last
    chat.send("Talk to Priya Natarajan about research ops")
    through_debrief(chat)  # the name offered and skipped
    assert "Dear Maria," in chat.last
    assert "Thank you for the five minutes on the phone" in chat.last
    assert {r["kind"] for r in reminder_rows(engine.store.conn, 1, status="pending")} == {
        "thank_you",
        "stay_in_touch",
    }


def test_a_call_that_only_gave_names_gets_a_thank_you_note_and_a_stay_in_touch(chat, engine):
    open_contact(chat, "Acme")
    org_person(chat)
    plan_call(chat)
    call_to_outcome(chat)
    chat.click("Gave me other names")
    chat.send("Jo Park")
    chat.send("/skip")
    chat.click("That's all")
    text = chat.last
    assert "Hi Maria,\n\nThank you for taking my call, and for suggesting I talk to Jo Park" in text
    assert "Ann" in text
    (row,) = reminder_rows(engine.store.conn, 1, kind="stay_in_touch")
    assert row["payload"]["advice"] == "They suggested you talk to Jo Park."


# -- back to the decision ----------------------------------------------------------------------


def interview(chat: Chat, org: str, name: str, learned: str, fit: str | None = None) -> None:
    """One whole interview to the debrief's wrap-up (notes without names)."""
    to_notes(chat, org=org, name=name)
    debrief(chat, "Good talk", learned, fit, None)
    assert "Step 4 of 4" in chat.last, chat.last


def test_the_look_back_is_offered_after_the_second_or_third_interview(engine):
    chat = Chat(engine, 1, "Ann")
    prep_guided(chat, orgs=("Acme", "Globex", "Initech", "Umbrella", "Hooli"))
    interview(chat, "Acme", "Maria Lopez", "Portfolios count")
    assert "Look back now" not in chat.choices
    to_next_contact(chat)
    interview(chat, "Globex", "Lena Schmidt", "Healthcare research is booming", "Research, yes")
    assert "That's 2 talks now" in chat.last
    assert chat.choices == ["Look back now", "On to the thank-you"]
    to_next_contact(chat)  # later, then
    interview(chat, "Initech", "Omar Haddad", "Portfolios again", "Research suits me")
    assert "That's 3 talks now" in chat.last  # asked again after one more
    chat.click("Look back now")
    look = chat.last
    assert "Your goal: \u201cUX research\u201d" in look
    assert "\u2022 Omar Haddad: learned \u201cPortfolios again\u201d" in look
    assert "\u2022 Maria Lopez: learned \u201cPortfolios count\u201d" in look
    assert "Keeps coming up: portfolios." in look  # not "research": it is the goal's own word
    chat.click("Keep my goal")
    assert "you're keeping \u201cUX research\u201d" in chat.last
    chat.click("Carry on")
    assert "Step 4 of 4" in chat.last  # back at the debrief's wrap-up
    assert chat.choices == ["On to the thank-you"]
    to_next_contact(chat)
    interview(chat, "Umbrella", "Kim Ode", "Startups move fast")
    assert "Look back now" not in chat.choices  # one since the last look back
    to_next_contact(chat)
    interview(chat, "Hooli", "Ben Okafor", "Big teams, narrow roles")
    assert "Look back now" in chat.choices
    answers = user_row(engine, 1)["answers"]
    assert [e["choice"] for e in answers["goal_history"]] == ["keep"]


def test_goal_command_adjusts_the_goal_and_keeps_the_old_one(chat, engine):
    interview(chat, "Acme", "Maria Lopez", "Healthcare is where research grows")
    to_next_contact(chat)
    chat.send("/goal")
    assert "\u2022 Maria Lopez: learned \u201cHealthcare is where research grows\u201d" in chat.last
    chat.click("Adjust it")
    chat.send("UX research in healthcare")
    assert "Your goal is now \u201cUX research in healthcare\u201d" in chat.last
    assert "Goals before this one: \u201cUX research\u201d (until Wed 25 Nov)" in chat.last
    answers = user_row(engine, 1)["answers"]
    assert answers["career_goal"] == "UX research in healthcare"
    (entry,) = answers["goal_history"]
    assert entry == {
        "on": "2026-11-25",
        "choice": "adjust",
        "goal": "UX research in healthcare",
        "was": "UX research",
    }
    chat.click("Carry on")
    assert "Which contact will you set up now?" in chat.last
    chat.send("/plan")
    assert "Career goal: UX research in healthcare" in chat.last
    assert "Goals before this one: \u201cUX research\u201d" in chat.last
    chat.click("Set up a contact")
    chat.click_starting("Globex")
    chat.click("I have a name")
    chat.send("Lena Schmidt")
    chat.send("UX Researcher")
    chat.send("/skip")
    assert "Use: UX research in healthcare" in chat.choices  # new call plans start from it


def test_goal_command_explore_another_field_then_again(chat, engine):
    chat.send("/goal")
    assert "No talks debriefed yet" in chat.last
    chat.click("Explore another field")
    chat.send("hospital pharmacy")
    assert "New direction: \u201chospital pharmacy\u201d" in chat.last
    chat.click("Carry on")
    chat.send("/goal")  # a fresh look back, not the last one's end
    assert "Your goal: \u201chospital pharmacy\u201d" in chat.last
    chat.click("Adjust it")
    chat.send("clinical pharmacy")
    history = user_row(engine, 1)["answers"]["goal_history"]
    assert [(e["choice"], e["was"], e["goal"]) for e in history] == [
        ("explore", "UX research", "hospital pharmacy"),
        ("adjust", "hospital pharmacy", "clinical pharmacy"),
    ]
    assert "\u201cUX research\u201d (until Wed 25 Nov), \u201chospital pharmacy\u201d" in chat.last


def test_goal_before_a_goal_is_named_says_so(engine):
    chat = Chat(engine, 1, "Ann")
    chat.send("/start")
    chat.send("/goal")
    assert "You haven't named a career goal yet" in chat.last
    chat.click("Carry on")
    assert "Step 1 of 8" in chat.last
    assert "career_goal" not in user_row(engine, 1)["answers"]


# -- the terminal chat ---------------------------------------------------------------------------


def test_debrief_names_and_goal_in_the_terminal_chat(tmp_path):
    db = tmp_path / "c.db"
    setup = [
        *TO_OUTCOME,
        "5 minutes by phone",
        "We talked just now",
        "Dana said to reach out to Priya Natarajan in research ops",
        "Research ops needs people who like process",
        "I like the process side; fits my creativity less",
        "/skip",
        "Yes, add Priya Natarajan",
        "On to the thank-you",
        "Sent it",
        "Next contact",
        "/goal",
        "Explore another field",
        "service design",
        "Carry on",
    ]
    out = run_console(db, PREPARATION + setup)
    assert "What did you learn from Dana?" in out
    assert (
        "You told me you're good at \u201cExplaining things, drawing\u201d, you enjoy "
        "\u201cHow people use apps\u201d and you value \u201cCreativity and helping people\u201d."
    ) in out
    assert "Your notes mention Priya Natarajan." in out
    assert "Dear Dana," in out
    assert "Thank you too for suggesting I talk to Priya Natarajan" in out
    assert "learned \u201cResearch ops needs people who like process\u201d" in out
    assert "New direction: \u201cservice design\u201d" in out
    assert "Goals before this one: \u201cUX research\u201d" in out
    conn = sqlite3.connect(db)
    try:
        ((referred_by,),) = conn.execute(
            "SELECT referred_by FROM contacts WHERE name = 'Priya Natarajan'"
        ).fetchall()
        ((answers,),) = conn.execute("SELECT answers FROM progress WHERE flow = 'prep'")
    finally:
        conn.close()
    assert referred_by == "Dana Whitfield"
    assert json.loads(answers)["career_goal"] == "service design"
