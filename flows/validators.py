"""Validation of the answers users type (on a phone) during the interview-prep flows.

Pure logic: no Telegram, no storage.  Every validator is a plain function
``(raw: str) -> value`` that either returns the cleaned value or raises
:class:`Invalid`, whose ``str()`` is a short, specific, plain-text re-ask that can be
sent to the user as is.

Internally each validator is a small pydantic model (field constraints such as
``min_length``/``max_length``/``ge``/``le`` plus ``field_validator`` hooks).  A
``ValidationError`` never leaks: it is translated into :class:`Invalid` carrying our
own wording (the pydantic error is kept as ``__cause__`` for logs only).

Lengths are counted in Unicode code points of the *cleaned* text (``len(str)``).

The module also holds the "job-ask guard" (:func:`job_ask_reasons`,
:func:`job_ask_warning`), which notices when a message the user is drafting drifts
into asking the contact for a job.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from flows import guard

__all__ = [
    "Invalid",
    "choice",
    "clean_text",
    "duration_minutes",
    "job_ask_reasons",
    "job_ask_warning",
    "job_title",
    "long_text",
    "organization",
    "person_name",
    "phone",
    "short_text",
    "yes_no",
]


class Invalid(ValueError):
    """A typed answer was not accepted.

    ``str(exc)`` is a short plain-text re-ask meant for the user (no markdown).
    """


# --------------------------------------------------------------------------- cleaning

# Format/control characters that are kept because they are part of what was typed:
#   U+200D ZERO WIDTH JOINER      emoji ZWJ sequences (family, profession emoji, ...)
#   U+200C ZERO WIDTH NON-JOINER  required spelling in Persian and several Indic scripts
#   U+E0020..U+E007F TAG chars    subdivision flags such as the England flag
# (U+FE0E/U+FE0F variation selectors are category Mn, not Cf, so they survive anyway.)
_KEEP_FORMAT = frozenset({"\u200d", "\u200c"}) | frozenset(map(chr, range(0xE0020, 0xE0080)))
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})  # controls, format chars, lone surrogates

_LINE_BREAKS_RE = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_SINGLE_LINE_BREAKS_RE = re.compile(r"[\t\r\n\v\f\x85\u2028\u2029]+")
_HSPACE_RE = re.compile(r"[^\S\n]+")  # any whitespace except a newline
_MANY_BLANK_LINES_RE = re.compile(r"\n{3,}")


def _drop_controls(text: str, keep: str = "") -> str:
    if text.isprintable():  # no Cc, Cf or Cs character at all: nothing to drop
        return text
    return "".join(
        ch
        for ch in text
        if ch in keep or ch in _KEEP_FORMAT or unicodedata.category(ch) not in _DROP_CATEGORIES
    )


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Tidy typed text without changing what the user meant.

    * Drops control (Cc), format (Cf) and lone-surrogate characters, e.g. NUL, BEL,
      ESC, zero-width spaces, BOMs, bidi overrides -- but keeps U+200D (emoji ZWJ
      sequences), U+200C (Persian/Indic spelling), the emoji TAG characters and
      variation selectors, so family/flag emoji survive intact.
    * Single-line (default): tabs and line breaks become spaces.
      ``multiline=True``: line breaks are kept (normalised to ``\\n``), spaces at the
      ends of each line are trimmed and more than one blank line in a row is reduced
      to one.  Tabs become spaces in both modes.
    * Collapses runs of spaces (including no-break/ideographic spaces) to one space,
      strips both ends and NFC-normalises.

    Emoji, non-Latin scripts, punctuation and SQL-looking text are kept verbatim.
    ``None`` is treated as an empty string.
    """
    if raw is None:
        return ""
    text = str(raw)
    if multiline:
        text = _LINE_BREAKS_RE.sub("\n", text)
        text = _drop_controls(text, keep="\t\n")
        text = _HSPACE_RE.sub(" ", text)
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
        text = _MANY_BLANK_LINES_RE.sub("\n\n", text)
    else:
        text = _SINGLE_LINE_BREAKS_RE.sub(" ", text)
        text = _drop_controls(text)
        text = _HSPACE_RE.sub(" ", text)
    return unicodedata.normalize("NFC", text.strip())


