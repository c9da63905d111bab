"""Texts built from the user's own answers: the call card, the plan, the thank-you draft.

``Fields`` fills the templates of ``flows/copy.py``: each name is computed only when a
template asks for it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from flows import copy, questions
from flows import validators as v
from flows.effects import ReminderKind
from flows.goal import earlier_goals
from flows.model import FlowModel
from flows.when import add_business_days, at_local, format_when, zone

DEFAULT_MINUTES = "20"
# The stages a contact's set-up ends in (its final states): never "under way".
FINISHED_STAGES = frozenset({"thanked", "referred", "closed"})
MESSAGE_MAX_WORDS = 99  # a first message stays under 100 words
CLOSE_RELATIONS = frozenset({"friend", "family"})
NAME_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame"})
CARD_QUESTIONS = 6  # starred questions shown on a call card; the rest are one tap away
FIND_NAME_AFTER_DAYS = 3  # "Not yet" at the switchboard: check in after these business days
FIND_NAME_HOUR = 10  # ... at this hour of the user's morning, when their zone is known


def identity_phrase(profile: dict[str, Any]) -> str:
    """How the user introduces themself, as a phrase after "I'm" (their own words first)."""
    if profile.get("about_me"):
        return profile["about_me"]
    identity = profile.get("identity") or ""
    return copy.IDENTITY_PHRASES.get(identity, identity or "exploring careers")


def default_intro(profile: dict[str, Any]) -> str | None:
    """The line an identity button stands for, offered when the user says it their way."""
    return copy.IDENTITY_PHRASES.get(profile.get("identity") or "")


def first_name(name: str) -> str:
    """How to greet someone: "Sara" for "Sara Lind", "Dr. Lind" for "Dr. Sara Lind"."""
    words = name.split()
    if not words:
        return ""
    if len(words) > 1 and words[0].rstrip(".").casefold() in NAME_TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0]


def _call_reminder_at(m: FlowModel) -> datetime | None:
    """When the call reminder of this contact goes out: as kept by the host, else (a flow
    run without one) the time the flow scheduled it for."""
    ctx = m.context
    if ctx is not None and ctx.waiting is not None:
        return ctx.reminder_at(ReminderKind.CALL)
    at = m.answers.get("call_at")
    return datetime.fromisoformat(at) if at and m.flags.get("call_reminder") else None


def show_time(value: str | None, tz: str | None) -> str:
    """A stored ISO time, as the user reads it."""
    if not value:
        return "(no time yet)"
    return format_when(datetime.fromisoformat(value), tz or "UTC")


def call_card(model: FlowModel, user_name: str = "") -> str:
    """The personal phone script built from the answers: who to dial at the top, the opening,
    the ask, the fall-backs and a voicemail line.

    ``model`` is a contact's set-up model (its context carries the contact and the user's
    profile); ``user_name`` the name the user gives on calls.
    """
    f = _card_fields(model, user_name)
    kind = _contact(model).get("kind")
    if own := _own_script(model):
        body = [copy.CARD_OWN, _quote(own)]
    else:
        opening, ask = _opening_and_ask(model)
        body = [
            copy.CARD_SAY_FIRST,
            _quote(opening.format_map(f)),
            copy.CARD_BAD_TIME,
            "",
            copy.CARD_IF_YES,
            _quote(ask.format_map(f)),
        ]
    voicemail = copy.CARD_VOICEMAIL_KNOWN if kind == "known" else copy.CARD_VOICEMAIL
    return "\n".join(
        [
            card_header(model, copy.CARD_TITLE),
            "",
            *body,
            "",
            copy.CARD_FALLBACKS,
            "",
            voicemail.format_map(f),
            "",
            copy.CARD_CLOSE,
        ]
    ) + _starred_block(model.context.favourites if model.context else [])


def _opening_and_ask(model: FlowModel) -> tuple[str, str]:
    """The card's templates for the first words and the ask, by kind of contact."""
    kind = _contact(model).get("kind")
    if kind == "known":
        ask = copy.CARD_ASK_CLOSE if _is_close(model) else copy.CARD_ASK_KNOWN
        return copy.CARD_OPEN_KNOWN, ask
    opening = copy.CARD_OPEN_REFERRAL if kind == "referral" else copy.CARD_OPEN_ORG
    return opening, copy.CARD_ASK


