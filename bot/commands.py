"""The commands a user can send: the engine's own, and those the registered flows own.

``COMMANDS`` lists them with the one-line descriptions shown in menus and /help. A flow's
command (e.g. /plan) brings that flow to the top and fires the trigger its spec names.
"""

from __future__ import annotations

from bot import asks, export, questions, reminders, status, texts
from bot.replies import Document, Reply
from flows import REGISTRY
from flows.spec import Registry

BUILTIN: list[tuple[str, str]] = [
    ("start", "Begin, or pick up where you left off"),
    ("help", "What I can do and how"),
    ("status", "Your plan at a glance"),
    ("back", "Go back one step"),
    ("skip", "Skip an optional step"),
    ("reminders", "List your reminders"),
    ("pause", "Hold all reminders"),
    ("resume", "Turn reminders back on"),
    ("timezone", "Set or change your time zone"),
    ("name", "Change the name on your call cards"),
    ("questions", "Questions to ask, by theme; star your favourites"),
    ("export", "Get everything I keep about you, as files"),
    ("reset", "Erase your plan and start again"),
    ("delete", "Delete everything I keep about you"),
]
CONSOLE_ONLY: list[tuple[str, str]] = [("quit", "Leave the terminal chat")]


def menu(registry: Registry) -> list[tuple[str, str]]:
    """Every command with its description: the engine's, with the flows' after /status."""
    owned = [(name, desc) for spec in registry for name, (_, desc) in spec.commands.items()]
    at = next(i for i, (name, _) in enumerate(BUILTIN) if name == "status") + 1
    return BUILTIN[:at] + owned + BUILTIN[at:]


COMMANDS = menu(REGISTRY)
NAMES = {name for name, _ in COMMANDS}


def run(engine, turn, name: str) -> list[Reply]:
    """Carry out ``/name``."""
    spec = engine.registry.commands.get(name)
    if spec is not None:
        return engine.run_flow_command(turn, spec, spec.commands[name][0])
    handler = _HANDLERS.get(name)
    if handler is None:
        text = texts.UNKNOWN_COMMAND.format(name=name[:30])
        return [Reply(text, engine.choices(turn))]
    return handler(engine, turn)


def _start(engine, turn) -> list[Reply]:
    """Begin, or say welcome back and show the step."""
    model = turn.model
    fresh = turn.spec.root and model.state == turn.flow.initial and not model.history
    if turn.user.is_new or (fresh and not turn.user.overlay):
        return [engine.show(turn)]
    return [engine.current_reply(turn, texts.WELCOME_BACK)]


def _help(engine, turn) -> list[Reply]:
    """What the bot does, and every command."""
    lines = [texts.HELP_HEAD] + [f"/{n} \u2014 {d}" for n, d in menu(engine.registry)]
    return engine.aside(turn, Reply("\n".join(lines)))


def _back(engine, turn) -> list[Reply]:
    """One step back, the earlier answer kept; at the first step, just say so."""
    turn.user.overlay = None
    if not turn.flow.back(turn.model):
        notice = turn.spec.text("at_start", texts.BACK_AT_START)
        return [Reply(notice, engine.choices(turn))]
    kept = turn.flow.kept_answer(turn.flow.step(turn.model), turn.model)
    return engine.after_move(turn, texts.BACK_DONE if kept else texts.BACK_PLAIN)


def _skip(engine, turn) -> list[Reply]:
    """Pass over an optional step."""
    if turn.user.overlay:
        return [engine.current_reply(turn, texts.SKIP_OVERLAY)]
    return engine.after_move(turn, result=turn.flow.skip(turn.model))


def _status(engine, turn) -> list[Reply]:
    """The plan at a glance (with a button per contact), then the step."""
    return engine.aside(turn, status.show(engine, turn))


def _export(engine, turn) -> list[Reply]:
    """Two files: everything stored about the user (JSON) and a readable summary."""
    data = export.build(engine.store.db, engine.registry, turn.user.user_id, turn.now)
    json_name, md_name = export.filenames(turn.user.user_id)
    as_json, as_md = export.to_json(data).encode(), export.markdown(data).encode()
    files = [
        Reply(texts.EXPORT_JSON, document=Document(json_name, as_json, texts.EXPORT_JSON)),
        Reply(texts.EXPORT_MD, document=Document(md_name, as_md, texts.EXPORT_MD)),
    ]
    return files + engine.aside(turn, Reply(texts.EXPORT_DONE))


def _reminders(engine, turn) -> list[Reply]:
    """Pending reminders with their cancel buttons, then the step."""
    user = turn.user
    return engine.aside(
        turn, reminders.listing(engine.store.conn, user.user_id, user.tz, user.paused)
    )


def _pause(engine, turn) -> list[Reply]:
    """Hold every reminder."""
    already, turn.user.paused = turn.user.paused, True
    return engine.aside(turn, Reply(texts.ALREADY_PAUSED if already else texts.PAUSED))


def _resume(engine, turn) -> list[Reply]:
    """Reminders on again (held ones may be due now)."""
    was, turn.user.paused = turn.user.paused, False
    turn.reminders_changed()
    return engine.aside(turn, Reply(texts.RESUMED if was else texts.NOT_PAUSED))


def _questions(engine, turn) -> list[Reply]:
    """The question bank's themes, then the step."""
    return engine.aside(turn, questions.bank(turn))


_HANDLERS = {
    "start": _start,
    "help": _help,
    "back": _back,
    "skip": _skip,
    "status": _status,
    "reminders": _reminders,
    "pause": _pause,
    "resume": _resume,
    "questions": _questions,
    "export": _export,
    "delete": lambda engine, turn: [asks.ask(turn, asks.DELETE)],
    "reset": lambda engine, turn: [asks.ask(turn, asks.RESET)],
    "timezone": lambda engine, turn: [asks.ask(turn, asks.TIMEZONE)],
    "name": lambda engine, turn: [asks.ask(turn, asks.NAME)],
}