# ----------------------------------------------------------------------- plumbing

_COACH_ERROR = "coach_invalid"

# A message for a pydantic error type: fixed text, or built from the error dict.
_Message = str | Callable[[dict[str, Any]], str]


def _fail(message: str) -> PydanticCustomError:
    """An error raised inside our own field validators, carrying the user-facing text."""
    return PydanticCustomError(_COACH_ERROR, "{message}", {"message": message})


class _Answer(BaseModel):
    """Base for the one-field models behind each validator."""

    model_config = ConfigDict(frozen=True)

    # pydantic error type -> friendly message (for built-in constraint errors)
    messages: ClassVar[Mapping[str, _Message]] = {}
    # used for any error we did not anticipate (never pydantic's own text)
    fallback: ClassVar[str] = "Sorry, I couldn't use that answer. Please try again."

    value: Any


def _friendly(exc: ValidationError, model: type[_Answer]) -> str:
    for err in exc.errors(include_url=False):
        if err["type"] == _COACH_ERROR:
            return str(err["ctx"]["message"])
        message = model.messages.get(err["type"])
        if message is not None:
            return message(err) if callable(message) else message
    return model.fallback


def _run(model: type[_Answer], raw: str, context: dict[str, Any] | None = None) -> Any:
    try:
        return model.model_validate({"value": raw}, context=context).value
    except ValidationError as exc:
        raise Invalid(_friendly(exc, model)) from exc


def _cleaned_or_fail(
    value: Any,
    empty_message: str,
    *,
    multiline: bool = False,
    needs: Callable[[str], bool] | None = None,
    needs_message: str = "",
) -> str:
    """The cleaned text, refused when empty or when it lacks what ``needs`` checks.

    ``needs`` runs before any length limit, so an emoji alone hears what is missing
    (letters), not that it is too short.
    """
    text = clean_text(value, multiline=multiline)
    if not text:
        raise _fail(empty_message)
    if needs is not None and not needs(text):
        raise _fail(needs_message)
    return text


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _has_letter_or_digit(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# ---------------------------------------------------------------------- names etc.

_URL_RE = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|"
    r"\b[\w-]+\.(?:com|net|org|io|co|me|info|biz|dev|app|ly|ai|edu|gov)\b)",
    re.IGNORECASE,
)

NAME_EMPTY = "Please type the person's name, e.g. Maria Lopez."
NAME_TOO_SHORT = "Please type the person's full name, e.g. Maria Lopez."
NAME_TOO_LONG = (
    "That's longer than a name usually is (80 characters at most). Please type just the name."
)
NAME_NEEDS_LETTERS = "A name needs letters, e.g. Maria Lopez."
NAME_NOT_EMAIL = (
    "Please type the person's name rather than an email address or @username, e.g. Maria Lopez."
)
NAME_NOT_LINK = "Please type the person's name rather than a link, e.g. Maria Lopez."


class _PersonName(_Answer):
    messages: ClassVar[Mapping[str, _Message]] = {
        "string_too_short": NAME_TOO_SHORT,
        "string_too_long": NAME_TOO_LONG,
    }
    fallback: ClassVar[str] = NAME_EMPTY

    value: Annotated[str, StringConstraints(min_length=2, max_length=80)]

    @field_validator("value", mode="before")
    @classmethod
    def _clean(cls, v: Any) -> str:
        return _cleaned_or_fail(v, NAME_EMPTY, needs=_has_letter, needs_message=NAME_NEEDS_LETTERS)

    @field_validator("value")
    @classmethod
    def _check(cls, v: str) -> str:
        if "@" in v:
            raise _fail(NAME_NOT_EMAIL)
        if _URL_RE.search(v):
            raise _fail(NAME_NOT_LINK)
        return v


