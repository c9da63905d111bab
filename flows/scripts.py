"""Texts built from the user's own answers: the call card, the plan, the thank-you draft.

``Fields`` fills the templates of ``flows/copy.py``: each name is computed only when a
template asks for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flows import copy
from flows import validators as v
from flows.model import FlowModel
from flows.when import format_when

DEFAULT_MINUTES = "20"
# The stages a contact's set-up ends in (its final states): never "under way".
FINISHED_STAGES = frozenset({"thanked", "referred", "closed"})


def identity_phrase(profile: dict[str, Any]) -> str:
    """How the user introduces themself, as a phrase after "I'm"."""
    identity = profile.get("identity") or ""
    return copy.IDENTITY_PHRASES.get(identity, identity or "exploring careers")


def show_time(value: str | None, tz: str | None) -> str:
    """A stored ISO time, as the user reads it."""
    if not value:
        return "(no time yet)"
    return format_when(datetime.fromisoformat(value), tz or "UTC")


def call_card(model: FlowModel, user_name: str = "") -> str:
    """The personal phone script built from the answers, with the fall-backs."""
    a = model.answers
    ctx = model.context
    person = person_name(model)
    me = user_name or "[your name]"
    minutes = a.get("minutes") or DEFAULT_MINUTES
    if a.get("own_script") and model.flags.get("flagged_field") != "own_script":
        opening = a["own_script"]
    else:
        found = a.get("found_name") or "[how you found the name]"
        opening = (
            f"\u201cHello {person}, my name is {me}. I'm {identity_phrase(ctx.profile)}. "
            f"{_sentence(found)} I'm exploring work in {a.get('work_type') or '[the field]'}, "
            f"because {_lower_first(_without_because(a.get('reason') or '[why]'))} Could I ask "
            f"you about your work for {minutes} minutes, at a time that suits you?\u201d"
        )
    return (
        f"Your call card for {person}\n\n"
        f"{opening}\n\n"
        "If they can't meet:\n"
        "\u201cCould we talk for five minutes on the phone instead?\u201d\n\n"
        "If they're still too busy:\n"
        "\u201cIs there someone else doing similar work I could talk to?\u201d\n\n"
        "Either way: thank them, and if you agree on a talk, read back the date, time and place."
    )


def thank_you_draft(model: FlowModel, user_name: str = "") -> str:
    """A short thank-you note; the user's notes are shown beside it to pick a detail from."""
    a = model.answers
    person = person_name(model)
    sign = user_name or "[your name]"
    draft = (
        f"Dear {person},\n\nThank you for taking the time to talk with me about your work in "
        f"{a.get('work_type') or 'your field'}. I especially valued [one thing you learned]. "
        f"It has helped me think about my next steps.\n\nWith thanks,\n{sign}"
    )
    notes = (a.get("notes") or "").strip()
    if notes:
        draft += f"\n\nFrom your notes, to pick that one thing:\n{notes[:600]}"
    return draft


def plan_summary(answers: dict[str, Any], contacts: list[dict[str, Any]]) -> str:
    """The review: the whole plan at a glance."""
    lines = ["Your plan so far:"]
    if answers.get("assessed") == "yes" and answers.get("assessment"):
        lines.append(f"\u2022 Self-assessment: {answers['assessment']}")
    elif answers.get("strengths"):
        lines.append(
            f"\u2022 Strengths: {answers['strengths']}; interests: {answers.get('interests', '-')};"
            f" values: {answers.get('values', '-')}"
        )
    lines.append(f"\u2022 Career goal: {answers.get('career_goal') or '-'}")
    lines.append(f"\u2022 Who you are: {identity_phrase(answers)}")
    orgs = answers.get("organizations") or []
    lines.append(f"\u2022 Organizations: {', '.join(orgs) if orgs else '-'}")
    people = answers.get("people") or []
    names = [
        f"{p['name']} ({copy.RELATION_WORDS.get(p['relation'], p['relation'])})" for p in people
    ]
    lines.append(f"\u2022 People you know: {', '.join(names) if names else '-'}")
    started = [c for c in contacts if c["stage"] != "to_contact" or c.get("started")]
    for head, finished in (("Contacts under way:", False), ("Finished:", True)):
        group = [c for c in started if (c["stage"] in FINISHED_STAGES) == finished]
        if group:
            lines.append(f"\n{head}")
            lines += [f"\u2022 {c['label']}: {copy.STAGE_NAMES[c['stage']]}" for c in group]
    return "\n".join(lines)


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def person_name(model: FlowModel) -> str:
    """The name of the person this set-up is about, or a stand-in."""
    contact = model.context.contact if model.context else {}
    return model.answers.get("person_name") or contact.get("name") or "the person"


