"""Every module that registers an effect handler (``@effects.handles``), imported once so the
engine finds them all. A module that adds handlers gets one line here."""

from bot import contacts, files, meetings, plan, reminders  # noqa: F401
