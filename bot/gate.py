"""Who may talk to the bot, where, and how fast; checked by the front ends before the engine.

- ``ALLOWED_USER_IDS``: anyone else gets one polite line; nothing about them is stored.
- Private chats only: in a group the bot says so and stores nothing.
- A gentle slow-down: each user has a small bucket of messages (``BURST``) that refills at
  ``MESSAGES_PER_SECOND``; a message with the bucket empty is not handled (not stored), and
  the first one of such a run is answered with a line saying so.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot import texts

BURST = 8
PRUNE_EVERY = 1000  # checks between sweeps of full buckets (memory stays bounded)


class Gate:
    """The checks before the engine; ``admit`` answers None (go on) or a refusal."""

    def __init__(
        self,
        allowed: frozenset[int] | None = None,
        per_second: float = 0.0,
        burst: int = BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.allowed = allowed
        self.per_second = per_second
        self.burst = burst
        self.clock = clock
        self._buckets: dict[int, tuple[float, float, bool]] = {}  # tokens, when, warned
        self._checks = 0

    def admit(self, user_id: int, chat_type: str | None = "private") -> str | None:
        """None when the engine may handle this; else the line to answer ("" for silence)."""
        if chat_type is not None and chat_type != "private":
            return texts.PRIVATE_ONLY
        if self.allowed is not None and user_id not in self.allowed:
            return texts.NOT_ALLOWED
        if self.per_second > 0 and not self._take(user_id):
            return self._slow_down(user_id)
        return None

    def _take(self, user_id: int) -> bool:
        now = self.clock()
        tokens, last, warned = self._buckets.get(user_id, (float(self.burst), now, False))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_second)
        if tokens >= 1:
            self._buckets[user_id] = (tokens - 1, now, False)
            self._sweep(now)
            return True
        self._buckets[user_id] = (tokens, now, warned)
        return False

    def _slow_down(self, user_id: int) -> str:
        tokens, last, warned = self._buckets[user_id]
        if warned:
            return ""
        self._buckets[user_id] = (tokens, last, True)
        return texts.SLOW_DOWN

    def _sweep(self, now: float) -> None:
        self._checks += 1
        if self._checks % PRUNE_EVERY:
            return
        full_after = self.burst / self.per_second
        for user_id, (_, last, _) in list(self._buckets.items()):
            if now - last >= full_after:
                del self._buckets[user_id]
