"""Rule-based checks of what the user says in a rehearsed call.

Each check reads one typed text and returns the parts the source teaches, each ``ok``,
``weak`` (there, but not quite) or ``missing``, with a one-line note for anything not ok
(the notes live in ``flows/practice_copy.py``). No model, no network: plain patterns,
tolerant of contractions, curly quotes and either spelling of common words.

The job-ask guard is ``flows.validators.job_ask_reasons``, whatever stands behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from flows import practice_copy as pc
from flows import validators as v

Status = Literal["ok", "weak", "missing"]


@dataclass(frozen=True)
class Part:
    """One part of a rehearsed line and how it went."""

    key: str
    status: Status
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _norm(text: str) -> str:
    text = v.clean_text(text, multiline=True).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def _ok(key: str) -> Part:
    return Part(key, "ok")


def _missing(key: str) -> Part:
    return Part(key, "missing", pc.MISSING[key])


def _weak(key: str, note: str | None = None) -> Part:
    return Part(key, "weak", note or pc.WEAK[key])


def _words(text: str | None) -> list[str]:
    """The words of a persona's phrase worth looking for (4 letters or more)."""
    return [
        w for w in re.findall(r"[A-Za-z\u00c0-\u024f]{4,}", text or "") if w.lower() not in _FILLER
    ]


_FILLER = {"work", "with", "that", "this", "about", "their", "from", "into", "your", "what"}


def _mentions_any(text: str, words: list[str]) -> bool:
    lowered = text.casefold()
    return any(re.search(rf"\b{re.escape(w.casefold())}", lowered) for w in words)


def no_job_ask(text: str) -> Part:
    """The guard: nothing in the text asks for a job."""
    found = v.job_ask_reasons(text)
    if not found:
        return _ok("no_job")
    quoted = ", ".join(f"\u201c{p}\u201d" for p in found[:3])
    return Part("no_job", "missing", pc.JOB_ASK_NOTE.format(phrases=quoted))


# -- the opening -----------------------------------------------------------------------------

_NAME_RE = (
    r"(?i:\b(my name is|my name's|name's|this is|it's|i'm|i am)\s+"
    r"(?!a\b|an\b|the\b|calling\b|ringing\b|phoning\b|exploring\b|interested\b|curious\b"
    r"|looking\b|hoping\b|currently\b|studying\b|working\b|thinking\b|getting\b|trying\b"
    r"|really\b|so\b|very\b|just\b|not\b|in\b|at\b|on\b|from\b|with\b|sorry\b|here\b))"
    r"[A-Z\u00c0-\u024f][\w'\-]+"
)
_ROLE_RE = (
    r"\b(student|graduate|grad|undergrad\w*|postgrad\w*|phd|studying|study\b|final[- ]year"
    r"|\w+[- ]year\b|major(ing)? in|degree|career[- ]chang\w*|chang(e|ing) careers?"
    r"|switch\w* (careers?|fields?)|moving (into|from|out of)|returning to work|back to work"
    r"|after a break|i work (as|in|at|for)|i'm working|i am working|i've worked|i have worked"
    r"|years? (as|in)\b|retrain\w*|apprentice\w*|trainee|volunteer\w*|teacher|nurse|engineer"
    r"|accountant|developer|designer|analyst|manager|assistant|parent|veteran)"
)


def check_who(text: str, user_name: str = "") -> Part:
    """Who you are: your name and a word about yourself (student, changing careers, ...)."""
    named = re.search(_NAME_RE, text) is not None or re.search(
        r"\b(my name is|my name's)\b", text, re.IGNORECASE
    )
    first = user_name.split()[0] if user_name.strip() else ""
    if first and len(first) > 1 and _mentions_any(text, [first]):
        named = True
    role = _has(_ROLE_RE, text)
    if named and role:
        return _ok("who")
    if named:
        return _weak("who", pc.WHO_NO_ROLE)
    if role:
        return _weak("who", pc.WHO_NO_NAME)
    return _missing("who")


