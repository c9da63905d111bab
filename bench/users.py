"""Simulated phone users for the throughput benchmark: each reads the messages the bot sent
it for its last input and answers the step it is at, the way a person on a phone would.

A user taps a button the bot really sent (the callback data of the keyboard it received) or,
at a step that asks for words, types them. Where a step offers buttons, the user taps one as
long as that keeps its presses at or under ``PRESS_SHARE`` of its inputs, and otherwise types
the button's label (the bot accepts typed labels), so the mix is 40% presses / 60% text.

The step is read off the message: from the callback data of its buttons (``p|state|value``,
``s|contact|state|value``) or, for a question with no buttons, from the text of the prompt
(``flows.copy.PROMPTS``). A user is deterministic: the same messages give the same input,
so an in-process replay against the engine predicts the whole run (``bench.common``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

PRESS_SHARE = 0.4

STRENGTHS = [
    "Listening, writing clearly",
    "Explaining things simply, patience",
    "Organising events and people",
    "Data analysis and Excel",
    "Drawing, layout, an eye for detail",
]
INTERESTS = ["Health tech and design", "How cities plan transport", "Climate and energy"]
VALUES = ["Autonomy and learning", "Helping people directly", "Creativity and variety"]
GOALS = ["UX research in health care", "Urban planning", "Energy policy", "Food science"]
ORGS = [
    "Acme Health",
    "Globex Medical",
    "Initech Labs",
    "City Transit Authority",
    "Green Grid Co",
    "FreshFoods Ltd",
    "National Archive",
]
PEOPLE = ["Maria Lopez", "Tom Jones", "Priya Shah", "Ahmed Karimi", "Lena Vogel", "Sam Wu"]
TITLES = ["Lead UX Researcher", "Senior Planner", "Policy Advisor", "Head of Quality"]
PHONES = ["+44 20 7946 0958", "+1 212 555 0147", "030 1234 5678"]
REASONS = [
    "I like finding out what people need and want to see how research shapes a product.",
    "I care about how places work for the people in them.",
]
FOUND = ["My professor suggested her", "The switchboard gave me the name"]
PLACES = ["Their office, 2nd floor", "Cafe Central, Main Street", "A video call"]
NOTES = ["Learned a lot about the day-to-day; she suggested a course.", "Useful talk."]
ZONES = ["Berlin", "London", "New York", "UTC+2"]
WHEN_CALL = ["tomorrow 3pm", "next Tue 10:30", "next Wed 11:00"]
WHEN_MEET = ["next Thu 14:00", "in 9 days at 10am", "next Fri 9:30"]

# What to tap (or type the label of) at a step with buttons, by state: the first value found.
CHOICES = {
    "welcome": ["go"],
    "self_check": ["no"],
    "identity": [],  # the first option
    "review": ["choose"],
    "edit_menu": ["cancel"],
    "switchboard": ["got_name"],
    "reason_check": ["as_is"],
    "script_check": ["as_is"],
    "duration": ["20", "30"],
    "call_card": ["ready"],
    "call_when_confirm": ["yes"],
    "outcome": ["meet"],
    "no_answer": ["retry"],
    "referral_more": ["done"],
    "referral_thanks": ["ok"],
    "regret": ["ok"],
    "meeting_confirm": ["yes"],
    "meeting_set": ["happened"],
    "happened_early": ["yes"],
    "thank_you": ["sent"],
    "done": ["next"],
    "closed": ["next"],
    "clear_orgs": ["no"],
    "clear_people": ["no"],
}
_DATA = re.compile(r"^(?:p\|(?P<p>[a-z_]+)\||s\|\d+\|(?P<s>[a-z_]+)\||o\|(?P<o>[a-z_]+)\|)")


def _prompt_markers() -> list[tuple[str, str]]:
    """(the longest fixed piece of a step's prompt, state), longest first."""
    from flows.copy import PROMPTS

    found = []
    for state, template in PROMPTS.items():
        pieces = [p.strip() for p in re.split(r"\{[a-z_]+\}", template)]
        best = max(pieces, key=len)
        if len(best) >= 12:
            found.append((best, state))
    found += [
        ("What's your ", "people_name"),
        ("which time zone are you in", "timezone"),
        ("Type the address where you'll meet", "meeting_place"),
        ("Which number will you call", "meeting_place"),
        ("Which organizations interest you", "organizations"),
    ]
    return sorted(found, key=lambda f: -len(f[0]))


_MARKERS: list[tuple[str, str]] | None = None


def state_of(message: dict[str, Any]) -> str | None:
    """The step a message asks about: from its buttons' data, else from its text."""
    global _MARKERS
    for _, data in message.get("buttons", ()):
        m = _DATA.match(data or "")
        if m:
            return m.group("p") or m.group("s") or m.group("o")
    if _MARKERS is None:
        _MARKERS = _prompt_markers()
    text = message.get("text") or ""
    for marker, state in _MARKERS:
        if marker in text:
            return state
    return None


@dataclass
class SimUser:
    """One phone user with a budget of inputs; ``next_input`` is all the bot sees of it."""

    uid: int
    name: str
    budget: int
    seed: int
    rng: random.Random = field(init=False)
    inputs: int = 0
    presses: int = 0
    orgs: int = 0
    people: int = 0
    unknown: int = 0
    picked: list[str] = field(default_factory=list)
    last_state: str | None = None

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed * 1_000_003 + self.uid)

    def next_input(self, messages: list[dict[str, Any]]) -> tuple[str, str, dict | None] | None:
        """``messages``: what the bot sent for the last input, in order, each
        ``{"text", "buttons": [(label, data)], ...}``. Returns ``("t", text, None)``,
        ``("b", data, message_pressed_on)`` or None when the budget is used up."""
        if self.inputs >= self.budget:
            return None
        self.inputs += 1
        if not messages:
            return ("t", "/start", None)
        last = messages[-1]
        for msg in reversed(messages):  # the question is on the last message with buttons
            if msg.get("buttons"):
                last = msg
                break
        state = state_of(last)
        if state is None:  # e.g. "that doesn't look like a phone number": same step again
            state = self.last_state
        self.last_state = state
        buttons = [(lbl, d) for lbl, d in last.get("buttons", ()) if d]
        text = self._text_for(state)
        if text is not None:
            return ("t", text, None)
        pick = self._pick(state, buttons)
        if pick is None:
            self.unknown += 1
            return ("t", "Not sure yet", None)
        label, data = pick
        if self.presses < PRESS_SHARE * self.inputs:
            self.presses += 1
            return ("b", data, last)
        for prefix in ("Keep: ", "Use: "):  # typing a prefilled answer: the answer itself
            if label.startswith(prefix) and not label.endswith("\u2026"):
                label = label[len(prefix) :]
        return ("t", label, None)

    def _text_for(self, state: str | None) -> str | None:
        r = self.rng
        if state == "organizations":
            if self.orgs < 3:
                self.orgs += 1
                return ORGS[(self.uid + self.orgs) % len(ORGS)]
            return None  # Done
        if state == "people_kind":
            return None
        simple = {
            "assess_summary": STRENGTHS,
            "assess_strengths": STRENGTHS,
            "assess_interests": INTERESTS,
            "assess_values": VALUES,
            "career_goal": GOALS,
            "identity_other": ["A biology graduate"],
            "people_name": PEOPLE,
            "person_name": PEOPLE,
            "person_title": TITLES,
            "person_phone": PHONES,
            "work_type": GOALS,
            "reason": REASONS,
            "found_name": FOUND,
            "own_script": REASONS,
            "call_when": WHEN_CALL,
            "referral_name": PEOPLE,
            "referral_phone": PHONES,
            "meeting_when": WHEN_MEET,
            "meeting_place": PLACES,
            "timezone": ZONES,
            "my_phone": PHONES,
            "known_phone": PHONES,
            "intro": ["A third-year biology student"],
            "notes": NOTES,
        }
        options = simple.get(state or "")
        if options is None and state and "phone" in state:
            options = PHONES
        return r.choice(options) if options else None

    def _pick(self, state: str | None, buttons: list[tuple[str, str]]) -> tuple[str, str] | None:
        if not buttons:
            return None
        values = {d.rsplit("|", 1)[-1]: (lbl, d) for lbl, d in buttons}
        if state == "organizations":
            return values.get("done")
        if state == "people_kind":
            if self.people < 1:
                self.people += 1
                kinds = [b for b in buttons if b[1].rsplit("|", 1)[-1] not in ("done", "clear")]
                return self.rng.choice(kinds) if kinds else values.get("done")
            return values.get("done")
        if state == "choose_contact":
            ids = [b for b in buttons if b[1].rsplit("|", 1)[-1].isdigit()]
            fresh = [b for b in ids if b[1] not in self.picked]  # the next contact not yet set up
            if fresh:
                self.picked.append(fresh[0][1])
                return fresh[0]
            return ids[0] if ids else buttons[0]
        for value in CHOICES.get(state or "", []):
            if value in values:
                return values[value]
        return buttons[0]


def as_message(text: str, choices: list[tuple[str, str]], message_id: int = 0) -> dict:
    """A reply as the user sees it (engine ``Reply`` choices are ``(data, label)``)."""
    return {
        "message_id": message_id,
        "text": text,
        "buttons": [(lbl, d) for d, lbl in choices],
    }
