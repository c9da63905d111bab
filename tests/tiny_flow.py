"""A tiny flow that only the tests register: proof that a new flow is one module and one
registration line, with its own states, copy, command and effect.

A mood check: /mood asks how the user feels (typed), then how their week went (buttons),
notes it through its own effect, and hands back to the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import effects
from bot.replies import Reply
from flows import validators as v
from flows.effects import Effect
from flows.model import FlowModel
from flows.runner import Flow, Texts
from flows.spec import FlowSpec
from flows.steps import Option, Step


@dataclass(frozen=True)
class NoteMood(Effect):
    """Keep the user's mood (here: say it back, as the bot's own handlers would store it)."""

    feeling: str
    week: str


@dataclass(frozen=True)
class Unhandled(Effect):
    """An effect nobody carries out: the engine must refuse it loudly."""


class MoodModel(FlowModel):
    def note_mood(self, event=None) -> None:
        """Ask the bot to keep what the user said."""
        self.emit(NoteMood(self.answers["feeling"], self.answers["week"]))

    def emit_unhandled(self, event=None) -> None:
        """Emit an effect with no handler."""
        self.emit(Unhandled())


STATES = ["feeling", "week", "done"]
TRANSITIONS = [
    {"trigger": "next", "source": "feeling", "dest": "week"},
    {"trigger": "next", "source": "week", "dest": "done", "after": "note_mood"},
    {"trigger": "oops", "source": "week", "dest": "done", "after": "emit_unhandled"},
]
STEPS = {
    "feeling": Step("feeling", 1, "text", field="feeling", parse=v.short_text),
    "week": Step(
        "week",
        2,
        "choice",
        field="week",
        options=(Option("good", "Good"), Option("mixed", "Mixed"), Option("oops", "Oops", "oops")),
    ),
    "done": Step("done", 2, "info", options=(Option("back", "Back to my plan", "leave"),)),
}
TEXTS = Texts(
    titles={1: "Feeling", 2: "Week"},
    prompts={
        "feeling": "How are you feeling about your calls?",
        "week": "You said: {feeling}. And the week overall?",
        "done": "Thanks, noted.",
    },
    labels={},
)

SPEC = FlowSpec(
    Flow("mood", MoodModel, STATES, TRANSITIONS, STEPS, 2, initial="feeling", texts=TEXTS),
    per="user",
    scope="m",
    final_states=frozenset({"done"}),
    commands={"mood": (None, "A quick mood check")},
    texts={"finished": "Mood check done."},
)


@effects.handles(NoteMood)
def _note_mood(effect: NoteMood, turn) -> Reply:
    """Say the mood back, as its own message."""
    return Reply(f"Noted: {effect.feeling} ({effect.week}).")
