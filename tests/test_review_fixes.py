"""Regressions found in review: typed numbers at the job-ask warning, half dates, /skip."""

from __future__ import annotations

import pytest

from tests.engine_helpers import (
    Chat,
    call_to_outcome,
    contacts_rows,
    open_contact,
    plan_call,
    prep_to_review,
    set_timezone_if_asked,
)


@pytest.fixture
def chat(engine):
    chat = Chat(engine, 1, "Ann")
    prep_to_review(chat, orgs=("Acme Health",), people=(("Friend", "Tom Jones"),))
    open_contact(chat, "Tom")
    return chat


def test_typing_the_number_of_keep_it_as_it_is_keeps_the_reason(chat, engine):
    chat.click_starting("Use: ")
    chat.send("I want to ask about a job opening in your team")
    assert chat.choices == ["Rephrase it", "Keep it as it is"]
    chat.send("2")
    assert "How much of Tom Jones's time" in chat.last
    (tom,) = [r for r in contacts_rows(engine, 1) if r["name"] == "Tom Jones"]
    assert tom["answers"]["reason"] == "I want to ask about a job opening in your team"


def test_a_day_typed_at_one_step_is_not_glued_to_a_time_at_another(chat, engine):
    plan_call(chat)
    chat.click("Ready to call")
    set_timezone_if_asked(chat)
    chat.send("friday")
    assert "Which time on" in chat.last
    chat.send("/skip")
    chat.click("Agreed to meet")
    chat.send("10:00")
    (tom,) = [r for r in contacts_rows(engine, 1) if r["name"] == "Tom Jones"]
    assert "_partial_when" not in tom["answers"]
    assert not tom["answers"]["meeting_at"].startswith("2026-11-27")  # not Friday's date


def test_skipping_the_call_time_cancels_the_earlier_call_reminder(chat):
    plan_call(chat)
    call_to_outcome(chat)
    chat.send("/reminders")
    assert "Call Tom Jones" in chat.aside
    chat.send("/back")
    chat.send("/back")
    chat.send("/skip")
    chat.send("/reminders")
    assert "Call Tom Jones" not in chat.aside
