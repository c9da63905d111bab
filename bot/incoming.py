"""What the Telegram front end reads from an update, straight from Telegram's JSON.

The inbox stores updates as Telegram sent them and hands those dicts to
``Application.process_update``. Parsing them into python-telegram-bot's ``Update`` objects
first (a ``Message`` with its sender, chat and keyboard: about 100 optional fields each)
cost 300-800 us of CPU per update on this machine, more than the engine's whole turn; the
handlers need a dozen values, read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.replies import Input

Raw = dict[str, Any]  # an update as Telegram sent it

# Update fields that carry a message the user sent, an edit of one, or a button press (as
# python-telegram-bot's handlers routed them before: other edits and kinds are left alone).
MESSAGES = ("message", "business_message", "channel_post")
EDITS = ("edited_message",)
BUTTON = "callback_query"
MEDIA_KINDS = (
    "photo",
    "sticker",
    "voice",
    "audio",
    "video",
    "video_note",
    "animation",
    "document",
    "location",
    "venue",
    "poll",
    "dice",
)


@dataclass(frozen=True, slots=True)
class Incoming:
    """One update as the handlers see it."""

    update_id: int
    kind: str  # "message", "edit", "button" or "other"
    user_id: int | None
    first_name: str | None
    chat_id: int | None
    chat_type: str | None
    body: Raw  # the message, the edited message or the callback query

    @property
    def pressed(self) -> Raw | None:
        """The message whose button was pressed, when Telegram sent it whole."""
        message = self.body.get("message") if self.kind == "button" else None
        # an "inaccessible" message (too old) comes with date 0 and nothing else of use
        return message if isinstance(message, dict) and message.get("date") else None

    @property
    def data(self) -> str:
        """A button's callback data ("" when it has none)."""
        data = self.body.get("data")
        return data if isinstance(data, str) else ""

    def button_label(self) -> str | None:
        """The label of the pressed button, from the keyboard of its message."""
        rows = _dict(_dict(self.pressed).get("reply_markup")).get("inline_keyboard")
        for row in rows if isinstance(rows, list) else ():
            for button in row if isinstance(row, list) else ():
                if isinstance(button, dict) and button.get("callback_data") == self.data:
                    label = button.get("text")
                    return label if isinstance(label, str) else None
        return None

    def as_input(self) -> Input:
        """The engine input of a message: its text, a shared contact, or its kind of media."""
        message = self.body
        text = message.get("text")
        if isinstance(text, str):
            return Input("text", text)
        contact = message.get("contact")
        if isinstance(contact, dict):
            name = " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p)
            return Input("contact_card", name=name, phone=contact.get("phone_number") or "")
        for kind in MEDIA_KINDS:
            if message.get(kind):
                return Input("media", media=kind)
        return Input("media", media="other")


def _dict(value: Any) -> Raw:
    return value if isinstance(value, dict) else {}


def read(raw: Raw) -> Incoming:
    """The handlers' view of a raw update (never raises on odd or forged JSON)."""
    kind, body = "other", {}
    for key in MESSAGES + EDITS + (BUTTON,):
        if isinstance(raw.get(key), dict):
            body = raw[key]
            kind = "button" if key == BUTTON else ("edit" if key in EDITS else "message")
            break
    user = _dict(body.get("from"))
    chat = _dict(body.get("chat") if kind != "button" else _dict(body.get("message")).get("chat"))
    user_id = user.get("id") if isinstance(user.get("id"), int) else None
    chat_id = chat.get("id") if isinstance(chat.get("id"), int) else None
    if kind == "button" and chat_id is None:
        chat_id = user_id  # a press on a message Telegram did not send along: a private chat
    first_name = user.get("first_name")
    return Incoming(
        update_id=raw.get("update_id") if isinstance(raw.get("update_id"), int) else -1,
        kind=kind,
        user_id=user_id,
        first_name=first_name if isinstance(first_name, str) else None,
        chat_id=chat_id,
        chat_type=chat.get("type") if isinstance(chat.get("type"), str) else None,
        body=body,
    )
