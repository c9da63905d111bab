"""The terminal chat: the same engine and SQLite file as Telegram, in a terminal.

Choices print as ``N) Label``; typing the number or the label picks one. Reminders that fall
due while it runs print between prompts. Ctrl-D or /quit leaves.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from bot.commands import CONSOLE_ONLY
from bot.engine import Engine
from bot.replies import Input, Reply
from bot.scheduler import Scheduler
from bot.storage import StorageError

PROMPT = "> "
LETTERS = "abcdefghijklmnopqrstuvwxyz"
BACK_TO_STEP = "(Back to where you were:)"
GOODBYE = "Bye for now. Your answers are saved; start again any time to carry on."


class Console:
    """Reads lines, feeds them to the engine, prints the replies.

    The current step's choices print as ``1) Label``; choices of a reply that is not the
    step (a reminder, the /reminders list) as ``a) Label``, so a typed number always
    answers the step.
    """

    def __init__(self, engine: Engine, user_id: int, out: TextIO = sys.stdout) -> None:
        self.engine = engine
        self.user_id = user_id
        self.out = out
        self.choices: list[tuple[str, str]] = []
        self.aside_choices: list[tuple[str, str]] = []
        self.step: Reply | None = None

    def show(self, replies: list[Reply]) -> None:
        """Print replies; remember their choices for numbers, letters and labels."""
        for reply in replies:
            self.out.write(reply.text + "\n")
            if reply.document:
                what = "calendar file" if reply.document.filename.endswith(".ics") else "file"
                self.out.write(f"[{what} saved: {self.save(reply)}]\n")
            if reply.aside:
                self.aside_choices = reply.choices
                for letter, (_, label) in zip(LETTERS, reply.choices, strict=False):
                    self.out.write(f"{letter}) {label}\n")
            else:
                self.step = reply
                self.choices = reply.choices
                for number, (_, label) in enumerate(reply.choices, 1):
                    self.out.write(f"{number}) {label}\n")
            self.out.write("\n")
        self.out.flush()

    def save(self, reply: Reply) -> str:
        """Write an attached file next to the database, in a ``files`` folder."""
        doc = reply.document
        folder = Path(self.engine.store.path).resolve().parent / "files"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / doc.filename
            target.write_bytes(doc.content)
        except OSError as err:
            return f"could not save {doc.filename}: {err.strerror}"
        return str(target)

    def to_input(self, line: str) -> Input:
        """A typed line as an engine input: a number, letter or label picks a choice."""
        text = line.strip()
        if text.isdecimal() and 1 <= int(text) <= len(self.choices):
            return Input("button", self.choices[int(text) - 1][0])
        if len(text) == 1 and text.lower() in LETTERS[: len(self.aside_choices)]:
            return Input("button", self.aside_choices[LETTERS.index(text.lower())][0])
        for data, label in self.choices + self.aside_choices:
            if label.casefold() == text.casefold():
                return Input("button", data)
        return Input("text", line.rstrip("\r\n"))

    def handle(self, line: str) -> None:
        """Process one line; a storage problem is one clear line, and nothing is half-saved."""
        try:
            inp = self.to_input(line)
            self.aside_choices = []  # letters answer only the line right after their reply
            replies = self.engine.handle(self.user_id, inp)
            if line.strip().lower() == "/help" and replies:
                replies[0].text += "".join(f"\n/{n} \u2014 {d}" for n, d in CONSOLE_ONLY)
                replies[0].text += " (Ctrl-D works too)"
            self.show(replies)
        except (StorageError, sqlite3.Error) as err:
            print(f"Error: {err} Nothing from that answer was saved; try again.", file=sys.stderr)

    async def deliver(self, user_id: int, reply: Reply) -> int | None:
        """Scheduler sender: a reminder prints at once, then the step it interrupted."""
        self.out.write("\n")
        reply.aside = True
        self.show([reply])
        if self.step is not None:
            self.out.write(BACK_TO_STEP + "\n")
            self.show([self.step])
        self.out.write(PROMPT)
        self.out.flush()
        return None


async def run_console(engine: Engine, user_id: int, stdin: TextIO = sys.stdin) -> int:
    """Chat until end of input or /quit; reminders arrive in between."""
    console = Console(engine, user_id)
    scheduler = Scheduler(engine.store, console.deliver, engine.clock, only_user=user_id)
    console.handle("/start")
    scheduler.start()
    loop = asyncio.get_running_loop()
    try:
        while True:
            console.out.write(PROMPT)
            console.out.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                console.out.write("\n")
                break
            if line.strip().lower() in ("/quit", "/exit"):
                break
            console.handle(line)
            scheduler.wake()
    finally:
        await scheduler.stop()
    console.out.write(GOODBYE + "\n")
    console.out.flush()
    return 0
