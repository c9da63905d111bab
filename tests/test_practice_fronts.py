"""/practice and the call card file in both front ends: the terminal chat as a subprocess
and the real PTB Application against the fake Bot API. ``PRACTICE_SEED`` fixes the draws."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows import copy
from flows import practice_copy as pc
from tests.fakeapi import FakeBotAPI
from tests.practice_helpers import (
    GOOD_OPENING,
    GOOD_VOICEMAIL,
    THIN_OPENING,
    branch_of,
    good_reply,
)
from tests.test_console import PREPARATION, run_console
from tests.tg_flow import PERSON, PHONE, REASON, TITLE, TgChat, bot_and_watcher, prep_to_review

SEED = "5"

CONSOLE_TO_CARD = [
    "Set up a contact",
    "Acme Design",
    "Jamie Cole",  # the name to give on calls
    "I have a name",
    "Dana Whitfield",
    "Lead UX Researcher",
    "+1 555 123 4567",
    "1",  # Use: UX research
    "I love finding out why people get stuck",
    "20 minutes",
    "1",  # Use: The front desk at Acme Design gave me your name
    "I'll call",
]


@pytest.fixture(autouse=True)
def seeded(monkeypatch):
    monkeypatch.setenv("PRACTICE_SEED", SEED)


def last_answer(out: str) -> str:
    """The contact's last answer as printed, from their line to the question after it."""
    start = out.rindex(" said:\n")
    return out[start : out.index("How do you answer?", start)]


# -- the terminal chat -----------------------------------------------------------------------


def test_console_rehearsal_with_feedback_an_answer_and_the_voicemail(tmp_path):
    db = tmp_path / "c.db"
    out = run_console(db, ["/practice", "Start the call", THIN_OPENING, GOOD_OPENING])
    assert "1) Start the call" in out and "3) Voicemail round" in out
    for part in ("found", "why", "time"):
        assert pc.MISSING[part] in out
    assert "1) Try again" in out and "2) Hear their answer" in out
    assert pc.OPENING_GOOD in out
    heard = last_answer(out)
    # The same seed, another database: the same answer, word for word.
    again = run_console(tmp_path / "d.db", ["/practice", "Start the call", GOOD_OPENING])
    assert last_answer(again) == heard
    # Later, in a new session: it picks up at the answer; reply, then the voicemail round.
    out = run_console(db, [good_reply(heard), "Practise again", "Voicemail round", GOOD_VOICEMAIL])
    assert "Welcome back" in out and "How do you answer?" in out
    assert "Score card \u00b7 round 1" in out and "Progress: 1 of 4 answers practised." in out
    assert f"\u2713 {pc.BRANCH_NAMES[branch_of(heard)]}" in out
    assert "Score card \u00b7 round 2" in out
    assert "\u2713 voicemail" in out
    left = out.rsplit("Still to practise: ", 1)[1].split("\n", 1)[0]
    assert pc.BRANCH_NAMES[branch_of(heard)] not in left and "voicemail" not in left
    assert len(left.split(", ")) == 3


def test_console_card_file_is_saved_and_a_rehearsal_uses_the_contact(tmp_path):
    db = tmp_path / "c.db"
    out = run_console(
        db,
        [*PREPARATION, *CONSOLE_TO_CARD, "Call card as a file", "Rehearse this call", "1"],
    )
    (path,) = re.findall(r"\[file saved: (.+?)\]", out)
    assert Path(path) == (tmp_path / "files" / "call-card-dana-whitfield.txt").resolve()
    text = Path(path).read_text(encoding="utf-8")
    assert "Your call card for Dana Whitfield" in text and "Dial +1 555 123 4567" in text
    assert "my name is Jamie Cole" in text and "why people get stuck" in text
    assert copy.DEFAULT_QUESTIONS[0] in text
    assert "rehearse your call to Dana Whitfield at Acme Design" in out
    assert "Dana Whitfield speaking" in out
    assert "Your script, to read from:" in out


# -- Telegram, through the fake Bot API ------------------------------------------------------


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "coach.db")


async def test_telegram_rehearsal_round_and_score_card(api, db):
    async with bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, 101)
        await ann.send("/start")
        await ann.send("/practice")
        assert "Rehearsal time" in ann.new_messages[0]
        assert "Nothing practised yet" in ann.last
        assert ann.choices == [pc.START_CALL, pc.START_SWITCHBOARD, pc.VOICEMAIL_ROUND, pc.DONE]
        await ann.click(pc.START_CALL)
        await ann.send(THIN_OPENING)
        for part in ("found", "why", "time"):
            assert pc.MISSING[part] in ann.last
        await ann.send(GOOD_OPENING)
        branch = branch_of(ann.last)
        await ann.send("ok")
        assert pc.REPLY_SHAPE[branch] in ann.last
        await ann.send(good_reply(ann.last))
        card = ann.last
        assert "Score card \u00b7 round 1" in card and "Progress: 1 of 4 answers practised." in card
        assert "Still to practise:" in card and "voicemail" in card.split("Still to practise:")[1]
        await ann.click(pc.DONE)
        assert pc.FINISHED in ann.last and "Step 1 of 8" in ann.last


async def test_telegram_card_file_is_a_document_and_rehearsal_uses_the_contact(api, db):
    async with bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, 101)
        await prep_to_review(ann)
        await ann.click("Set up a contact")
        await ann.click_starting("Acme Health")
        await ann.click("Use: Ann")
        await ann.click("I have a name")
        for answer in (PERSON, TITLE, PHONE):
            await ann.send(answer)
        await ann.click_starting("Use: ")
        await ann.send(REASON)
        await ann.click("20 minutes")
        await ann.click_starting("Use: ")
        await ann.click("I'll call")
        assert f"Your call card for {PERSON}" in ann.last
        await ann.click("Call card as a file")
        (doc,) = [c for c in ann.new_calls if c.method == "sendDocument"]
        assert doc.document_name == "call-card-maria-lopez.txt"
        text = (doc.document_bytes or b"").decode("utf-8")
        assert "my name is Ann" in text and REASON in text
        assert copy.FILE_QUESTIONS_DEFAULT in text and copy.DEFAULT_QUESTIONS[0] in text
        assert "keep it open while you call" in (doc.text or "")
        assert f"Your call card for {PERSON}" in ann.last  # the step again, under the file
        await ann.click("Rehearse this call")
        await ann.click(pc.START_CALL)
        assert f"{PERSON} speaking" in ann.last and "my name is Ann" in ann.last
        await ann.send("/back")  # to the rehearsal's menu
        await ann.click(pc.DONE)
        assert pc.FINISHED in ann.last
        assert f"Your call card for {PERSON}" in ann.last