def opening_script(model: FlowModel, user_name: str = "") -> str:
    """What the user says when the person picks up: their own words, else the card's."""
    if own := _own_script(model):
        return own
    f = _card_fields(model, user_name)
    opening, ask = _opening_and_ask(model)
    return f"{opening.format_map(f)} {ask.format_map(f)}"


def chosen_questions(model: FlowModel) -> tuple[list[str], bool]:
    """The questions for the card file, and whether the user starred them (else a few that
    work in almost any interview)."""
    found = starred(model.context.favourites if model.context else [])
    return (found, True) if found else (list(copy.DEFAULT_QUESTIONS), False)


def call_card_file(model: FlowModel, user_name: str = "") -> str:
    """The card (or message) as a one-page text to keep open: with questions and meeting."""
    a = model.answers
    asked, chosen = chosen_questions(model)
    lines = [contact_card(model, user_name), ""]
    if not chosen:  # starred ones are on the card already
        lines.append(copy.FILE_QUESTIONS_DEFAULT)
        lines += [f"\u2022 {q}" for q in asked]
    lines += ["", copy.FILE_MEETING]
    if a.get("meeting_at"):
        tz = model.context.tz if model.context else None
        phone = a.get("outcome") == "phone"
        lines.append(
            copy.FILE_MEETING_SET.format(
                kind="Phone call" if phone else "Information interview",
                when=show_time(a["meeting_at"], tz),
                place=a.get("place") or "-",
                minutes="5" if phone else a.get("minutes") or DEFAULT_MINUTES,
            )
        )
    else:
        lines.append(copy.FILE_MEETING_NONE)
    return "\n".join(lines) + "\n"


def card_filename(model: FlowModel) -> str:
    """A safe name for the card file, e.g. "call-card-maria-lopez.txt"."""
    plain = unicodedata.normalize("NFKD", person_name(model)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40]
    return f"call-card-{slug or 'contact'}.txt"


def message_text(model: FlowModel, user_name: str = "") -> str:
    """A short first message for e-mail or LinkedIn: the connection first, the ask, no CV."""
    f = _card_fields(model, user_name)
    kind = _contact(model).get("kind")
    if kind == "known" and _is_close(model):
        lead, ask, sign = copy.MESSAGE_OPEN_KNOWN, copy.MESSAGE_ASK_CLOSE, copy.MESSAGE_SIGN_CLOSE
    elif kind == "known":
        lead, ask, sign = copy.MESSAGE_OPEN_KNOWN_FORMAL, copy.MESSAGE_ASK, copy.MESSAGE_SIGN
    else:
        lead, ask, sign = copy.MESSAGE_OPEN_ORG, copy.MESSAGE_ASK, copy.MESSAGE_SIGN
    return "\n\n".join(
        [f"Hi {f['hi']},", lead.format_map(f), ask.format_map(f), sign.format_map(f)]
    )


def message_card(model: FlowModel, user_name: str = "") -> str:
    """The message to copy, with its subject line, its length and a few words of advice."""
    f = _card_fields(model, user_name)
    contact = _contact(model)
    if contact.get("kind") == "known":
        subject = copy.MESSAGE_SUBJECT_KNOWN
    elif contact.get("kind") == "referral" and contact.get("referred_by"):
        subject = copy.MESSAGE_SUBJECT_REFERRAL
    else:
        subject = copy.MESSAGE_SUBJECT_ORG
    text = message_text(model, user_name)
    words = len(text.split())
    count = copy.MESSAGE_COUNT if words <= MESSAGE_MAX_WORDS else copy.MESSAGE_TOO_LONG
    return "\n".join(
        [
            card_header(model, copy.MESSAGE_TITLE, dial=False),
            copy.MESSAGE_FOR.format(subject=subject.format_map(f)),
            "",
            _quote(text),
            "",
            f"{count.format(words=words)} {copy.MESSAGE_TIPS}",
        ]
    )


def contact_card(model: FlowModel, user_name: str = "") -> str:
    """The call card, or the message for a user who chose to write."""
    if model.answers.get("channel") == "message":
        return message_card(model, user_name)
    return call_card(model, user_name)


def card_header(model: FlowModel, title: str, dial: bool = True) -> str:
    """Who this is, what they do or are to you, and the number to dial."""
    a = model.answers
    contact = _contact(model)
    lines = [title.format(person=person_name(model))]
    if contact.get("kind") == "known":
        role = copy.RELATION_TO_YOU.get(contact.get("relation") or "other", "")
    else:
        role = ", ".join(p for p in (a.get("person_title"), contact.get("org")) if p)
        if contact.get("referred_by"):
            sent_by = copy.CARD_SUGGESTED_BY.format(name=contact["referred_by"])
            role = ", ".join(p for p in (role, sent_by) if p)
    if role:
        lines.append(role[0].upper() + role[1:])
    phone = a.get("person_phone") or contact.get("phone")
    if dial:
        lines.append(copy.CARD_DIAL.format(phone=phone) if phone else copy.CARD_NO_NUMBER)
    return "\n".join(lines)


