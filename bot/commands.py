"""The commands a user can send, with the one-line descriptions shown in menus and /help."""

from __future__ import annotations

COMMANDS: list[tuple[str, str]] = [
    ("start", "Begin, or pick up where you left off"),
    ("help", "What I can do and how"),
    ("status", "Your plan at a glance"),
    ("plan", "Your plan and contacts: switch contact"),
    ("back", "Go back one step"),
    ("skip", "Skip an optional step"),
    ("reminders", "List your reminders"),
    ("pause", "Hold all reminders"),
    ("resume", "Turn reminders back on"),
    ("timezone", "Set or change your time zone"),
    ("questions", "Questions to ask in an interview"),
    ("reset", "Erase your plan and start again"),
]

CONSOLE_ONLY: list[tuple[str, str]] = [("quit", "Leave the terminal chat")]

NAMES = {name for name, _ in COMMANDS}