def person_name(raw: str) -> str:
    """A person's name: 2..80 characters, at least one letter (any script).

    Rejects digits/punctuation-only input, email addresses/@usernames and links.
    Returns the cleaned text as typed (no re-capitalisation).
    """
    return _run(_PersonName, raw)


TITLE_EMPTY = "Please type their job title, e.g. Product Manager."
TITLE_TOO_SHORT = "Please type the full job title, e.g. Product Manager."
TITLE_TOO_LONG = (
    "That's longer than a job title usually is (100 characters at most). "
    "Please type just the title."
)
TITLE_NEEDS_LETTERS = "A job title needs letters, e.g. Product Manager."


class _JobTitle(_Answer):
    messages: ClassVar[Mapping[str, _Message]] = {
        "string_too_short": TITLE_TOO_SHORT,
        "string_too_long": TITLE_TOO_LONG,
    }
    fallback: ClassVar[str] = TITLE_EMPTY

    value: Annotated[str, StringConstraints(min_length=2, max_length=100)]

    @field_validator("value", mode="before")
    @classmethod
    def _clean(cls, v: Any) -> str:
        return _cleaned_or_fail(
            v, TITLE_EMPTY, needs=_has_letter, needs_message=TITLE_NEEDS_LETTERS
        )


def job_title(raw: str) -> str:
    """A job title: 2..100 characters with at least one letter. Returns cleaned text."""
    return _run(_JobTitle, raw)


ORG_EMPTY = "Please type the organization's name, e.g. Acme Health."
ORG_TOO_SHORT = "Please type the organization's full name, e.g. Acme Health."
ORG_TOO_LONG = (
    "That's longer than an organization name usually is (120 characters at most). "
    "Please type just the name."
)
ORG_NEEDS_LETTERS = "An organization name needs letters or digits, e.g. Acme Health."


class _Organization(_Answer):
    messages: ClassVar[Mapping[str, _Message]] = {
        "string_too_short": ORG_TOO_SHORT,
        "string_too_long": ORG_TOO_LONG,
    }
    fallback: ClassVar[str] = ORG_EMPTY

    value: Annotated[str, StringConstraints(min_length=2, max_length=120)]

    @field_validator("value", mode="before")
    @classmethod
    def _clean(cls, v: Any) -> str:
        return _cleaned_or_fail(
            v, ORG_EMPTY, needs=_has_letter_or_digit, needs_message=ORG_NEEDS_LETTERS
        )


def organization(raw: str) -> str:
    """An organization: 2..120 characters with a letter or digit ("3M", "Café Müller")."""
    return _run(_Organization, raw)


# -------------------------------------------------------------------------- phone

PHONE_EXAMPLE = "e.g. +44 20 7946 0958 or 020 7946 0958"
PHONE_EMPTY = f"Please type a phone number, {PHONE_EXAMPLE}."
PHONE_NEEDS_DIGITS = f"A phone number needs digits, {PHONE_EXAMPLE}."
PHONE_LETTERS = "A phone number can't contain letters. Type digits, e.g. +44 20 7946 0958."
PHONE_BAD_CHARS = (
    "Please type the phone number using digits, spaces, dashes or brackets, "
    "with + only at the start, e.g. +44 20 7946 0958."
)
PHONE_TOO_LONG_TEXT = (
    f"That's too long for a phone number. Please type just the number, {PHONE_EXAMPLE}."
)
PHONE_MIN_DIGITS = 6
PHONE_MAX_DIGITS = 15  # E.164 maximum

# Extension at the end: "ext 12", "ext. 12", "extension 12", "x12", "#12".
_PHONE_EXT_RE = re.compile(
    r"[\s,;]*(?:ext(?:ension|n)?\.?|x|#)\s*(\d{1,7})\s*$",
    re.IGNORECASE,
)
_PHONE_BODY_RE = re.compile(r"\+?[\d\s().\-/]+")
_PHONE_TRUNK_ZERO_RE = re.compile(r"\(\s*0\s*\)")  # the "(0)" in "+49 (0)30 123456"