_FOUND_RE = (
    r"(gave me your (name|number|details)|got your (name|number|details)|found your (name|profile"
    r"|details|number)|your name (from|through|via|on|at)|(suggested|recommended|said) (that )?"
    r"(i|we) (should )?(call|contact|talk|speak|reach|get in touch|ring|phone)|suggested (i|that i)"
    r"|recommended (you|speaking|talking|i)|passed (on )?your|pointed me (to|towards) you"
    r"|referred me to you|sent me (to|your way)|told me (about you|to (call|contact|ring))"
    r"|mentioned you|put me (through|in touch)|(saw|read|heard|watched|found) (you|your)"
    r"|on linkedin|via linkedin|through linkedin|alumni|your (website|profile|talk|article|post"
    r"|blog|podcast|team page|staff page|bio)|front desk|reception|switchboard|main number"
    r"|we (met|know each other)|you (taught|spoke|gave a talk)|mutual|through (a |my |our )?\w+"
    r"|my (professor|tutor|lecturer|teacher|friend|colleague|manager|mentor|aunt|uncle|cousin"
    r"|mother|father|mum|mom|dad|sister|brother|neighbou?r) \w+|a friend of)"
)


def check_found(text: str, persona: dict[str, Any]) -> Part:
    """How you found their name."""
    if _has(_FOUND_RE, text):
        return _ok("found")
    referrer = _words(persona.get("referred_by"))
    if referrer and _mentions_any(text, referrer):
        return _ok("found")
    return _missing("found")


_WORK_SPECIFIC_RE = (
    r"\b(exploring|explore|career in|careers in|work in|working in|field of|move into|moving into"
    r"|get into|getting into|interested in|curious about|learn(ing)? (more )?about"
    r"|find(ing)? out (more )?about|know more about|hear (more )?about|understand)\s+"
    r"(?!your\b|you\b|what\b|how\b|the work\b|it\b|this\b|that\b|more\b|about\b|a bit\b)\w{2,}"
)
_WORK_GENERIC_RE = (
    r"\b(your work|your role|what you do|your field|your career|your line of work|the work you do"
    r"|your day|your path)\b"
)


def check_work(text: str, persona: dict[str, Any]) -> Part:
    """The type of work you want to learn about, named."""
    if _mentions_any(text, _words(persona.get("work"))) or _has(_WORK_SPECIFIC_RE, text):
        return _ok("work")
    if _has(_WORK_GENERIC_RE, text):
        return _weak("work")
    return _missing("work")


_WHY_RE = (
    r"\b(because|since i|since my|as i|so that|so i can|that's why|which is why|the reason"
    r"|i love|i'd love to understand|i enjoy|i enjoyed|i like|i've always|i have always"
    r"|fascinat\w*|passion\w*|excit\w*|drawn to|appeals? to me|matters? to me|i care"
    r"|interests? me|i want to (understand|know|see|decide|learn)|i'd like to (understand|know|see"
    r"|decide)|deciding|to decide|to help me|my goal|i'm weighing|before i (commit|choose|decide))"
)


def check_why(text: str) -> Part:
    """Why that work interests you."""
    return _ok("why") if _has(_WHY_RE, text) else _missing("why")


_NUMBER_WORDS = {
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "twenty five": 25,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "sixty": 60,
    "ninety": 90,
}
_MINUTES_RE = re.compile(
    r"\b(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*(?:-|\u2013|to|or)\s*(\d{1,3}|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r"))?\s*(?:min\b|mins\b|minutes?\b)",
    re.IGNORECASE,
)


