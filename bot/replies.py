"""What goes into the engine and what comes out, for any front end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

InputKind = Literal["text", "button", "media", "contact_card"]


@dataclass(frozen=True)
class Input:
    """One thing a user did: typed text, pressed a button, or sent something else."""

    kind: InputKind
    text: str = ""
    media: str = ""
    name: str = ""
    phone: str = ""


@dataclass
class Document:
    """A file to send along, e.g. a calendar file."""

    filename: str
    content: bytes
    caption: str = ""


@dataclass
class Reply:
    """One message to show: text, buttons as (callback data, label), maybe a file."""

    text: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    document: Document | None = None
    refused: bool = False
    aside: bool = False  # not the current step (a list, a status): its buttons stand apart
    columns: int = 1  # buttons per row where the front end lays them out (short labels)

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe form, kept until the reply is known to be delivered."""
        data: dict[str, Any] = {"text": self.text, "choices": [list(c) for c in self.choices]}
        if self.aside:
            data["aside"] = True
        if self.columns != 1:
            data["columns"] = self.columns
        if self.document:
            data["document"] = {
                "filename": self.document.filename,
                "content": self.document.content.decode("utf-8"),
                "caption": self.document.caption,
            }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        """Rebuild a stored reply."""
        doc = data.get("document")
        return cls(
            data["text"],
            [(c[0], c[1]) for c in data.get("choices", [])],
            Document(doc["filename"], doc["content"].encode("utf-8"), doc.get("caption", ""))
            if doc
            else None,
            aside=bool(data.get("aside")),
            columns=int(data.get("columns", 1)),
        )


def refused(reply: Reply) -> Reply:
    """Mark the answer to a button press that changed nothing."""
    reply.refused = True
    return reply
