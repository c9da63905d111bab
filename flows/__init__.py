"""The coach's flows as state machines; nothing here knows Telegram or storage.

Each flow module declares a ``SPEC`` (``flows/spec.py``); registering it here is the one
line that makes the engine host it.
"""

from flows import debrief, goal, practice, preparation, setup
from flows.spec import FlowSpec, Registry

REGISTRY = Registry()
REGISTRY.register(preparation.SPEC)
REGISTRY.register(setup.SPEC)
REGISTRY.register(debrief.SPEC)
REGISTRY.register(goal.SPEC)
REGISTRY.register(practice.SPEC)

PREP = preparation.SPEC.flow
SETUP = setup.SPEC.flow


def default_registry() -> Registry:
    """A fresh registry of the coach's own flows (tests add theirs to a copy)."""
    return Registry(list(REGISTRY))


__all__ = ["PREP", "REGISTRY", "SETUP", "FlowSpec", "Registry", "default_registry"]