def checklist(person: str, org: str | None, minutes: int | str | None) -> str:
    """What to do before an interview or a call, for the reminder and the confirmation."""
    research = copy.CHECKLIST_RESEARCH_ORG if org else copy.CHECKLIST_RESEARCH
    length = copy.CHECKLIST_MINUTES.format(minutes=minutes) if minutes else copy.CHECKLIST_TIME
    return copy.CHECKLIST.format(research=research.format(person=person, org=org), minutes=length)


def _contact(model: FlowModel) -> dict[str, Any]:
    return model.context.contact if model.context else {}


def _is_close(model: FlowModel) -> bool:
    """Family and friends: first names and a relaxed tone."""
    contact = _contact(model)
    return contact.get("kind") == "known" and contact.get("relation") in CLOSE_RELATIONS


def _own_script(model: FlowModel) -> str | None:
    own = model.answers.get("own_script")
    return own if own and model.flags.get("flagged_field") != "own_script" else None


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _card_fields(model: FlowModel, user_name: str) -> dict[str, str]:
    """What the card and message templates are filled with."""
    a = model.answers
    ctx = model.context
    contact = _contact(model)
    profile = ctx.profile if ctx else {}
    real_name = a.get("person_name") or contact.get("name") or ""
    me = user_name or "[your name]"
    found = a.get("found_name")
    if not found and contact.get("referred_by"):
        found = f"{contact['referred_by']} suggested I talk to you"
    return {
        "hi": first_name(real_name) or "there",
        "me": (first_name(user_name) or me) if _is_close(model) else me,
        "about": identity_phrase(profile),
        "found": _sentence(found or "[how you found the name]"),
        "work": a.get("work_type") or "[the field]",
        "why": _lower_first(_without_because(a.get("reason") or "[why]")),
        "minutes": str(a.get("minutes") or DEFAULT_MINUTES),
        "my_phone": profile.get("my_phone") or copy.CARD_NO_PHONE,
        "again": _call_again(model),
        "referrer": contact.get("referred_by") or "",
    }


def find_name_check_in(ctx) -> datetime:
    """When to check in after "Not yet" at the switchboard: some working days on, at ten in
    the user's morning. With their zone unknown, at the time of day they are here now (what
    the bot knows of their day, as the idle nudge comes two days after the last answer);
    the step then says so in those words, not as a clock time of theirs."""
    if ctx.tz:
        day = add_business_days(ctx.now, FIND_NAME_AFTER_DAYS, ctx.tz)
        return at_local(day, ctx.tz, FIND_NAME_HOUR)
    return add_business_days(ctx.now, FIND_NAME_AFTER_DAYS, "UTC")


def _call_again(model: FlowModel) -> str:
    """When the voicemail says you'll try again: two working days after the planned call."""
    ctx = model.context
    at = model.answers.get("call_at")
    if not at or ctx is None:
        return copy.CARD_AGAIN_SOON
    tz = ctx.tz or "UTC"
    later = add_business_days(datetime.fromisoformat(at), 2, tz)
    return copy.CARD_AGAIN_ON.format(day=later.astimezone(zone(tz)).strftime("%A"))


def starred(ids: list[str]) -> list[str]:
    """The texts of the starred questions, in the bank's order (unknown ids left out)."""
    known = [i for i in ids if i in questions.BY_ID]
    return [questions.BY_ID[i] for i in sorted(known, key=questions.ORDER.__getitem__)]


def _starred_block(ids: list[str]) -> str:
    texts = starred(ids)
    if not texts:
        return ""
    lines = [f"\u2022 {text}" for text in texts[:CARD_QUESTIONS]]
    if len(texts) > CARD_QUESTIONS:
        lines.append(questions.CARD_MORE.format(count=len(texts) - CARD_QUESTIONS))
    return "\n\n" + questions.CARD_HEAD + "\n" + "\n".join(lines)


def greeting_name(model: FlowModel) -> str:
    """The first name to greet the person by (a stand-in while nobody is named)."""
    contact = model.context.contact if model.context else {}
    name = model.answers.get("person_name") or contact.get("name") or ""
    return first_name(name) or "[their name]"