def _ascii_digits(text: str) -> str:
    """Map any Unicode decimal digit (Arabic-Indic, fullwidth, ...) to ASCII 0-9."""
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text
    )


def _format_phone(body: str, ext: str | None) -> str:
    text = re.sub(r"[\s.\-/]+", " ", body)  # separators -> single spaces
    text = re.sub(r"\(\s*", "(", text)
    text = re.sub(r"\s*\)", ")", text)
    text = re.sub(r"^\+\s*", "+", text.strip())
    text = re.sub(r" {2,}", " ", text)
    return f"{text} ext. {ext}" if ext else text


class _Phone(_Answer):
    messages: ClassVar[Mapping[str, _Message]] = {"string_too_long": PHONE_TOO_LONG_TEXT}
    fallback: ClassVar[str] = PHONE_EMPTY

    value: Annotated[str, StringConstraints(max_length=40)]

    @field_validator("value", mode="before")
    @classmethod
    def _clean(cls, v: Any) -> str:
        text = _cleaned_or_fail(v, PHONE_EMPTY)
        # NFKC folds fullwidth "＋１２" etc.; then every decimal digit becomes ASCII.
        return _ascii_digits(unicodedata.normalize("NFKC", text))

    @field_validator("value")
    @classmethod
    def _parse(cls, v: str) -> str:
        ext_match = _PHONE_EXT_RE.search(v)
        body = v[: ext_match.start()] if ext_match else v
        ext = ext_match.group(1) if ext_match else None
        if _has_letter(body):
            raise _fail(PHONE_LETTERS)
        if not any(ch.isdigit() for ch in body):
            raise _fail(PHONE_NEEDS_DIGITS)
        if not _PHONE_BODY_RE.fullmatch(body):
            raise _fail(PHONE_BAD_CHARS)
        counted = _PHONE_TRUNK_ZERO_RE.sub("", body) if body.startswith("+") else body
        n_digits = sum(ch.isdigit() for ch in counted)
        if n_digits < PHONE_MIN_DIGITS:
            raise _fail(
                f"That looks too short for a phone number ({n_digits} digits; at least "
                f"{PHONE_MIN_DIGITS} needed). Please include the area code, {PHONE_EXAMPLE}."
            )
        if n_digits > PHONE_MAX_DIGITS:
            raise _fail(
                f"That looks too long for a phone number ({n_digits} digits; at most "
                f'{PHONE_MAX_DIGITS}). Put an extension after "ext", '
                "e.g. 020 7946 0958 ext 12."
            )
        return _format_phone(body, ext)


def phone(raw: str) -> str:
    """A phone number in international or local form, optionally with an extension.

    Accepted separators: spaces, ``-``, ``.``, ``/`` and brackets; ``+`` only at the
    start; an extension suffix ``ext``/``ext.``/``extension``/``x``/``#`` + digits.
    The number itself must have 6..15 digits (E.164 max; the extension and an "(0)"
    trunk prefix after "+CC" are not counted).  Letters are rejected.

    Returns the cleaned input with the digits grouped exactly as typed:
    ``-``, ``.``, ``/`` and whitespace runs become one space, brackets are kept (with
    no spaces just inside them), "+" is kept glued to the country code, and an
    extension is rendered as ``" ext. <digits>"``.  Examples::

        "+1-555-123-4567"     -> "+1 555 123 4567"
        "555.123.4567"        -> "555 123 4567"
        "(555) 123-4567"      -> "(555) 123 4567"
        "+49 (0)30 123456"    -> "+49 (0)30 123456"
        "020 7946 0958 x123"  -> "020 7946 0958 ext. 123"

    Non-ASCII digits (Arabic-Indic, fullwidth) are converted to ASCII digits.
    """
    return _run(_Phone, raw)


# ---------------------------------------------------------------------- free text