def _list_prompt(model: FlowModel, orgs: bool) -> str:
    """The full question the first time; after an addition, a short line with the list."""
    a = model.answers
    if orgs:
        names = list(a.get("organizations") or [])
    else:
        names = [p["name"] for p in a.get("people") or []]
    said = model.flags.get("said")
    so_far = copy.SO_FAR.format(names=", ".join(names)) if names else ""
    if said and names:
        another = copy.ANOTHER_ORG if orgs else copy.ANOTHER_PERSON
        return " ".join(p for p in (said, so_far, another) if p)
    ask = copy.ORGS_ASK if orgs else copy.PEOPLE_ASK
    return "\n\n".join(p for p in (said, ask, so_far) if p)


def _without_because(text: str) -> str:
    words = text.strip().split(" ", 1)
    if len(words) == 2 and words[0].strip(",:").casefold() in ("because", "since", "as"):
        return words[1]
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _lower_first(text: str) -> str:
    text = text.strip()
    first = text.split(" ", 1)[0].rstrip(",.")
    keep = first in ("I", "I'm", "I've", "I'd", "I'll") or first.startswith("I\u2019")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and not keep:
        text = text[0].lower() + text[1:]
    return _sentence(text)


class Fields(dict):
    """Template fields computed on demand from one model."""

    def __init__(self, model: FlowModel, user_name: str = "") -> None:
        super().__init__()
        self.model = model
        self.user_name = user_name

    def __missing__(self, key: str) -> str:
        value = self._compute(key)
        self[key] = value
        return value

    def _compute(self, key: str) -> str:
        m = self.model
        a = m.answers
        ctx = m.context
        contact = ctx.contact if ctx else {}
        profile = ctx.profile if ctx else {}
        if key in ("org_prompt", "people_prompt"):
            return _list_prompt(m, key == "org_prompt")
        if key == "org_names":
            return join_names(a.get("organizations") or []) or "Nothing"
        if key == "people_names":
            return join_names([p["name"] for p in a.get("people") or []]) or "Nobody"
        if key == "relation":
            return copy.RELATION_WORDS.get(a.get("person_kind", "other"), "contact")
        if key == "plan":
            return plan_summary(a, ctx.contacts if ctx else [])
        if key == "contact_hint":
            return "" if ctx and ctx.contacts else "\n\nYou have no contacts yet: add one below."
        if key == "contact_lead":
            started = any(c.get("started") for c in (ctx.contacts if ctx else []))
            if started:
                return (
                    "Which contact will you set up now? Pick a new one, or carry on with one "
                    "under way."
                )
            return (
                "Which contact will you set up now? Tip: start with the one you feel least "
                "nervous about."
            )
        if key == "call_reminder_note":
            # Promise a reminder only while one is set and still ahead (not fired, not
            # cancelled by an outcome logged since).
            at = a.get("call_at")
            ahead = bool(at and ctx and datetime.fromisoformat(at) > ctx.now)
            if ahead and m.flags.get("call_reminder"):
                return copy.CALL_REMINDER_AHEAD.format(when=show_time(at, ctx.tz))
            if at and not a.get("outcome"):
                return copy.CALL_NOT_YET
            return ""
        if key == "meeting_kind_lower":
            return "phone call" if a.get("outcome") == "phone" else "information interview"
        if key == "place_question":
            if a.get("outcome") == "phone":
                return "Which number will you call (or will they call you)? Type it here."
            return "Where? Type the address where you'll meet, or the video link."
        if key == "org":
            return contact.get("org") or "their organization"
        if key == "org_or_their_place":
            return contact.get("org") or "their workplace"
        if key == "identity_phrase":
            return identity_phrase(profile)
        if key == "work":
            return a.get("work_type") or profile.get("career_goal") or "this line of work"
        if key == "person":
            return person_name(m)
        if key == "guard_warning":
            return v.job_ask_warning(m.flags.get("flagged") or [])
        if key == "call_card":
            return call_card(m, self.user_name)
        if key in ("call_at", "meeting_at"):
            return show_time(a.get(key), ctx.tz if ctx else None)
        if key == "referral_names":
            return join_names([r["name"] for r in a.get("referrals", [])]) or "-"
        if key == "meet_or_talk":
            return "talk on the phone" if a.get("outcome") == "phone" else "meet"
        if key == "meeting_kind":
            return "Phone call" if a.get("outcome") == "phone" else "Information interview"
        if key == "place":
            return a.get("place") or "-"
        if key == "minutes":
            return "5" if a.get("outcome") == "phone" else (a.get("minutes") or DEFAULT_MINUTES)
        if key == "thank_you_draft":
            return thank_you_draft(m, self.user_name)
        return str(a[key]) if a.get(key) is not None else "-"
