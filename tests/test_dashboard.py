"""/status as a dashboard: every contact with its stage and next dated step, soonest first,
referrals under who gave them, a button to open each, pages beyond fifteen contacts."""

from __future__ import annotations

import re

import pytest

from bot.storage import User
from tests.engine_helpers import START, Chat, make_engine, user_row
from tests.seed_plan import TZ, seed_other, seed_user
from tests.tg_flow import TgChat, bot_and_watcher

EXPECTED_LINES = [
    "1. Rita Diaz \u00b7 gave you names",
    "   \u21b3 2. Sam Lee \u00b7 to contact",
    "      \u21b3 3. Tara Wu \u00b7 call planned \u00b7 call Wed 25 Nov, 12:00",
    "4. Pia Holm \u00b7 met \u00b7 thank-you note Wed 25 Nov, 13:00",
    "5. Omar (Gamma) \u00b7 meeting set \u00b7 meeting Thu 26 Nov, 14:00",
    "6. Tom Jones \u00b7 call planned \u00b7 call Fri 27 Nov, 15:00",
    "7. Ivan (Zed Corp) \u00b7 waiting to hear back \u00b7 follow up Mon 30 Nov, 10:00",
    "8. Acme Health \u00b7 to contact",
    "9. Maria Lopez (Beta Labs) \u00b7 person found",
    "10. Lea Park \u00b7 called",
    "11. Quinn Roe \u00b7 thanked",
    "12. Uma Stone \u00b7 closed",
]


@pytest.fixture
def seeded(tmp_path):
    engine = make_engine(str(tmp_path / "coach.db"))
    ids = seed_user(engine.store)
    seed_other(engine.store)
    return engine, ids


def test_dashboard_lists_every_stage_soonest_first_with_the_referral_tree(seeded):
    engine, ids = seeded
    chat = Chat(engine, 1, "Ann")
    chat.send("/status")
    board = chat.replies[0]
    assert board.aside
    lines = board.text.splitlines()
    assert lines[0] == "Your plan at a glance"
    assert lines[1] == "Getting ready: done."
    assert lines[2] == (
        "Contacts (12): 2 to contact, 1 person found, 2 call planned, 1 waiting to hear back, "
        "1 called, 1 meeting set, 1 met, 1 thanked, 1 gave you names, 1 closed."
    )
    assert lines[3:15] == EXPECTED_LINES
    assert lines[15] == "Next: Wed 25 Nov, 12:00, call Tara Wu."
    assert "Kim" not in board.text  # the other user's contact
    # one button per contact, in the same order, laid out three a row
    order = ["rita", "sam", "tara", "pia", "omar", "tom", "ivan", "acme", "maria", "lea",
             "quinn", "uma"]  # fmt: skip
    assert [d for d, _ in board.choices] == [f"v|open|{ids[k]}" for k in order]
    assert board.choices[5][1] == "6. Tom Jones"
    assert board.columns == 3
    # then the step the user is at, as after any aside
    assert not chat.replies[1].aside and "Step 7 of 8" in chat.replies[1].text


def test_preparation_steps_done_and_still_open(engine):
    chat = Chat(engine, 1, "Ann")
    chat.send("/start")
    chat.click("Let's start")
    chat.click("Yes, I have")
    chat.send("/status")
    assert "Getting ready: step 2 of 8." in chat.aside
    assert "\u2713 Done: Welcome." in chat.aside
    assert (
        "\u2610 Still to do: Know yourself, Career goal, Who you are, Organizations, "
        "People you know, Your plan, Pick a contact." in chat.aside
    )
    assert "Contacts: none yet." in chat.aside
    assert chat.replies[0].choices == []


def test_a_contact_button_opens_that_contacts_set_up(seeded):
    engine, ids = seeded
    chat = Chat(engine, 1, "Ann")
    chat.send("/status")
    chat.press(chat.replies[0].choices[5][0])  # 6. Tom Jones
    assert "How did the call with Tom Jones go?" in chat.last
    assert user_row(engine, 1)["active_contact"] == ids["tom"]
    chat.send("/status")
    assert "Working on: Tom Jones." in chat.aside
    chat.press(f"v|open|{ids['maria']}")  # another one: Tom's set-up is set aside
    assert "Maria Lopez" in chat.last and "Step 2 of 7" in chat.last
    assert user_row(engine, 1)["active_contact"] == ids["maria"]


def test_a_forged_button_for_another_users_contact_changes_nothing(seeded):
    engine, _ = seeded
    (kim,) = engine.store.conn.execute("SELECT id FROM contacts WHERE user_id = 2").fetchone()
    chat = Chat(engine, 1, "Ann")
    before = user_row(engine, 1)
    for data in (f"v|open|{kim}", "v|open|99999", "v|open|x", "v|nope|1"):
        chat.press(data)
        assert chat.replies[0].refused
        assert "isn't in your plan" in chat.last
        assert user_row(engine, 1) == before


def test_fifteen_contacts_fit_one_screen_and_the_rest_are_a_page_away(engine):
    stamp = START.isoformat()
    with engine.store.transaction():
        engine.store.insert_user(User(1, "Ann"), stamp)
        engine.store.save_user(User(1, "Ann", tz=TZ), stamp)
        for n in range(1, 21):
            engine.store.insert_contact(1, stamp, kind="org", org=f"Organization {n}")
    chat = Chat(engine, 1, "Ann")
    chat.send("/status")
    board = chat.replies[0]
    lines = board.text.splitlines()
    listed = [line for line in lines if re.match(r"\d+\. ", line)]
    assert [line.split(".")[0] for line in listed] == [str(n) for n in range(1, 16)]
    assert "Page 1 of 2." in lines
    assert len(lines) <= 22 and len(board.text) <= 900
    labels = [label for _, label in board.choices]
    assert [label.split(" ")[0] for label in labels[:15]] == [f"{n}." for n in range(1, 16)]
    assert labels[0] == "1. Organization 1" and labels[14] == "15. Organization\u2026"
    assert labels[15:] == ["More \u203a"]
    rows = (len(board.choices) + board.columns - 1) // board.columns
    assert rows <= 6  # fifteen contact buttons and the page button, three a row
    chat.click("More \u203a")
    page2 = chat.replies[0].text
    assert "16. Organization 16 \u00b7 to contact" in page2
    assert "20. Organization 20" in page2 and "15. Organization 15" not in page2
    assert "Page 2 of 2." in page2
    assert [label for _, label in chat.replies[0].choices][-1] == "\u2039 Back"


async def test_dashboard_over_telegram_rows_of_three_and_a_button_opens_the_contact(tmp_path):
    from tests.fakeapi import FakeBotAPI

    db = str(tmp_path / "coach.db")
    engine = make_engine(db)
    ids = seed_user(engine.store)
    engine.store.close()
    async with FakeBotAPI() as api, bot_and_watcher(api, db) as watcher:
        ann = TgChat(api, watcher, 1)
        await ann.send("/status")
        board = next(c for c in ann.new_calls if (c.text or "").startswith("Your plan"))
        rows = board.reply_markup["inline_keyboard"]
        assert [len(r) for r in rows] == [3, 3, 3, 3]
        assert rows[1][2]["text"] == "6. Tom Jones"
        await ann.press(rows[1][2]["callback_data"], board.message_id)
        assert "How did the call with Tom Jones go?" in ann.last
    assert user_row(make_engine(db), 1)["active_contact"] == ids["tom"]