# One rule for every free-text step: a letter or digit (emoji or symbols alone are refused
# first), and this many characters at least ("Al" and "Jo" are names).
FREE_TEXT_MIN = 2
FREE_TEXT_SYMBOLS = "Please type a few words, not only symbols or emoji."


def _with_label(message: str, field: str, default: str) -> str:
    """Append "(<field>)" to a message when the caller gave a specific field label."""
    if not field or field == default:
        return message
    return f"{message[:-1]} ({field})."


def _too_long_message(max_len: int) -> Callable[[dict[str, Any]], str]:
    def message(err: dict[str, Any]) -> str:
        return f"That's {len(err['input'])} characters; please keep it under {max_len}."

    return message


@lru_cache(maxsize=64)
def _short_text_model(field: str, min_len: int, max_len: int) -> type[_Answer]:
    empty = _with_label("Please type a few words.", field, "answer")
    too_short = _with_label(
        f"Please type a little more, at least {min_len} characters.", field, "answer"
    )

    class _ShortText(_Answer):
        messages: ClassVar[Mapping[str, _Message]] = {
            "string_too_short": too_short,
            "string_too_long": _too_long_message(max_len),
        }
        fallback: ClassVar[str] = empty

        value: Annotated[str, StringConstraints(min_length=min_len, max_length=max_len)]

        @field_validator("value", mode="before")
        @classmethod
        def _clean(cls, v: Any) -> str:
            return _cleaned_or_fail(
                v, empty, needs=_has_letter_or_digit, needs_message=FREE_TEXT_SYMBOLS
            )

    return _ShortText


def short_text(
    raw: str, *, field: str = "answer", min_len: int = FREE_TEXT_MIN, max_len: int = 300
) -> str:
    """A one-line free-text answer (career goal, type of work, place of meeting, ...).

    Line breaks become spaces.  Needs ``min_len..max_len`` characters and at least one
    letter or digit.  Messages: "Please type a few words." (empty), "Please type a few
    words, not only symbols or emoji." (no letter or digit, e.g. an emoji alone),
    "That's 412 characters; please keep it under 300." (too long).  A
    non-default ``field`` label is appended in brackets to the empty/too-short
    messages, e.g. "Please type a few words (career goal)."
    """
    return _run(_short_text_model(field, min_len, max_len), raw)


@lru_cache(maxsize=64)
def _long_text_model(field: str, max_len: int) -> type[_Answer]:
    empty = f"Please type your {field}." if field else "Please type a few words."
    too_short = f"Please type a little more, at least {FREE_TEXT_MIN} characters."

    class _LongText(_Answer):
        messages: ClassVar[Mapping[str, _Message]] = {
            "string_too_short": too_short,
            "string_too_long": _too_long_message(max_len),
        }
        fallback: ClassVar[str] = empty

        value: Annotated[str, StringConstraints(min_length=FREE_TEXT_MIN, max_length=max_len)]

        @field_validator("value", mode="before")
        @classmethod
        def _clean(cls, v: Any) -> str:
            return _cleaned_or_fail(
                v,
                empty,
                multiline=True,
                needs=_has_letter_or_digit,
                needs_message=FREE_TEXT_SYMBOLS,
            )

    return _LongText


def long_text(raw: str, *, field: str = "notes", max_len: int = 3000) -> str:
    """Multi-line free text (notes, scripts): line breaks kept, controls stripped.

    The same rule as every free-text step: at least ``FREE_TEXT_MIN`` characters and a
    letter or digit (emoji alone are not an answer), at most ``max_len``. Longer input
    (e.g. a full 4,096 character Telegram message) gets "That's 4096 characters; please
    keep it under 3000."  Empty input gets "Please type your <field>."
    """
    return _run(_long_text_model(field, max_len), raw)


_I_AM_RE = re.compile(r"^(?:i\s*['\u2019]?\s*m|i\s+am)\b[\s,:]*", re.IGNORECASE)
ABOUT_ME_MAX = 120


