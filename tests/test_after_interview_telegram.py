"""After the interview and back to the decision, on the real Application and the fake Bot API."""

from __future__ import annotations

import json

import pytest

from tests.fakeapi import FakeBotAPI
from tests.tg_flow import (
    ORG,
    PERSON,
    PHONE,
    REASON,
    SUMMARY,
    TITLE,
    TgChat,
    bot_and_watcher,
    prep_to_review,
    rows,
)

ANN = 101


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


async def test_debrief_names_thank_you_and_goal_on_telegram(api, tmp_path):
    db = str(tmp_path / "coach.db")
    async with bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, ANN)
        await prep_to_review(ann)
        await ann.click("Set up a contact")
        await ann.click_starting(ORG)
        await ann.click("Use: Ann")
        await ann.click("I have a name")
        for answer in (PERSON, TITLE, PHONE):
            await ann.send(answer)
        await ann.click_starting("Use: ")
        await ann.send(REASON)
        await ann.click("20 minutes")
        await ann.click_starting("Use: ")
        await ann.click("I'll call")
        await ann.click("Ready to call")
        await ann.send("Berlin")
        await ann.send("/skip")  # calling right now
        await ann.click("5 minutes by phone")
        await ann.click("We talked just now")
        await ann.send("Research ops is growing; she said to talk to Jo Park")
        assert "What did you learn from Maria?" in ann.last
        await ann.send("Research ops is a real path")
        assert f"You summed yourself up as \u201c{SUMMARY}\u201d" in ann.last
        await ann.send("The puzzles suit me; the sales side less")
        await ann.send("/skip")
        assert "Your notes mention Jo Park" in ann.last
        await ann.click("Yes, add Jo Park")
        assert "Added to your contacts: Jo Park" in ann.last
        assert "remind you to tell Maria" in ann.last
        await ann.click("On to the thank-you")
        assert "Dear Maria," in ann.last
        assert "suggesting I talk to Jo Park" in ann.last
        await ann.click("Sent it")

        await ann.send("/goal")
        assert "learned \u201cResearch ops is a real path\u201d" in ann.last
        await ann.click("Adjust it")
        await ann.send("Research operations")
        assert "Your goal is now \u201cResearch operations\u201d" in ann.last
        await ann.click("Carry on")
        assert [c.short() for c in api.calls if c.failed] == []

    ((referred_by, org),) = rows(
        db, "SELECT referred_by, org FROM contacts WHERE user_id = ? AND name = 'Jo Park'", ANN
    )
    assert (referred_by, org) == (PERSON, ORG)
    ((answers,),) = rows(
        db, "SELECT answers FROM progress WHERE user_id = ? AND flow = 'prep'", ANN
    )
    plan = json.loads(answers)
    assert plan["career_goal"] == "Research operations"
    assert plan["goal_history"][-1]["was"] == "UX research"
    kinds = rows(db, "SELECT kind FROM reminders WHERE user_id = ? AND status = 'pending'", ANN)
    assert ("stay_in_touch",) in kinds
