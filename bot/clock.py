"""The one source of time for the engine and the scheduler, so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Real time, in UTC."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        return datetime.now(UTC)


class FakeClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self.current = start.astimezone(UTC)

    def now(self) -> datetime:
        """The time the test has set."""
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move time forward by a ``timedelta``'s keywords."""
        self.current += timedelta(**delta)
        return self.current

    def set(self, when: datetime) -> None:
        """Jump to a given moment."""
        self.current = when.astimezone(UTC)