def about_me(raw: str) -> str:
    """What the user says about themself, as it follows "I'm" on a call card.

    A leading "I'm" / "I am" is dropped (the card says it), as is a final full stop:
    "I'm a third-year biology student." -> "a third-year biology student". Otherwise the
    rules of ``short_text`` (2..120 characters, a letter or digit).
    """
    text = short_text(raw, max_len=ABOUT_ME_MAX + 10)
    trimmed = _I_AM_RE.sub("", text).rstrip(" .")
    if len(trimmed) < FREE_TEXT_MIN:
        trimmed = text
    return short_text(trimmed, max_len=ABOUT_ME_MAX)


# ------------------------------------------------------------------------- choice

_NUMBER_PICK_RE = re.compile(r"#?\s*(\d{1,6})\s*[.)]?")
_NON_WORD_RE = re.compile(r"[\W_]+")


def _loose(text: str) -> str:
    """Letters and digits only, single-spaced, casefolded ("✅ Yes!" -> "yes")."""
    return _NON_WORD_RE.sub(" ", text.casefold()).strip()


class _Choice(_Answer):
    value: str

    @field_validator("value", mode="before")
    @classmethod
    def _pick(cls, v: Any, info: ValidationInfo) -> str:
        options: Mapping[str, str] = (info.context or {})["options"]
        unknown = "Please pick one of: " + ", ".join(options.values()) + "."
        text = clean_text(v).casefold()
        if not text:
            raise _fail(unknown)
        for key, label in options.items():
            if text in (clean_text(key).casefold(), clean_text(label).casefold()):
                return key
        number = _NUMBER_PICK_RE.fullmatch(text)
        if number:
            index = int(number.group(1))
            if 1 <= index <= len(options):
                return list(options)[index - 1]
            raise _fail(f"Please pick a number from 1 to {len(options)}, or tap a button.")
        loose = _loose(text)
        hits = [
            key
            for key, label in options.items()
            if loose and loose in (_loose(clean_text(key)), _loose(clean_text(label)))
        ]
        if len(hits) == 1:
            return hits[0]
        raise _fail(unknown)


def choice(raw: str, options: dict[str, str]) -> str:
    """Pick one of ``options`` (value -> label); returns the chosen value (the key).

    Matching, in order: the value or the label, case-insensitively after cleaning; a
    1-based number ("2", "2.", "#2"); the value/label ignoring punctuation and emoji
    (e.g. "yes!" for the label "✅ Yes") when that is unambiguous.  Exact value/label
    matches win over numbers, so options whose values are digits still work.
    Errors: "Please pick a number from 1 to N, or tap a button." /
    "Please pick one of: A, B, C." (the labels).
    """
    if not options:
        raise ValueError("choice() needs at least one option")
    return _run(_Choice, raw, context={"options": options})


# ----------------------------------------------------------------------- duration

DURATION_MESSAGE = "Information interviews usually take 20 or 30 minutes. Please choose 20 or 30."
DURATION_MIN, DURATION_MAX = 10, 60

_NUMBER_WORDS = {
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "twenty five": 25,
    "thirty": 30,
    "thirty five": 35,
    "forty": 40,
    "forty five": 45,
    "fifty": 50,
    "sixty": 60,
}
_PHRASES = {
    "half an hour": 30,
    "half hour": 30,
    "a half hour": 30,
    "half": 30,
    "1/2 hour": 30,
    "½ hour": 30,
    "½ an hour": 30,
    "quarter of an hour": 15,
    "a quarter of an hour": 15,
    "quarter hour": 15,
    "three quarters of an hour": 45,
    "an hour": 60,
    "one hour": 60,
    "a hour": 60,
    "hour": 60,
}
_MINUTE_UNIT_RE = re.compile(r"\s*(?:m|mn|min|mins|minute|minutes)$")
_HOURS_RE = re.compile(r"(?P<n>\d{1,2}(?:\.\d{1,2})?)\s*(?:h|hr|hrs|hour|hours)")
_MINUTES_RE = re.compile(r"\d{1,3}")


