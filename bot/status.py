"""The /status dashboard: the plan at a glance, one line per contact, one button to open each.

Contacts are sorted by what is due soonest (a planned call, a meeting, a follow-up or a
thank-you note); referrals sit under the contact who gave them. Fifteen contacts make a
page; page buttons step through the rest. Its buttons are ``v|open|<contact>`` (opens the
contact's set-up through the engine's flow stack, as /plan's list does) and
``v|page|<n>``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot import buttons, reminders, texts
from bot.replies import Reply, refused
from bot.storage import Contact
from flows.copy import STAGE_NAMES, TITLES
from flows.effects import FOLLOW_UPS, ReminderKind
from flows.when import short_when

HEAD = texts.STATUS_HEAD
PAGE_SIZE = 15
COLUMNS = 3
BUTTON_NAME = 14  # characters of a contact's name on its button
REMINDER_STEPS = {kind: "follow_up" for kind in FOLLOW_UPS} | {ReminderKind.THANK_YOU: "thank_you"}


@dataclass
class Entry:
    """One contact on the dashboard, with its next dated step and the referrals it gave."""

    contact: Contact
    stage: str
    what: str = ""
    due: datetime | None = None
    children: list[Entry] = field(default_factory=list)
    depth: int = 0

    def soonest(self) -> tuple[int, float, int]:
        """Sort key: dated before undated, soonest first (a referral's date counts for its
        referrer), then oldest contact first."""
        dates = [e.due.timestamp() for e in self.walk() if e.due is not None]
        return (0, min(dates), self.contact.id) if dates else (1, 0.0, self.contact.id)

    def walk(self):
        """This entry and every referral under it."""
        yield self
        for child in self.children:
            yield from child.walk()


def entries(engine, contacts: list[Contact], upcoming: list[dict[str, Any]]) -> list[Entry]:
    """The contacts as a sorted tree, flattened in display order (``depth`` = indent)."""
    flow = engine.registry.contact_flow
    by_id: dict[int, Entry] = {}
    dated_of = flow.next_dated if flow else None
    for c in contacts:
        entry = Entry(c, engine.stage_of(c))
        dated = dated_of(c.state or flow.flow.initial, c.answers) if dated_of else None
        if dated:
            entry.what, entry.due = dated[0], datetime.fromisoformat(dated[1])
        by_id[c.id] = entry
    for item in upcoming:
        entry = by_id.get(item.get("contact_id") or 0)
        what = REMINDER_STEPS.get(item["kind"])
        due = datetime.fromtimestamp(item["due_ts"], UTC)
        if entry is not None and what and (entry.due is None or due < entry.due):
            entry.what, entry.due = what, due
    roots: list[Entry] = []
    for entry in by_id.values():
        parent = by_id.get(entry.contact.referred_by_id or 0)
        if parent is not None and parent is not entry and not _under(parent, entry, by_id):
            parent.children.append(entry)
        else:
            roots.append(entry)
    flat: list[Entry] = []

    def place(level: list[Entry], depth: int) -> None:
        for entry in sorted(level, key=Entry.soonest):
            entry.depth = depth
            flat.append(entry)
            place(entry.children, depth + 1)

    place(roots, 0)
    return flat


def _under(node: Entry, ancestor: Entry, by_id: dict[int, Entry]) -> bool:
    """True when ``node`` is (transitively) referred by ``ancestor`` (no loops in the tree)."""
    seen = set()
    current = node
    while current is not None and current.contact.id not in seen:
        if current is ancestor:
            return True
        seen.add(current.contact.id)
        current = by_id.get(current.contact.referred_by_id or 0)
    return False


def status_reply(
    engine, turn, contacts: list[Contact], upcoming: list[dict[str, Any]], page: int = 0
) -> Reply:
    """The dashboard: preparation, contacts with their next dated step, buttons to open."""
    user = turn.user
    tz = user.tz or "UTC"
    lines = [HEAD, *_preparation(engine, turn)]
    flat = entries(engine, contacts, upcoming)
    choices: list[tuple[str, str]] = []
    if flat:
        counts = Counter(e.stage for e in flat)
        order = list(STAGE_NAMES)
        ranked = sorted(counts, key=lambda s: order.index(s) if s in order else len(order))
        parts = [f"{counts[s]} {STAGE_NAMES.get(s, s)}" for s in ranked]
        lines.append(f"Contacts ({len(flat)}): " + ", ".join(parts) + ".")
        pages = (len(flat) + PAGE_SIZE - 1) // PAGE_SIZE
        page = min(max(page, 0), pages - 1)
        first = page * PAGE_SIZE
        for number, entry in enumerate(flat[first : first + PAGE_SIZE], first + 1):
            lines.append(_line(number, entry, tz, turn.now))
            name = entry.contact.name or entry.contact.org or texts.STATUS_CONTACT
            label = f"{number}. {_clip(name, BUTTON_NAME)}"
            choices.append((buttons.view("open", entry.contact.id), label))
        if pages > 1:
            lines.append(texts.STATUS_PAGE.format(page=page + 1, pages=pages))
            if page > 0:
                choices.append((buttons.view("page", page - 1), texts.STATUS_PREVIOUS))
            if page < pages - 1:
                choices.append((buttons.view("page", page + 1), texts.STATUS_MORE))
        dated = [e for e in flat if e.due is not None and e.due >= turn.now]
        if dated:
            soon = min(dated, key=lambda e: e.due)
            who = soon.contact.name or soon.contact.label
            what = texts.STATUS_NEXT_STEPS.get(soon.what, "{who}").format(who=who)
            when = short_when(soon.due, tz, turn.now)
            lines.append(texts.STATUS_NEXT.format(when=when, what=what))
        else:
            lines.append(texts.STATUS_NEXT_NONE)
    else:
        lines += [texts.STATUS_NO_CONTACTS, texts.STATUS_NEXT_NONE]
    if turn.contact is not None:
        lines.append(texts.STATUS_WORKING_ON.format(label=turn.contact.label))
    if user.paused:
        lines.append(texts.STATUS_PAUSED)
    return Reply("\n".join(lines), choices, columns=COLUMNS)


def _preparation(engine, turn) -> list[str]:
    """Done, or the step reached with the steps done and still open."""
    root = engine.registry.root
    model = turn.root_model
    if not (root.unfinished and root.unfinished(model)) and model.history:
        return [texts.STATUS_PREP_DONE]
    number = root.flow.step(model).number
    titles = TITLES.get(root.name, {})
    done = [titles[n] for n in sorted(titles) if n < number]
    still = [titles[n] for n in sorted(titles) if n >= number]
    lines = [texts.STATUS_PREP_STEP.format(step=number, total=root.flow.total)]
    if done:
        lines.append(texts.STATUS_PREP_DONE_LIST.format(steps=", ".join(done)))
    if still:
        lines.append(texts.STATUS_PREP_OPEN_LIST.format(steps=", ".join(still)))
    return lines


def _line(number: int, entry: Entry, tz: str, now: datetime) -> str:
    indent = ""
    if entry.depth:
        indent = texts.STATUS_INDENT * (entry.depth - 1) + texts.STATUS_REFERRAL_INDENT
    parts = [f"{indent}{number}. {entry.contact.label}", STAGE_NAMES.get(entry.stage, entry.stage)]
    if entry.due is not None:
        parts.append(_step(entry, tz, now))
    return " \u00b7 ".join(parts)


def _step(entry: Entry, tz: str, now: datetime) -> str:
    what = texts.STATUS_STEPS.get(entry.what, entry.what)
    when = short_when(entry.due, tz, now)
    if entry.due < now:
        return texts.STATUS_OVERDUE.format(what=what, when=when)
    return f"{what} {when}"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def show(engine, turn, page: int = 0) -> Reply:
    """The dashboard for the turn's user, with the open contact's unsaved answers."""
    flow = engine.registry.contact_flow
    contacts = engine.store.contacts_of(turn.user.user_id, flow.name if flow else "")
    if turn.contact is not None and turn.spec is flow:  # its latest answers are not saved yet
        for c in contacts:
            if c.id == turn.contact.id:
                c.state, c.answers = turn.model.state, turn.model.answers
    upcoming = reminders.pending_of(engine.store.conn, turn.user.user_id)
    return status_reply(engine, turn, contacts, upcoming, page)


@buttons.handles(buttons.VIEW)
def press(engine, turn, button: buttons.Button) -> list[Reply]:
    """A dashboard button: open a contact's set-up, or show another page."""
    flow = engine.registry.contact_flow
    if button.state == "page" and button.value.isdigit():
        return engine.aside(turn, show(engine, turn, int(button.value)))
    if button.state == "open" and button.value.isdigit() and flow is not None:
        contact = engine.store.load_contact(int(button.value))
        if contact is not None and contact.user_id == turn.user.user_id:
            turn.user.overlay = None
            return engine.push(turn, flow.name, contact.id)
    return [refused(engine.current_reply(turn, texts.NO_SUCH_CONTACT))]