def thank_you_draft(model: FlowModel, user_name: str = "") -> str:
    """A short thank-you note by first name, thanking for any names they gave; what the user
    learned (from the debrief, else the notes) is shown beside it to pick a detail from."""
    a = model.answers
    sign = user_name or "[your name]"
    work = a.get("work_type") or "your field"
    if a.get("outcome") == "phone":
        opening = f"Thank you for the five minutes on the phone about your work in {work}."
    else:
        opening = f"Thank you for taking the time to talk with me about your work in {work}."
    names = a.get("names_added") or []
    also = (
        f" Thank you too for suggesting I talk to {join_names(names)}; I'll get in touch soon."
        if names
        else ""
    )
    draft = (
        f"Dear {greeting_name(model)},\n\n{opening} I especially valued [one thing you "
        f"learned].{also} It has helped me think about my next steps.\n\nWith thanks,\n{sign}"
    )
    learned = (a.get("learned") or "").strip()
    notes = (a.get("notes") or "").strip()
    if learned:
        draft += f"\n\nFrom your debrief, to pick that one thing:\n{learned[:600]}"
    elif notes:
        draft += f"\n\nFrom your notes, to pick that one thing:\n{notes[:600]}"
    return draft


def referral_thank_you(model: FlowModel, user_name: str = "") -> str:
    """A note after a call that ended with names instead of a meeting."""
    names = join_names([r["name"] for r in model.answers.get("referrals", [])]) or "them"
    return (
        f"Hi {greeting_name(model)},\n\nThank you for taking my call, and for suggesting I talk "
        f"to {names}. I'll let you know how I get on.\n\nBest wishes,\n{user_name or '[your name]'}"
    )


def stay_in_touch_draft(model: FlowModel, user_name: str = "") -> str:
    """A few lines for the stay-in-touch note, weeks after the talk."""
    a = model.answers
    first = greeting_name(model)
    work = a.get("work_type") or "your work"
    text = (
        f"A few lines you could send {first}:\n\n\u201cHi {first}, a few weeks ago you told me "
        f"about {work}. I wanted to let you know what I did with your advice: [what you did, "
        f"e.g. a course, a person you met, a decision]. Thank you again.\n\n"
        f"{user_name or '[your name]'}\u201d"
    )
    noted = (a.get("learned") or a.get("notes") or "").strip()
    if noted:
        text += f"\n\nWhat you noted back then: \u201c{noted[:300]}\u201d"
    return text


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
    earlier = earlier_goals(answers)
    if earlier:
        lines.append(f"  {copy.GOAL_EARLIER.format(goals=earlier)}")
    lines.append(f"\u2022 Who you are: {identity_phrase(answers)}")
    if answers.get("my_phone"):
        lines.append(f"\u2022 Your number: {answers['my_phone']}")
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
        own = m.text_field(key, self.user_name)
        if own is not None:
            return own
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
            # Promise a reminder only while one really waits and is still ahead: not sent,
            # not cancelled (by an outcome logged since, or from /reminders), at the time it
            # waits for (snoozed or not).
            at = a.get("call_at")
            done = copy.CALL_NOTE_DONE["message" if a.get("channel") == "message" else "call"]
            due = _call_reminder_at(m)
            if due is not None and ctx and due > ctx.now:
                return copy.CALL_REMINDER_AHEAD.format(
                    done=done, when=show_time(due.isoformat(), ctx.tz)
                )
            if at and not a.get("outcome"):
                return copy.CALL_NOT_YET.format(done=done)
            return ""
        if key == "find_name_at":
            at = m.flags.get("find_name_at")
            if not at:
                return copy.FIND_NAME_SOON
            if not (ctx and ctx.tz):  # no weekday or hour that would pretend to be theirs
                return copy.FIND_NAME_UNZONED.format(days=FIND_NAME_AFTER_DAYS)
            day = datetime.fromisoformat(at).astimezone(zone(ctx.tz))
            return copy.FIND_NAME_ON.format(day=day.strftime("%A"))
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
        if key == "message_card":
            return message_card(m, self.user_name)
        if key == "checklist":
            return checklist(person_name(m), contact.get("org"), self["minutes"])
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
        if key == "referral_thank_you":
            return referral_thank_you(m, self.user_name)
        if key == "thank_you_draft":
            return thank_you_draft(m, self.user_name)
        return str(a[key]) if a.get(key) is not None else "-"