def _parse_minutes(text: str) -> int | None:
    text = re.sub(r"[-\s]+", " ", text.casefold()).strip(" .!?")
    text = re.sub(r"^(?:about|around|maybe|approx\.?|approximately|~)\s*", "", text)
    if text in _PHRASES:
        return _PHRASES[text]
    hours = _HOURS_RE.fullmatch(text)
    if hours:
        minutes = float(hours.group("n")) * 60
        return int(minutes) if minutes.is_integer() else None
    text = _MINUTE_UNIT_RE.sub("", text)
    if _MINUTES_RE.fullmatch(text):
        return int(text)
    return _NUMBER_WORDS.get(text)


class _Duration(_Answer):
    fallback: ClassVar[str] = DURATION_MESSAGE

    value: Annotated[int, Field(ge=DURATION_MIN, le=DURATION_MAX)]

    @field_validator("value", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> int:
        minutes = _parse_minutes(clean_text(v))
        if minutes is None:
            raise _fail(DURATION_MESSAGE)
        return minutes


def duration_minutes(raw: str) -> int:
    """Meeting length in minutes, 10..60.

    Accepts "20", "30 min", "20 minutes", "20m", "twenty", "half an hour" (30),
    "an hour"/"1h" (60), "0.5 hours" (30), ...  Anything else, or a value outside
    10..60, raises Invalid(DURATION_MESSAGE).
    """
    return _run(_Duration, raw)


# ------------------------------------------------------------------------- yes/no

YES_NO_MESSAGE = "Please answer yes or no."

_YES = frozenset(
    {
        "yes", "y", "yeah", "yea", "yep", "yup", "ya", "ok", "okay", "sure", "correct",
        "right", "yes please", "sure thing", "of course", "definitely", "absolutely",
        "that's right", "thats right", "👍", "✅", "✔",
    }
)  # fmt: skip
_NO = frozenset(
    {
        "no", "n", "nope", "nah", "not yet", "no thanks", "no thank you", "not really",
        "wrong", "incorrect", "👎", "❌",
    }
)  # fmt: skip
# Emoji skin-tone modifiers and variation selectors: "👍🏽" counts as "👍".
_EMOJI_NOISE_RE = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f]")


class _YesNo(_Answer):
    fallback: ClassVar[str] = YES_NO_MESSAGE

    value: bool

    @field_validator("value", mode="before")
    @classmethod
    def _parse(cls, v: Any) -> bool:
        text = _EMOJI_NOISE_RE.sub("", clean_text(v).casefold()).replace("’", "'")
        text = text.strip(" .!?,")
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise _fail(YES_NO_MESSAGE)


def yes_no(raw: str) -> bool:
    """yes/y/yeah/yep/ok/sure/correct/right/👍 -> True; no/n/nope/not yet/👎 -> False.

    Case-insensitive; trailing punctuation and emoji skin tones are ignored.
    """
    return _run(_YesNo, raw)


# ---------------------------------------------------------------- job-ask guard


def job_ask_reasons(text: str) -> list[str]:
    """Phrases in ``text`` that ask for employment; ``[]`` when the wording is fine.

    Each phrase as typed (whitespace collapsed), in order, without repeats, e.g.
    ``["keep me in mind", "pass on my CV"]``. The rules live in ``flows/guard.py``;
    words that only describe work ("job", "hiring", "apply", "refer me to a colleague")
    are not flagged.
    """
    return list(guard.asks(text if text.isascii() else clean_text(text)))


def _quoted_list(items: list[str]) -> str:
    quoted = [f'"{item}"' for item in items]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def job_ask_warning(matches: list[str]) -> str:
    """Short plain-text nudge shown when :func:`job_ask_reasons` found something."""
    noticed = (
        f"I noticed {_quoted_list(matches)} in your message."
        if matches
        else "This sounds like it may be asking for a job."
    )
    return (
        f"{noticed} An information interview is a conversation for gathering information, "
        "and asking for a job can embarrass you and put the other person off. "
        "Would you like to rephrase it?"
    )