def _minutes(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


def asked_minutes(text: str) -> list[int]:
    """Every length of time asked for, in minutes ("20 to 30 minutes" gives 20 and 30)."""
    found: list[int] = []
    for match in _MINUTES_RE.finditer(text):
        found.append(_minutes(match.group(1)))
        if match.group(2):
            found.append(_minutes(match.group(2)))
    lowered = text.casefold()
    if re.search(r"\bhalf an hour\b|\bhalf-hour\b|\bhalf hour\b", lowered):
        found.append(30)
    elif re.search(r"\b(an|one|1) hour\b|\b(two|2) hours\b", lowered):
        found.append(60)
    if re.search(r"\bquarter of an hour\b", lowered):
        found.append(15)
    return found


def check_time(text: str) -> Part:
    """How long: 20 to 30 minutes."""
    minutes = asked_minutes(text)
    if minutes and all(20 <= m <= 30 for m in minutes):
        return _ok("time")
    if minutes:
        worst = max(minutes) if max(minutes) > 30 else min(minutes)
        template = pc.TIME_TOO_LONG if worst > 30 else pc.TIME_TOO_SHORT
        return _weak("time", template.format(minutes=worst))
    if _has(
        r"\b(a few|a couple of|some|a little|a bit of|a short|a quick|brief)\b.{0,20}"
        r"\b(minutes?|time|chat|talk|call)\b",
        text,
    ):
        return _weak("time")
    return _missing("time")


OPENING_PARTS = ("who", "found", "work", "why", "time", "no_job")


def check_opening(text: str, persona: dict[str, Any], user_name: str = "") -> list[Part]:
    """The six parts of a good opening, in the order the card teaches them."""
    text = _norm(text)
    return [
        check_who(text, user_name),
        check_found(text, persona),
        check_work(text, persona),
        check_why(text),
        check_time(text),
        no_job_ask(text),
    ]


# -- the switchboard -------------------------------------------------------------------------

SWITCHBOARD_PARTS = ("who_does", "name", "title", "phone", "no_job")


def check_switchboard(text: str) -> list[Part]:
    """At the main number: who does the work, and their name, title and phone."""
    text = _norm(text)
    who = _has(
        r"\b(who|whom|which person|the (right )?person|someone|somebody|anyone|anybody"
        r"|right contact|in charge of|responsible for|handles?)\b",
        text,
    )
    return [
        _ok("who_does") if who else _missing("who_does"),
        _ok("name") if _has(r"\bnames?\b", text) else _missing("name"),
        _ok("title")
        if _has(r"\b(title|position|role|what they do there)\b", text)
        else _missing("title"),
        _ok("phone")
        if _has(r"\b(phone|number|direct line|line|extension|ext|reach (him|her|them))\b", text)
        else _missing("phone"),
        no_job_ask(text),
    ]


# -- the replies to each answer --------------------------------------------------------------

_THANKS_RE = r"\b(thank|thanks|thankyou|appreciate|grateful|cheers|many thanks|ta)\b"
_DAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs"
    r"|fri|sat|sun"
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_RE = (
    rf"\b({_DAYS}|{_MONTHS}|tomorrow|today|tonight|next week|\d{{1,2}}(st|nd|rd|th)"
    r"|\d{1,2}[./]\d{1,2})\b"
)
_TIME_RE = (
    r"(\b\d{1,2}([:.]\d{2})?\s*(am|pm|a\.m\.|p\.m\.|o'clock|h)\b|\b\d{1,2}[:.]\d{2}\b"
    r"|\bat (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"|\b(noon|midday|half past|quarter past|quarter to)\b)"
)
_PLACE_RE = (
    r"\b(office|address|street|st|road|rd|avenue|ave|lane|square|building|floor|room|caf[e\u00e9]"
    r"|coffee|zoom|teams|meet|video|link|by phone|on the phone|reception|lobby|location|there"
    r"|place|campus|site|hq|headquarters|studio|lab)\b"
)


def _reply_parts(keys: list[tuple[str, bool]], text: str) -> list[Part]:
    parts = [_ok(k) if good else _missing(k) for k, good in keys]
    return [*parts, no_job_ask(text)]


def check_yes(text: str, persona: dict[str, Any]) -> list[Part]:
    """They agreed: thank them, and read back date, time and place."""
    place = _has(_PLACE_RE, text) or _mentions_any(text, _words(persona.get("place")))
    day = _has(_DATE_RE, text) or _mentions_any(text, _words(persona.get("day")))
    return _reply_parts(
        [
            ("thanks", _has(_THANKS_RE, text)),
            ("date", day),
            ("time", _has(_TIME_RE, text)),
            ("place", place),
        ],
        text,
    )


