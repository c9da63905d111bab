"""People named in the user's notes: "she suggested I talk to Jo Park" -> ["Jo Park"].

A rule, not a model: a verb of getting in touch (talk to, speak with, contact, reach out
to, ask, call, e-mail, meet, get in touch with, introduce me to), a few words that may come
between ("her colleague", "Dr."), then a capitalised name of two or three words; several
joined by commas, "and" or "or" are all taken. The user confirms each before it becomes a
contact, so a miss costs a tap, never a wrong contact.
"""

from __future__ import annotations

import re

_VERB = re.compile(
    r"(?i:\b(?:talk|speak|chat)(?:ing|s|ed)?\s+(?:to|with)"
    r"|\bspoke\s+(?:to|with)"
    r"|\breach(?:ing|es|ed)?\s+out\s+to"
    r"|\bget(?:ting)?\s+in\s+touch\s+with"
    r"|\bintroduc(?:e|es|ed|ing)\s+(?:me\s+)?to"
    r"|\bcontact(?:ing|s|ed)?"
    r"|\bask(?:ing|s|ed)?"
    r"|\bcall(?:ing|s|ed)?"
    r"|\be-?mail(?:ing|s|ed)?"
    r"|\bwrite\s+to"
    r"|\bmeet(?:ing|s)?(?:\s+with)?"
    r"|\blook\s+up"
    r")\b"
)
# Words that may stand between the verb and the name: "talk to her colleague Dr. Jo Park".
_FILLER = re.compile(
    r"(?i:\s*(?:(?:her|his|their|my|a|an|the|our|old|former|new|friend|colleague|manager|boss"
    r"|mentor|team|lead|partner|someone|somebody|person|called|named|at|from|too|also|maybe"
    r"|perhaps|probably|directly|professor|prof\.?|dr\.?|mr\.?|mrs\.?|ms\.?|mx\.?),?\s+)*)"
)
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "bin", "al"}
_TITLES = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame"}
# Capitalised words that start sentences or name things, not people.
_NOT_NAMES = {
    "i", "the", "a", "an", "and", "or", "but", "she", "he", "they", "we", "you", "it", "her",
    "his", "their", "my", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "human", "resources", "hr", "linkedin",
    "google", "zoom", "teams", "slack", "email", "phone", "about", "for", "if", "when", "then",
    "next", "week", "tomorrow", "today", "also", "maybe", "team", "department", "office",
    "university", "college", "school", "company", "inc", "ltd", "gmbh", "ceo", "cto", "ask",
    "call", "contact", "talk", "speak", "meet", "reach", "write", "get", "look",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_JOIN = re.compile(r"(?i:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*))")
MAX_NAMES = 6


def _name_at(text: str, pos: int) -> tuple[str, int] | None:
    """A capitalised name of 2-3 words (particles allowed inside) starting at ``pos``."""
    words: list[str] = []
    end = pos
    while len(words) < 4:
        gap = re.match(r"[ \t]+", text[end:]) if words else None
        start = end + (gap.end() if gap else 0)
        if words and not gap:
            break
        found = _WORD.match(text, start)
        if not found:
            break
        word = found.group().rstrip(".'\u2019")
        bare = word.casefold()
        if word[:1].isupper() and bare not in _NOT_NAMES:
            if bare.rstrip(".") in _TITLES and not words:
                end = start + len(found.group())
                continue
            words.append(word)
            end = start + len(word)
        elif words and bare in _PARTICLES:
            words.append(word)
            end = start + len(word)
        else:
            break
    while words and words[-1].casefold() in _PARTICLES:
        words.pop()
    capitalised = [w for w in words if w.casefold() not in _PARTICLES]
    if len(capitalised) < 2 or len(words) > 4:
        return None
    return " ".join(words), end


def names_in(text: str | None) -> list[str]:
    """The people the notes suggest getting in touch with, in order, each once."""
    if not text:
        return []
    found: list[str] = []
    for verb in _VERB.finditer(text):
        pos = verb.end()
        filler = _FILLER.match(text, pos)
        pos = filler.end() if filler else pos
        for _ in range(MAX_NAMES):  # a list after one verb is short; keeps this linear
            got = _name_at(text, pos)
            if got is None:
                break
            name, pos = got
            if name.casefold() not in (n.casefold() for n in found):
                found.append(name)
            joined = _JOIN.match(text, pos)
            if not joined:
                break
            after = _FILLER.match(text, joined.end())
            pos = after.end() if after else joined.end()
        if len(found) >= MAX_NAMES:
            break
    return found[:MAX_NAMES]
