"""The object a flow's machine moves: one user's (or one contact's) progress through a flow.

The machine is shared by every user; this model carries everything that is per user: the
state, the answers the user gave, the flags that steer the flow (kept apart from the
answers), the way back, and what the engine supplies as context. Conditions and callbacks
named in the flows' transition tables are methods of the subclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flows.effects import Effect

HISTORY_LIMIT = 40


@dataclass
class Context:
    """What the engine tells a flow about the world: time, zone, profile, the contact."""

    now: datetime
    tz: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    favourites: list[str] = field(default_factory=list)  # ids of the questions starred
    user_name: str = ""  # the name the user gives on calls
    seed: int | None = None  # repeatable randomness for flows that draw (None: truly random)
    # When the reminders about this contact (or the user) that are still to go out fall due,
    # by kind; read when asked, so it holds this input's own changes. None: nobody keeps
    # reminders here (a flow run on its own), and a flow goes by what it scheduled itself.
    waiting: Callable[[], dict[str, datetime]] | None = None

    def reminder_at(self, kind: str) -> datetime | None:
        """When the reminder of ``kind`` waiting to go out falls due, if one does."""
        return self.waiting().get(kind) if self.waiting is not None else None


class FlowModel:
    """Per-user progress through one flow; the shared Machine reads and writes ``state``."""

    def __init__(
        self,
        state: str,
        answers: dict[str, Any] | None = None,
        history: list[str] | None = None,
        context: Context | None = None,
        flags: dict[str, Any] | None = None,
    ) -> None:
        self.state = state
        self.answers: dict[str, Any] = answers if answers is not None else {}
        self.flags: dict[str, Any] = flags if flags is not None else {}
        self.history: list[str] = history if history is not None else []
        self.context = context
        self.effects: list[Effect] = []

    # -- helpers used by callbacks -------------------------------------------------------
    def emit(self, effect: Effect) -> None:
        """Ask the engine to do something once this input is saved."""
        if not isinstance(effect, Effect):
            raise TypeError(f"not an effect: {effect!r}")
        self.effects.append(effect)

    def remember(self, state: str) -> None:
        """Push a state on the way back, keeping the list bounded."""
        self.history.append(state)
        if len(self.history) > HISTORY_LIMIT:
            del self.history[: len(self.history) - HISTORY_LIMIT]

    def text_field(self, key: str, user_name: str = "") -> str | None:
        """A template field this flow fills itself (None: the shared ones in flows/scripts)."""
        return None

    def after_back(self, left: str) -> None:
        """Called when /back moved from ``left`` to the current state (flows may react)."""

    def variant(self) -> str | None:
        """Which wording of the steps' texts fits this model (None: the usual one)."""
        return None

    # -- conditions shared by the flows ----------------------------------------------------
    def is_editing(self, event: Any = None) -> bool:
        """True while the user changes one answer from the review."""
        return bool(self.flags.get("editing"))

    def start_editing(self, event: Any = None) -> None:
        """Enter edit mode: the flow returns to the review after this section."""
        self.flags["editing"] = True

    def finish_editing(self, event: Any = None) -> None:
        """Leave edit mode (on reaching the review)."""
        self.flags.pop("editing", None)