_ACCEPT_RE = (
    r"\b(yes|yeah|yep|sure|great|perfect|that works|works for me|happy to|that would be|that'd be"
    r"|wonderful|of course|absolutely|brilliant|lovely|ok|okay|fine|please|gladly|fantastic"
    r"|that's kind|thank|thanks|appreciate)\b"
)
_QUESTION_WORDS_RE = (
    r"(^|[.!]\s*)(what|how|which|why|where|who|when|could|would|can|do|does|is|are)\b"
)


def check_five(text: str) -> list[Part]:
    """Only five minutes: accept, and ask the one question that matters most."""
    questions = text.count("?")
    asked = questions > 0 or _has(_QUESTION_WORDS_RE, text)
    parts = [_ok("accept") if _has(_ACCEPT_RE, text) else _missing("accept")]
    if not asked:
        parts.append(_missing("one_question"))
    elif questions > 1:
        parts.append(_weak("one_question"))
    else:
        parts.append(_ok("one_question"))
    return [*parts, no_job_ask(text)]


def check_referral(text: str, persona: dict[str, Any]) -> list[Part]:
    """Too busy, try someone else: take the name, ask how to mention them, thank them."""
    name = _mentions_any(text, _words(persona.get("referral"))) or _has(
        r"\b(spell|spelt|spelled|write (that|it) down|noted|got that|her name|his name"
        r"|their name)\b",
        text,
    )
    mention = _has(
        r"\b(mention|use your name|say (that )?you|tell (him|her|them) (that )?you|let (him|her"
        r"|them) know|you (sent|suggested|recommended|pointed)|can i say|may i say|could i say"
        r"|is it ok(ay)? (if|to)|do you mind if i|would you mind if i|how should i|introduce me)\b",
        text,
    )
    return _reply_parts(
        [("take_name", name), ("mention", mention), ("thanks", _has(_THANKS_RE, text))], text
    )


def check_no(text: str) -> list[Part]:
    """A plain no: express regret, and thank them anyway."""
    regret = _has(
        r"\b(sorry|shame|pity|too bad|understand|understood|regret|no problem|no worries"
        r"|that's fine|that's ok(ay)?|of course|another time|fair enough|disappoint\w*)\b",
        text,
    )
    return _reply_parts([("regret", regret), ("thanks", _has(_THANKS_RE, text))], text)


def check_voicemail(text: str, user_name: str = "") -> list[Part]:
    """A voicemail: name, number, purpose, and when you will call back."""
    named = _has(r"\b(my name is|my name's|this is|it's|i'm|i am)\b", text)
    first = user_name.split()[0] if user_name.strip() else ""
    named = named or bool(first and _mentions_any(text, [first]))
    digits = len(re.findall(r"\d", text))
    if digits >= 6:
        number = _ok("number")
    elif _has(r"\b(number|reach me|call me|ring me|contact me)\b", text):
        number = _weak("number")
    else:
        number = _missing("number")
    purpose = _has(
        r"\b(about|learn|information|advice|your work|exploring|curious|questions?|chat|talk"
        r"|interview|insight|experience|career)\b",
        text,
    )
    callback = _has(
        r"\b(call (you )?(back|again)|try (you )?again|ring (you )?(back|again)|i'll call"
        r"|i will call|i'll ring|i will ring|i'll try|i will try|follow up|call you (on|at|next"
        r"|this|tomorrow))\b",
        text,
    )
    when = _has(
        rf"\b({_DAYS}|tomorrow|today|morning|afternoon|evening|next week|later|in a few days"
        r"|in a couple of days|this week|at \d{1,2})\b",
        text,
    )
    if callback and when:
        back = _ok("callback")
    elif callback:
        back = _weak("callback")
    else:
        back = _missing("callback")
    return [
        _ok("vm_name") if named else _missing("vm_name"),
        number,
        _ok("purpose") if purpose else _missing("purpose"),
        back,
        no_job_ask(text),
    ]


def check_reply(branch: str, text: str, persona: dict[str, Any], user_name: str = "") -> list[Part]:
    """The reply to one branch of the call (or the voicemail message)."""
    text = _norm(text)
    if branch == "yes":
        return check_yes(text, persona)
    if branch == "five":
        return check_five(text)
    if branch == "referral":
        return check_referral(text, persona)
    if branch == "no":
        return check_no(text)
    return check_voicemail(text, user_name)
