"""/questions: a bank worth opening, favourites starred by the user, seen on the call card
and in the day-before reminder; both front ends; forged buttons refused."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot import buttons, texts
from flows import questions as q
from tests.engine_helpers import Chat, make_engine, prep_until_orgs
from tests.fakeapi import FakeBotAPI
from tests.reminder_helpers import confirm_meeting, to_call_card, to_outcome
from tests.test_console import run_console
from tests.test_reminders import NOW, World
from tests.tg_flow import TgChat, bot_and_watcher

THEME_IDS = {"path", "day", "hard", "pay", "entry", "trend", "org", "advice", "who", "change"}
CANNOT = texts.BAD_BUTTON.split(",")[0]


def starred_rows(path: str, user_id: int) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT question FROM favourite_questions WHERE user_id = ? ORDER BY question",
            (user_id,),
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def star(chat: Chat, prefix: str) -> None:
    """Press the bank button (in the aside before the step) whose label starts so."""
    (data,) = [d for d, label in chat.replies[0].choices if label.startswith(prefix)]
    chat.press(data)


# -- the bank ---------------------------------------------------------------------------------


def test_the_bank_has_35_questions_or_more_in_the_themes_a_counsellor_expects():
    assert len(q.BY_ID) >= 35
    assert len(q.THEMES) >= 7
    assert {t.id for t in q.THEMES} >= THEME_IDS
    assert sum(len(t.questions) for t in q.THEMES) == len(q.BY_ID)  # no id used twice
    assert len({text.casefold() for text in q.BY_ID.values()}) == len(q.BY_ID)
    for theme in q.THEMES:
        assert len(theme.questions) >= 3, theme.title
        for qid, text in theme.questions:
            assert text.endswith("?") and len(text) <= 90, text
            data = buttons.bank(10**12, "f", qid)  # a long user id still fits in 64 bytes
            assert len(data.encode()) <= buttons.MAX_BYTES


def test_the_bank_asks_no_job():
    from flows.validators import job_ask_reasons

    assert [t for t in q.BY_ID.values() if job_ask_reasons(t)] == []


# -- through the engine -------------------------------------------------------------------------


@pytest.fixture
def engine(tmp_path):
    return make_engine(str(tmp_path / "coach.db"))


def test_questions_shows_themes_then_the_same_step_again(engine):
    chat = Chat(engine, 1, "Ann")
    prep_until_orgs(chat)
    step = chat.last
    chat.send("/questions")
    assert "10 themes" in chat.aside
    assert [label for _, label in chat.replies[0].choices][:3] == [
        "Your path into the work",
        "A typical day or week",
        "Challenges and downsides",
    ]
    assert chat.last == step  # the step, again, with its buttons
    chat.press(chat.replies[0].choices[2][0])  # Challenges and downsides
    assert "What is the hardest part of the job, honestly?" in chat.aside
    assert chat.last == step
    chat.send("Acme Health")  # the step still takes its answer
    assert "Acme Health" in chat.last


def test_a_starred_question_is_on_the_call_card_and_in_the_day_before_reminder(tmp_path):
    import asyncio

    world = World(tmp_path)
    chat = world.chat()
    to_call_card(chat)
    assert q.CARD_HEAD not in chat.last
    chat.send("/questions")
    chat.press(buttons.bank(1, "t", "hard"))
    star(chat, f"{q.UNSTARRED} 1.")
    assert "Starred: \u201cWhat is the hardest part of the job, honestly?\u201d" in chat.aside
    assert f"{q.STARRED} 1. What is the hardest part" in chat.aside
    card = chat.last  # the step shown again is the call card, now with the question
    assert "Your call card for Tom Jones" in card
    assert f"{q.CARD_HEAD}\n\u2022 What is the hardest part of the job, honestly?" in card
    chat.press(buttons.bank(1, "t", "change"))
    star(chat, f"{q.UNSTARRED} 2.")
    assert starred_rows(world.engine.store.path, 1) == ["change2", "hard1"]
    # bank order on the card: challenges before changing careers
    assert card.split(q.CARD_HEAD)[0] in chat.last
    assert chat.last.index("hardest part") < chat.last.index("What gaps would I need")
    # unstar one: gone from the card
    star(chat, f"{q.STARRED} 2.")
    assert "Star removed" in chat.aside and "What gaps would I need" not in chat.last
    chat.press(buttons.bank(1, "f", "pay1"))
    # a meeting two days ahead; the day-before reminder lists the starred questions
    chat.click("Ready to call")
    chat.send("Berlin")
    chat.send("/skip")
    confirm_meeting(chat, "in 2 days at 15:00")
    sent = asyncio.run(world.tick_at(NOW + timedelta(days=1, hours=4, minutes=1)))
    assert sent == 1
    (reminder,) = [t for t in world.texts() if t.startswith("\u23f0 Tomorrow")]
    assert q.REMINDER_HEAD in reminder
    assert "\u2022 What is the hardest part of the job, honestly?" in reminder
    assert "\u2022 What range of pay is usual for someone starting out?" in reminder


def test_the_day_before_reminder_without_stars_lists_none(tmp_path):
    import asyncio

    world = World(tmp_path)
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "in 2 days at 15:00")
    asyncio.run(world.tick_at(NOW + timedelta(days=1, hours=4, minutes=1)))
    (reminder,) = [t for t in world.texts() if t.startswith("\u23f0 Tomorrow")]
    assert "(/questions)" in reminder  # the checklist's line points to the bank
    assert q.REMINDER_HEAD not in reminder


def test_stars_survive_a_restart_and_old_bank_buttons_still_work(tmp_path):
    path = str(tmp_path / "coach.db")
    chat = Chat(make_engine(path), 1, "Ann")
    prep_until_orgs(chat)
    chat.send("/questions")
    theme = chat.replies[0].choices[0][0]
    chat.press(theme)
    star(chat, f"{q.UNSTARRED} 1.")
    again = Chat(make_engine(path), 1, "Ann")  # a new process on the same file
    again.press(theme)
    assert f"{q.STARRED} 1. How did you come to be doing this work?" in again.aside
    again.send("/questions")
    assert q.FAVOURITES_LINE.format(count=1) in again.aside


@pytest.mark.parametrize(
    "forged",
    [
        "q|2|f|hard1",  # another user's id
        "q|1|f|hard99",  # no such question
        "q|1|t|salary",  # no such theme
        "q|1|x|hard1",  # no such action
        "q|f|hard1",  # no user at all
        "q|" + "9" * 19 + "|f|hard1",  # not a real user id
    ],
)
def test_a_forged_bank_button_is_refused_and_changes_nothing(engine, forged):
    ann, bob = Chat(engine, 1, "Ann"), Chat(engine, 2, "Bob")
    prep_until_orgs(ann)
    prep_until_orgs(bob)
    step = ann.last
    ann.press(forged)
    assert ann.last_reply.refused
    assert ann.last.startswith(CANNOT) and step in ann.last
    assert starred_rows(engine.store.path, 1) == []
    assert starred_rows(engine.store.path, 2) == []


def test_reset_erases_the_stars(engine):
    chat = Chat(engine, 1, "Ann")
    prep_until_orgs(chat)
    chat.press(buttons.bank(1, "f", "who1"))
    assert starred_rows(engine.store.path, 1) == ["who1"]
    chat.send("/reset")
    chat.click(texts.RESET_YES)
    assert starred_rows(engine.store.path, 1) == []


# -- the terminal chat ---------------------------------------------------------------------------


def test_terminal_chat_opens_a_theme_and_stars_by_letter(tmp_path):
    db = tmp_path / "c.db"
    out = run_console(db, ["/questions", "d", "a", "1"])
    assert "a) Your path into the work" in out
    assert "d) Pay, hours and progression" in out
    assert f"a) {q.UNSTARRED} 1. What range of pay is usual" in out
    assert "Starred: \u201cWhat range of pay is usual for someone starting out?\u201d" in out
    assert f"a) {q.STARRED} 1. What range of pay is usual" in out
    assert "Step 2 of 8" in out  # "1" still answered the step after all that
    assert starred_rows(str(db), 1) == ["pay1"]


# -- Telegram, through the fake Bot API -------------------------------------------------------


async def test_telegram_questions_theme_and_star(tmp_path):
    db = str(tmp_path / "coach.db")
    async with FakeBotAPI() as api, bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, 101, "Ann")
        await ann.send("/start")
        step = ann.last
        await ann.send("/questions")
        bank, again = ann.new_messages
        assert "10 themes" in bank and again == step
        themes = ann.new_calls[0]
        await ann.press(dict(themes.buttons())["Advice for you"], themes.message_id)
        listing = [c for c in ann.new_calls if c.method == "sendMessage"][0]
        assert "What do you wish someone had told you at my stage?" in (listing.text or "")
        assert ann.last == step
        star = [d for label, d in listing.buttons() if label.startswith(f"{q.UNSTARRED} 1.")][0]
        assert star == "q|101|f|advice1"
        await ann.press(star, listing.message_id)
        assert ann.new_messages[0].startswith("Starred: \u201cWhat do you wish")
        assert f"{q.STARRED} 1. What do you wish" in ann.new_messages[0]
        assert starred_rows(db, 101) == ["advice1"]
        # the same button as someone else: refused, nothing stored for them
        bob = TgChat(api, watcher, 202, "Bob")
        await bob.send("/start")
        await bob.press(star, bob.last_message.message_id)
        assert bob.new_messages[0].startswith(CANNOT)
        assert starred_rows(db, 202) == []
