"""Files a flow hands the user to keep (e.g. the call card): a document on Telegram, a saved
file in the terminal chat. The calendar file goes the same way (``bot/meetings.py``)."""

from __future__ import annotations

from bot.effects import handles
from bot.replies import Document, Reply
from flows.effects import SendFile


@handles(SendFile)
def send_file(effect: SendFile, host) -> Reply:
    """Attach the file to the replies of this input."""
    doc = Document(effect.filename, effect.content.encode("utf-8"), effect.caption)
    return Reply(effect.caption, [], doc)
