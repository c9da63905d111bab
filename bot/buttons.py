"""Callback data for buttons: short, self-contained, checked on every press.

Forms (all under Telegram's 64-byte limit):
  ``<scope>|<state>|<value>``         a step's choice in a flow kept per user (``p|...``)
  ``<scope>|<ref>|<state>|<value>``   a step's choice in a flow kept per contact (``s|12|...``)
  ``o|<question>|<value>``            the engine's one-off questions (reset, time zone, name)
  ``r|<reminder>|<action>``           a reminder's button
  ``q|<user>|<action>|<value>``       the question bank (/questions): a theme, a star
  ``v|<action>|<value>``              a /status dashboard button (open a contact, a page)
A flow's scope is declared in its spec; references to contacts and reminders are integers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 64
QUESTION = "o"
REMINDER = "r"
BANK = "q"
VIEW = "v"


@dataclass(frozen=True)
class Button:
    """A parsed button press."""

    scope: str
    state: str = ""
    value: str = ""
    ref: int | None = None
    question: str = ""


# The engine-level scopes' handlers: ``fn(engine, turn, button) -> replies``.
HANDLERS: dict[str, Callable[[Any, Any, Button], list[Any]]] = {}


def handles(scope: str):
    """Register the one handler of a scope's presses (reminders, the dashboard)."""

    def register(fn):
        if HANDLERS.get(scope, fn) is not fn:
            raise ValueError(f"buttons of scope {scope!r} already have a handler")
        HANDLERS[scope] = fn
        return fn

    return register


def step(scope: str, ref: int | None, state: str, value: str) -> str:
    """Data for a step's choice (``ref``: the contact, for flows kept per contact)."""
    if ref is None:
        return _fit(f"{scope}|{state}|{value}")
    return _fit(f"{scope}|{ref}|{state}|{value}")


def question(name: str, value: str) -> str:
    """Data for a one-off question's answer."""
    return _fit(f"{QUESTION}|{name}|{value}")


def reminder(reminder_id: int, action: str) -> str:
    """Data for a reminder's button."""
    return _fit(f"{REMINDER}|{reminder_id}|{action}")


def bank(user_id: int, action: str, value: str) -> str:
    """Data for a question-bank button, bound to the user it was shown to."""
    return _fit(f"{BANK}|{user_id}|{action}|{value}")


def view(action: str, value: int) -> str:
    """Data for a dashboard button."""
    return _fit(f"{VIEW}|{action}|{value}")


def parse(data: str) -> Button | None:
    """Read callback data; None when it does not parse."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parts = data.split("|")
    scope = parts[0]
    try:
        if scope == QUESTION and len(parts) == 3:
            return Button(QUESTION, value=parts[2], question=parts[1])
        if scope == REMINDER and len(parts) == 3:
            return Button(REMINDER, value=parts[2], ref=_ref(parts[1]))
        if scope and len(parts) == 3:
            return Button(scope, parts[1], parts[2])
        if scope and len(parts) == 4:
            return Button(scope, parts[2], parts[3], _ref(parts[1]))
    except ValueError:
        return None
    return None


def _ref(text: str) -> int:
    if not text.isdigit() or len(text) > 18:
        raise ValueError(text)
    return int(text)


def _fit(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data[:20]}...")
    return data
