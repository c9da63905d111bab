"""A new flow is one module and one registration line: the tiny mood flow in
``tests/tiny_flow.py``, registered by these tests alone, runs through the engine in the
terminal chat and on the fake Bot API; an effect nobody handles fails loudly."""

import io
import sqlite3

import pytest

from bot.console import Console
from bot.effects import UnknownEffect
from flows import REGISTRY, default_registry
from flows.diagrams import all_diagrams
from tests import tiny_flow
from tests.engine_helpers import Chat, make_engine
from tests.fakeapi import FakeBotAPI
from tests.tg_flow import TgChat, bot_and_watcher


@pytest.fixture
def registry():
    registry = default_registry()
    registry.register(tiny_flow.SPEC)  # the one line
    return registry


@pytest.fixture
def engine(tmp_path, registry):
    engine = make_engine(str(tmp_path / "coach.db"))
    engine.registry = registry
    return engine


def test_the_coach_itself_does_not_host_the_test_flow():
    assert REGISTRY.get("mood") is None
    assert "mood" not in all_diagrams()


def test_a_registered_flow_opens_by_its_command_and_hands_back_to_the_plan(engine):
    ann = Chat(engine, 1, first_name="Ann")
    ann.send("/start")
    ann.click("Let's start")
    plan_step = ann.last
    ann.send("/mood")
    assert "Step 1 of 2 · Feeling" in ann.last
    ann.send("Nervous but ready")
    assert "You said: Nervous but ready. And the week overall?" in ann.last
    ann.send("/back")  # the engine's navigation works in any flow
    assert "How are you feeling" in ann.last
    ann.send("Nervous but ready")
    ann.click("Good")
    assert [r.text for r in ann.replies][0] == "Noted: Nervous but ready (good)."
    assert "Thanks, noted." in ann.last
    ann.click("Back to my plan")
    assert ann.last.startswith("Mood check done.")
    assert plan_step.split("\n\n", 1)[1] in ann.last  # the plan's own step, where it was

    # Its progress sits in the shared progress table: no new table for a new flow.
    conn = sqlite3.connect(engine.store.path)
    row = conn.execute("SELECT state, answers FROM progress WHERE flow = 'mood'").fetchone()
    assert row[0] == "done" and "Nervous but ready" in row[1]


def test_a_flows_buttons_are_refused_once_it_is_closed(engine):
    ann = Chat(engine, 1)
    ann.send("/mood")
    ann.send("Fine")
    stale = ann.data_of("Mixed")
    ann.click("Good")
    ann.click("Back to my plan")
    ann.press(stale)
    assert ann.replies[0].refused


def test_an_effect_with_no_handler_is_an_error_and_nothing_is_saved(engine):
    ann = Chat(engine, 1)
    ann.send("/mood")
    ann.send("Fine")
    with pytest.raises(UnknownEffect, match="Unhandled"):
        ann.click("Oops")
    conn = sqlite3.connect(engine.store.path)
    (state,) = conn.execute("SELECT state FROM progress WHERE flow = 'mood'").fetchone()
    assert state == "week"  # the move was rolled back with the transaction


def test_the_flow_in_the_terminal_chat(engine):
    out = io.StringIO()
    console = Console(engine, 1, out=out)
    for line in ("/mood", "Calm", "2", "1"):
        console.handle(line)
    text = out.getvalue()
    assert "1) Good\n2) Mixed\n3) Oops" in text
    assert "Noted: Calm (mixed)." in text
    assert "Mood check done." in text
    console.handle("/help")
    assert "/mood \u2014 A quick mood check" in out.getvalue()


async def test_the_flow_on_telegram(tmp_path, registry):
    async with FakeBotAPI() as api:
        async with bot_and_watcher(api, str(tmp_path / "coach.db"), registry=registry) as bot:
            assert {"command": "mood", "description": "A quick mood check"} in api.commands
            ann = TgChat(api, bot, 101)
            await ann.send("/mood")
            assert "How are you feeling about your calls?" in ann.last
            await ann.send("Hopeful")
            await ann.click("Good")
            assert "Noted: Hopeful (good)." in ann.new_messages
            await ann.click("Back to my plan")
            assert ann.last.startswith("Mood check done.")
