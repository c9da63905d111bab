"""Every module that registers an effect handler (``@effects.handles``) or the handler of a
button scope (``@buttons.handles``), imported once so the engine finds them all. A module
that adds handlers gets one line here."""

from bot import (  # noqa: F401 (effects, and button scopes: questions, reminders, status)
    contacts,
    files,
    meetings,
    plan,
    questions,
    reminder_buttons,
    reminders,
    status,
)
