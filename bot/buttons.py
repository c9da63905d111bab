"""Callback data for buttons: short, self-contained, checked on every press.

Forms (all under Telegram's 64-byte limit):
  ``p|<state>|<value>``            a preparation step's choice
  ``s|<contact>|<state>|<value>``  a set-up step's choice for one contact
  ``o|<question>|<value>``         a one-off question (reset, time zone)
  ``r|<reminder>|<action>``        a reminder's button
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64


@dataclass(frozen=True)
class Button:
    """A parsed button press."""

    scope: str
    state: str = ""
    value: str = ""
    ref: int | None = None


def prep(state: str, value: str) -> str:
    """Data for a preparation choice."""
    return _fit(f"p|{state}|{value}")


def setup(contact_id: int, state: str, value: str) -> str:
    """Data for a set-up choice of one contact."""
    return _fit(f"s|{contact_id}|{state}|{value}")


def question(name: str, value: str) -> str:
    """Data for a one-off question's answer."""
    return _fit(f"o|{name}|{value}")


def reminder(reminder_id: int, action: str) -> str:
    """Data for a reminder's button."""
    return _fit(f"r|{reminder_id}|{action}")


def parse(data: str) -> Button | None:
    """Read callback data; None when it does not parse."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parts = data.split("|")
    try:
        if parts[0] == "p" and len(parts) == 3:
            return Button("p", parts[1], parts[2])
        if parts[0] == "s" and len(parts) == 4:
            return Button("s", parts[2], parts[3], _ref(parts[1]))
        if parts[0] == "o" and len(parts) == 3:
            return Button("o", parts[1], parts[2])
        if parts[0] == "r" and len(parts) == 3:
            return Button("r", "", parts[2], _ref(parts[1]))
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
