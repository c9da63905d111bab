"""The engine's one-off questions, asked over whatever step is open: time zone, name, reset,
delete.

One is open at a time (``User.overlay``); its buttons are ``o|<question>|<value>``.
"""

from __future__ import annotations

from bot import buttons, texts
from bot.replies import Reply
from bot.storage import User
from flows import validators as v
from flows.when import WhenError, format_when, parse_timezone, zone_label

RESET, TIMEZONE, NAME, DELETE = "reset", "timezone", "name", "delete"
KEEP = "keep"


def needed(engine, turn, notice: str = "") -> Reply | None:
    """A question the step about to be shown needs answered first, or None."""
    step = turn.flow.step(turn.model)
    if step.kind == "when" and not turn.user.tz:
        turn.user.overlay = TIMEZONE
    elif ("name" in turn.spec.needs or step.extra.get("needs_name")) and not turn.user.name:
        turn.user.overlay = NAME
    else:
        return None
    return Reply(_join(notice, prompt(engine, turn)), choices(turn))


def ask(turn, question: str) -> Reply:
    """Open a question on request (/reset, /timezone, /name)."""
    turn.user.overlay = question
    return Reply(prompt(None, turn), choices(turn))


def prompt(engine, turn) -> str:
    """The open question's text."""
    user = turn.user
    if user.overlay == RESET:
        return texts.RESET_ASK
    if user.overlay == DELETE:
        return texts.DELETE_ASK
    if user.overlay == NAME:
        return texts.NAME_CHANGE.format(name=user.name) if user.name else texts.NAME_ASK
    if user.tz:
        return texts.TIMEZONE_CHANGE.format(tz=zone_label(user.tz))
    return texts.TIMEZONE_ASK


def choices(turn) -> list[tuple[str, str]]:
    """The open question's buttons."""
    user = turn.user
    if user.overlay == RESET:
        return [
            (buttons.question(RESET, "yes"), texts.RESET_YES),
            (buttons.question(RESET, "no"), texts.RESET_NO),
        ]
    if user.overlay == DELETE:
        return [
            (buttons.question(DELETE, "yes"), texts.DELETE_YES),
            (buttons.question(DELETE, "no"), texts.DELETE_NO),
        ]
    if user.overlay == TIMEZONE and user.tz:
        label = texts.TIMEZONE_KEEP.format(tz=zone_label(user.tz))
        return [(buttons.question(TIMEZONE, KEEP), label)]
    if user.overlay == NAME and (user.name or user.first_name):
        template = texts.NAME_KEEP if user.name else texts.NAME_USE
        label = template.format(name=(user.name or user.first_name)[:40])
        return [(buttons.question(NAME, KEEP), label)]
    return []


def answer(engine, turn, text: str, pressed: bool = False) -> list[Reply]:
    """The user's answer to the open question."""
    if turn.user.overlay == RESET:
        return _reset(engine, turn, text)
    if turn.user.overlay == DELETE:
        return _delete(engine, turn, text, pressed)
    if turn.user.overlay == NAME:
        return _name(engine, turn, text, pressed)
    return _timezone(engine, turn, text, pressed)


def _timezone(engine, turn, text: str, pressed: bool) -> list[Reply]:
    user = turn.user
    if pressed and text == KEEP and user.tz:
        user.overlay = None
        return [engine.show(turn)]
    try:
        tz = parse_timezone(text)
    except WhenError as err:
        return [Reply(str(err), choices(turn))]
    user.tz, user.overlay = tz, None
    for model in (turn.model, turn.root_model):
        model.context.tz = tz
    local = format_when(turn.now, tz)
    return [engine.show(turn, texts.TIMEZONE_SET.format(tz=zone_label(tz), local=local))]


def _name(engine, turn, text: str, pressed: bool) -> list[Reply]:
    user = turn.user
    if pressed and text == KEEP and (user.name or user.first_name):
        name = user.name or user.first_name
    else:
        try:
            name = v.short_text(text, max_len=60)
        except v.Invalid as err:
            return [Reply(str(err), choices(turn))]
        if not any(ch.isalpha() for ch in name):
            return [Reply(texts.NAME_NEEDS_LETTERS, choices(turn))]
    user.name, user.overlay = name, None
    return [engine.show(turn, texts.NAME_SET.format(name=name))]


def _reset(engine, turn, text: str) -> list[Reply]:
    try:
        yes = text == "yes" or (text != "no" and v.yes_no(text))
    except v.Invalid:
        return [Reply(texts.RESET_ASK, choices(turn))]
    turn.user.overlay = None
    if not yes:
        return [engine.show(turn, texts.RESET_KEPT)]
    engine.restart(turn, User(turn.user.user_id, turn.user.first_name, is_new=True))
    return [engine.show(turn, texts.RESET_DONE)]


def _delete(engine, turn, text: str, pressed: bool) -> list[Reply]:
    """Erase every row about the user once the button says so; a typed "no" keeps it all."""
    if pressed and text == "yes":
        engine.store.delete_user(turn.user.user_id)  # every table with a user_id column
        turn.user.erased = True  # and the engine writes nothing more about them
        return [Reply(texts.DELETE_DONE)]
    try:
        keep = (pressed and text == "no") or not v.yes_no(text)
    except v.Invalid:
        keep = False
    if not keep:
        return [Reply(_join(texts.DELETE_TAP, texts.DELETE_ASK), choices(turn))]
    turn.user.overlay = None
    return [engine.show(turn, texts.DELETE_KEPT)]


def _join(notice: str, text: str) -> str:
    return f"{notice}\n\n{text}" if notice else text
