"""The coach's two flows as state machines; nothing here knows Telegram or storage."""

from flows import preparation, setup
from flows.runner import Flow

PREP = Flow(
    "prep",
    preparation.PrepModel,
    preparation.STATES,
    preparation.TRANSITIONS,
    preparation.STEPS,
    preparation.TOTAL_STEPS,
    initial="welcome",
)
SETUP = Flow(
    "setup",
    setup.SetupModel,
    setup.STATES,
    setup.TRANSITIONS,
    setup.STEPS,
    setup.TOTAL_STEPS,
    initial="new",
)

__all__ = ["PREP", "SETUP", "Flow"]
