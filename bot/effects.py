"""Where each effect a flow emits is carried out: one handler per effect type.

Handlers are registered beside the part of the bot that owns what they touch
(``bot/contacts.py``, ``bot/reminders.py``, ``bot/calendar_file.py``, the engine's own flow
stack). An effect with no handler raises ``UnknownEffect``: a typo fails loudly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.replies import Reply
from flows.effects import Effect

Handler = Callable[[Any, Any], "Reply | None"]
HANDLERS: dict[type[Effect], Handler] = {}


class UnknownEffect(TypeError):
    """A flow emitted an effect that nothing in the bot carries out."""


def handles(kind: type[Effect]) -> Callable[[Handler], Handler]:
    """Register ``fn(effect, host)`` as the one handler of ``kind``."""

    def register(fn: Handler) -> Handler:
        if kind in HANDLERS and HANDLERS[kind] is not fn:
            raise ValueError(f"{kind.__name__} already has a handler")
        HANDLERS[kind] = fn
        return fn

    return register


def apply(effects: list[Effect], host: Any) -> list[Reply]:
    """Carry out each effect in order; replies some of them add (e.g. a calendar file)."""
    extra: list[Reply] = []
    for effect in effects:
        handler = HANDLERS.get(type(effect))
        if handler is None:
            raise UnknownEffect(f"no handler for {type(effect).__name__}")
        reply = handler(effect, host)
        if reply is not None:
            extra.append(reply)
    return extra
