"""Per-user caps, so one user cannot fill the disk: contacts, and text stored.

A cap is checked inside the input's transaction; going over raises ``OverLimit``, the whole
input is rolled back (nothing of it is stored) and ``guarded`` answers with the cap's
message and the step as it was. The slow-down for a user sending too fast is in
``bot/gate.py`` (it runs in the front end, before the engine).
"""

from __future__ import annotations

import functools

from bot.replies import Input, Reply, refused

MAX_CONTACTS = 200
MAX_TEXT_BYTES = 1_000_000  # about 1 MB of answers, notes and contact details per user

TOO_MANY_CONTACTS = (
    "Your plan already holds {limit} contacts, the most I can keep for one person, so I "
    "didn't add that one. Close or finish a few first, then add new ones."
)
TOO_MUCH_TEXT = (
    "You've stored about as much text with me as I can keep for one person, so I didn't save "
    "that last answer. A shorter answer fits, or /export your notes and start afresh."
)


class OverLimit(Exception):
    """An input would go over a cap; the message says which, for the user."""


def room_for_contact(store, user_id: int) -> None:
    """Raise ``OverLimit`` when the user cannot have one more contact."""
    if store.count_contacts(user_id) >= MAX_CONTACTS:
        raise OverLimit(TOO_MANY_CONTACTS.format(limit=MAX_CONTACTS))


def check_text(store, user_id: int, inp: Input) -> None:
    """After a typed answer (not a command: those always work, /export and /delete too),
    raise ``OverLimit`` when what the user has stored is over the text cap."""
    if inp.kind == "text" and not inp.text.startswith("/"):
        if store.text_bytes(user_id) > MAX_TEXT_BYTES:
            raise OverLimit(TOO_MUCH_TEXT)


def guarded(handle):
    """Wrap ``Engine.handle``: an input over a cap is rolled back and answered with the
    cap's message and the step the user is still at."""

    @functools.wraps(handle)
    def run(engine, user_id: int, inp: Input, **kwargs) -> list[Reply]:
        marks = list(engine._delivered)  # noqa: SLF001 - written again if rolled back
        try:
            return handle(engine, user_id, inp, **kwargs)
        except OverLimit as over:
            engine._delivered[:0] = [m for m in marks if m not in engine._delivered]  # noqa: SLF001
            stamp = engine.clock.now().isoformat()
            with engine.store.transaction():
                turn = engine._load(user_id, kwargs.get("first_name"), stamp)  # noqa: SLF001
                return [refused(engine.current_reply(turn, str(over)))]

    return run
