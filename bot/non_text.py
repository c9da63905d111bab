"""Input that is not typed text: photos, stickers, voice and the like, and contact cards."""

from __future__ import annotations

from bot import texts
from bot.replies import Input, Reply

TEXT_KINDS = {"text", "list", "when"}  # step kinds answered by typing


def media(engine, turn, kind: str) -> list[Reply]:
    """Say what was received, that it is not read, and what the step wants instead."""
    what = texts.MEDIA.get(kind, "that kind of message")
    step = turn.flow.step(turn.model)
    wanted = texts.WANTS_TEXT
    if not turn.user.overlay and step.kind not in TEXT_KINDS:
        wanted = texts.WANTS_BUTTON
    if kind == "contact" and step.extra.get("card") and not turn.user.overlay:
        wanted = texts.WANTS_CONTACT_CARD
    return [Reply(texts.MEDIA_ANSWER.format(what=what, wanted=wanted), engine.choices(turn))]


def contact_card(engine, turn, inp: Input) -> list[Reply]:
    """A shared contact card answers a step that asks for a name or a number."""
    got = None if turn.user.overlay else turn.flow.answer_card(turn.model, inp.name, inp.phone)
    if got is None:
        return media(engine, turn, "contact")
    result, used = got
    notice = "" if result.error else texts.CONTACT_CARD_USED.format(what=texts.CARD_PARTS[used])
    return engine.after_move(turn, notice, result)
