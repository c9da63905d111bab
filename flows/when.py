"""Understand the dates, times and time zones a user types into the chat.

Pure logic: no Telegram, no storage, no clock. Every function that needs "now" gets it
injected as an aware UTC datetime. All results are aware UTC datetimes; local (wall-clock)
time only exists inside this module and in the strings it formats.

Time-zone names used throughout are either IANA names ("Europe/Berlin", "Etc/GMT-2",
"UTC") or the fixed-offset form "UTC+05:30" produced by :func:`parse_timezone` for offsets
that are not whole hours. :func:`zone` turns either into a ``tzinfo``.

Local times that do not exist (the hour skipped when clocks go forward) are moved forward
by the length of the gap (02:30 -> 03:30); local times that happen twice (clocks go back)
mean the first occurrence. This is what ``datetime.replace(tzinfo=ZoneInfo(...))`` with
``fold=0`` gives, and it is used consistently by every helper below.

``WhenError`` messages are meant to be shown to the user as they are: short, plain text,
and they say what to type instead.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

__all__ = [
    "WhenError",
    "add_business_days",
    "at_local",
    "format_when",
    "parse_timezone",
    "parse_when",
    "shift_local",
    "zone",
    "zone_label",
]

MAX_INPUT_CHARS = 200

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_READ_FAIL = 'I couldn\'t read a date in that. Try "next Tue 10:30" or "25.12 14:00".'


class WhenError(ValueError):
    """A time or time zone the user typed could not be used.

    ``str(error)`` is a friendly, specific re-ask to show to the user.
    """


class NeedsTime(WhenError):
    """A day was understood but no time of day: the next answer may give just the time."""


# ---------------------------------------------------------------------------
# Time zones
# ---------------------------------------------------------------------------

_FIXED_RE = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")


@lru_cache(maxsize=256)
def zone(name: str) -> tzinfo:
    """Return the tzinfo for an IANA name or a fixed-offset name like "UTC+05:30"."""
    m = _FIXED_RE.match(name)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        offset = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        if offset >= timedelta(hours=24) or int(m.group(3)) >= 60:
            raise WhenError(_unknown_zone_message(name))
        return timezone(sign * offset, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise WhenError(_unknown_zone_message(name)) from exc


def zone_label(tz: str) -> str:
    """A user-facing name for a zone: IANA names as they are, "Etc/GMT-2" as "UTC+2"."""
    m = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", tz)
    if m:
        # Etc zones have POSIX-style inverted signs: Etc/GMT-2 is two hours *ahead* of UTC.
        return f"UTC{'-' if m.group(1) == '+' else '+'}{int(m.group(2))}"
    return tz


# Common cities (and a few US/EU abbreviations) that are not the last part of a zone name.
_CITY_ALIASES = {
    "delhi": "Asia/Kolkata",
    "new_delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bombay": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "chennai": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata",
    "pune": "Asia/Kolkata",
    "washington": "America/New_York",
    "washington_dc": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "philadelphia": "America/New_York",
    "nyc": "America/New_York",
    "montreal": "America/Toronto",
    "ottawa": "America/Toronto",
    "san_francisco": "America/Los_Angeles",
    "sf": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "san_diego": "America/Los_Angeles",
    "san_jose": "America/Los_Angeles",
    "portland": "America/Los_Angeles",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "austin": "America/Chicago",
    "calgary": "America/Edmonton",
    "beijing": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai",
    "guangzhou": "Asia/Shanghai",
    "osaka": "Asia/Tokyo",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "milan": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "geneva": "Europe/Zurich",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "kiev": "Europe/Kyiv",
    "st_petersburg": "Europe/Moscow",
    "tel_aviv": "Asia/Jerusalem",
    "abu_dhabi": "Asia/Dubai",
    "rio_de_janeiro": "America/Sao_Paulo",
    "rio": "America/Sao_Paulo",
    "canberra": "Australia/Sydney",
    "est": "America/New_York",
    "edt": "America/New_York",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
}

# Areas whose zones are real places; only these feed the city lookup.
_PLACE_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian",
     "Pacific"}
)  # fmt: skip


def _norm(text: str) -> str:
    """Lowercase, accents stripped, runs of spaces/hyphens/underscores -> one underscore."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_\-]+", "_", plain.strip().lower()).strip("_")


@lru_cache(maxsize=1)
def _zone_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(lowercase IANA name -> name, normalised city -> preferred zone). Built once."""
    names = available_timezones()
    by_lower = {n.lower(): n for n in names}
    candidates: dict[str, list[str]] = {}
    for name in names:
        if name.split("/", 1)[0] not in _PLACE_AREAS:
            continue  # skips Etc/..., legacy US/..., Canada/... and bare names like "Japan"
        candidates.setdefault(_norm(name.rsplit("/", 1)[1]), []).append(name)
    cities = {
        # Several zones can end in the same city (links): pick one deterministically.
        city: min(zs)
        for city, zs in candidates.items()
    }
    return by_lower, cities


_OFFSET_RE = re.compile(r"^(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?:(?::|\.|h)?(\d{2}))?$")


def _offset_zone(sign: str, hours: int, minutes: int) -> str | None:
    if minutes >= 60 or hours * 60 + minutes > 14 * 60:
        return None
    negative = sign != "+"
    if minutes == 0:
        if hours == 0:
            return "UTC"
        if (negative and hours <= 12) or (not negative and hours <= 14):
            # POSIX-style inverted sign: UTC+2 is "Etc/GMT-2".
            return f"Etc/GMT{'+' if negative else '-'}{hours}"
    return f"UTC{'-' if negative else '+'}{hours:02d}:{minutes:02d}"


def _unknown_zone_message(text: str) -> str:
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:39] + "\u2026"
    return (
        f'I don\'t know the time zone "{shown}". Type a city like Berlin or an offset like UTC+2.'
    )


def parse_timezone(text: str) -> str:
    """Turn what the user typed into a zone name usable with :func:`zone`.

    Accepts IANA names in any case, city names (accents and case ignored), "UTC"/"GMT" and
    offsets such as "UTC+2", "+02:00", "GMT-5", "UTC+5:30".
    """
    raw = (text or "").strip()
    if not raw:
        raise WhenError(
            "Which time zone are you in? Type a city like Berlin or an offset like UTC+2."
        )
    if len(raw) > 100:
        raise WhenError(_unknown_zone_message(raw))
    cleaned = re.sub(r"^(?:in|at)\s+", "", raw, flags=re.IGNORECASE)
    cleaned = re.sub(r"\s+time(?:\s*zone)?$", "", cleaned, flags=re.IGNORECASE).strip(" .,!")
    lowered = cleaned.lower()

    if lowered in {"utc", "gmt", "z", "zulu", "utc+0", "gmt+0", "utc0"}:
        return "UTC"
    m = _OFFSET_RE.match(lowered)
    if m:
        result = _offset_zone(m.group(1), int(m.group(2)), int(m.group(3) or 0))
        if result is None:
            raise WhenError(_unknown_zone_message(raw))
        return result

    by_lower, cities = _zone_tables()
    if "/" in lowered:
        name = by_lower.get(lowered) or by_lower.get(_norm(cleaned).replace("_/_", "/"))
        if name:
            return name
    key = _norm(cleaned).replace(".", "")
    for found in (_CITY_ALIASES.get(key), cities.get(key), by_lower.get(lowered)):
        if found:
            return found
    raise WhenError(_unknown_zone_message(raw))


# ---------------------------------------------------------------------------
# Local-time helpers
# ---------------------------------------------------------------------------


def _to_utc(local_naive: datetime, tz: str) -> datetime:
    """Wall-clock time in ``tz`` -> aware UTC (gap times move forward, repeats take the first)."""
    return local_naive.replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def _local(dt_utc: datetime, tz: str) -> datetime:
    if dt_utc.tzinfo is None:
        raise ValueError("expected an aware datetime")
    return dt_utc.astimezone(zone(tz))


def at_local(dt_utc: datetime, tz: str, hour: int, minute: int = 0, days: int = 0) -> datetime:
    """The local date of ``dt_utc`` plus ``days``, at ``hour:minute`` local time, in UTC."""
    day = _local(dt_utc, tz).date() + timedelta(days=days)
    return _to_utc(datetime.combine(day, time(hour, minute)), tz)


def shift_local(dt_utc: datetime, tz: str, **timedelta_kwargs: float) -> datetime:
    """Add wall-clock time in ``tz`` (e.g. ``days=-1`` keeps the local time of day), in UTC."""
    wall = _local(dt_utc, tz).replace(tzinfo=None, fold=0)
    return _to_utc(wall + timedelta(**timedelta_kwargs), tz)


def add_business_days(start_utc: datetime, days: int, tz: str) -> datetime:
    """Move ``days`` Mon-Fri days (negative: backwards) in ``tz``, keeping the local time.

    Friday 10:00 + 3 -> Wednesday 10:00 local. Starting on a weekend, +1 is Monday.
    """
    local = _local(start_utc, tz)
    day = local.date()
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        day += timedelta(days=step)
        if day.weekday() < 5:
            remaining -= 1
    return _to_utc(datetime.combine(day, local.time().replace(fold=0)), tz)


def _short(local: datetime, ref_year: int | None = None) -> str:
    """ "Mon 23 Nov, 15:00" (with the year when it differs from ``ref_year``)."""
    year = "" if local.year == ref_year else f" {local.year}"
    return (
        f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}{year}, {local:%H:%M}"
    )


def _day_text(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def local_day(dt_utc: datetime, tz: str | None) -> str:
    """The user's own calendar day of a moment, as an ISO date ("2026-11-25")."""
    return _local(dt_utc, tz or "UTC").date().isoformat()


def format_day(value: datetime | date, tz: str = "UTC") -> str:
    """A day as the user reads it, e.g. "Tue 5 Jan" (a time is taken in ``tz``)."""
    day = _local(value, tz).date() if isinstance(value, datetime) else value
    return _day_text(day)


def short_when(dt_utc: datetime, tz: str, now: datetime | None = None) -> str:
    """E.g. "Tue 1 Dec, 10:30": local time, the year only when it is not ``now``'s."""
    return _short(_local(dt_utc, tz), _local(now, tz).year if now else None)


def format_when(dt_utc: datetime, tz: str) -> str:
    """E.g. "Tue 1 Dec 2026, 10:30 (Europe/Berlin)"."""
    return f"{_short(_local(dt_utc, tz))} ({zone_label(tz)})"


# ---------------------------------------------------------------------------
# parse_when
# ---------------------------------------------------------------------------

_WEEKDAY_RE = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?"
_MONTH_RE = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"(?:uary|ruary|ch|il|e|y|ust|tember|ober|ember)?"
)
# Words that show the text is at least trying to be a date/time (besides digits).
_HINT_RE = re.compile(
    rf"\b(?:{_WEEKDAY_RE}|{_MONTH_RE}|today|tomorrow|tonight|noon|midday|midnight|"
    r"hours?|minutes?|mins?|week|month|year|morning|afternoon|evening)\b"
)
_DAY_WORD_RE = re.compile(rf"\b(?:{_WEEKDAY_RE}|{_MONTH_RE}|today|tomorrow|tonight)\b")
_RELATIVE_RE = re.compile(
    r"^in\s+(?P<n>\d{1,4}(?:[.,]\d{1,2})?|an?|one|half\s+an?)\s*"
    r"(?P<unit>h|hrs?|hours?|m|mins?|minutes?)"
    r"(?:\s+(?:and\s+)?(?P<m>\d{1,2})\s*(?:m|mins?|minutes?))?$"
)
# "25.12", "25/12", "25.12.2026", "25.12.26", "25.12." (not part of a longer number/time).
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d:.])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2})(?![\d:]))?\.?(?![\d:/]|\.\d)"
)
_AT_HOUR_RE = re.compile(r"\bat\s+(\d{1,2})(?![\d:.]|\s*(?:a\.?m|p\.?m|h\b))")
_NEXT_WEEKDAY_RE = re.compile(rf"\b(?:next|this|on)\s+(?={_WEEKDAY_RE}\b)")


@lru_cache(maxsize=128)
def _base_settings(tz: str) -> tuple[tuple[str, object], ...]:
    """The dateparser settings for a zone, built once per zone (RELATIVE_BASE added per call)."""
    return (
        ("TIMEZONE", tz),
        ("RETURN_AS_TIMEZONE_AWARE", True),
        ("PREFER_DATES_FROM", "future"),
        ("DATE_ORDER", "DMY"),
        ("RETURN_TIME_AS_PERIOD", True),
    )


def _dateparse(text: str, base_local: datetime, tz: str) -> tuple[datetime | None, bool, str]:
    """Run dateparser; return (result, whether a time of day was given, period)."""
    from dateparser.date import DateDataParser  # imported lazily: it is slow to import

    settings = dict(_base_settings(tz))
    settings["RELATIVE_BASE"] = base_local
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    period = data.period or ""
    # dateparser reports period "day" for "tomorrow 10:00" when 10:00 equals the base time
    # of day; the parsed parts still say a time was given.
    has_time = period == "time" or (period == "day" and "time" in (data.parts or ()))
    return data.date_obj, has_time, period


def warm_up() -> None:
    """Read one date now: dateparser builds its regular expressions on first use (about a
    second of CPU here), which would otherwise stall the first user who types a time."""
    _dateparse("tomorrow at 10:00", datetime(2026, 1, 5, 12, 0), "UTC")


def _days_in_month(month: int, year: int | None) -> int:
    if month == 12:
        return 31
    y = year if year is not None else 2028  # a leap year: 29.02 is fine without a year
    return (date(y, month + 1, 1) - timedelta(days=1)).day


def _preprocess(text: str) -> str:
    """Rewrite the forms dateparser gets wrong into forms it reads reliably.

    * "25.12", "25/12/2026", "25.12.26": numeric dates are rewritten as "25 December 2026".
      dateparser misreads "01.03 10:00" (returns nothing) and "01.03" (reads 01:03).
      When the text already names a day ("tomorrow 10.30"), the pair follows "at"
      ("at 10.11") or it cannot be a date ("14.30"), the pair is read as a time instead.
      Otherwise it is day.month (DMY): a bare "9.05" is 9 May.
    * "at 9" -> "at 9:00": dateparser ignores or misreads a bare hour ("Dec 3 at 9").
    * "next Sat" -> "Sat": dateparser fails on some "next <weekday>" forms; a bare weekday
      with PREFER_DATES_FROM=future already means the next one (never today).
    """
    has_day_word = bool(_DAY_WORD_RE.search(text))

    def numeric(m: re.Match[str]) -> str:
        a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
        after_at = m.string[max(0, m.start() - 3) : m.start()] == "at "
        if (
            y is None
            and (has_day_word or after_at or b > 12)
            and a <= 23
            and b <= 59
            and "/" not in m[0]
        ):
            return f"{a}:{b:02d}"
        if not 1 <= b <= 12:
            raise WhenError(_READ_FAIL)
        year = None if y is None else (int(y) + 2000 if len(y) == 2 else int(y))
        if not 1 <= a <= _days_in_month(b, year):
            raise WhenError(
                f"There is no {a} {_MONTHS[b - 1]}"
                f"{'' if year is None else f' {year}'}. Please check the date, "
                'e.g. "25.12 14:00".'
            )
        return f"{a} {_MONTH_NAMES[b - 1].lower()}" + ("" if year is None else f" {year}")

    text = _NUMERIC_DATE_RE.sub(numeric, text)
    text = re.sub(r"\b(\d{1,2})\s*o'?clock\b", r"\1:00", text)
    text = re.sub(r"\bat\s+(\d{1,2})[.h](\d{2})\b", r"at \1:\2", text)
    text = _AT_HOUR_RE.sub(r"at \1:00", text)
    text = _NEXT_WEEKDAY_RE.sub("", text)
    return text


def _relative(text: str, now: datetime) -> datetime | None:
    """ "in 2 hours", "in 30 minutes", "in an hour", "in half an hour", "in 1h 30m"."""
    m = _RELATIVE_RE.match(text)
    if not m:
        return None
    n_text = m.group("n")
    if n_text.startswith("half"):
        amount = 0.5
    elif n_text in {"a", "an", "one"}:
        amount = 1.0
    else:
        amount = float(n_text.replace(",", "."))
    unit = m.group("unit")
    minutes = amount * 60 if unit.startswith("h") else amount
    minutes += int(m.group("m") or 0)
    return now + timedelta(minutes=minutes)


def _add_years(dt: datetime, years: int) -> datetime:
    try:
        return dt.replace(year=dt.year + years)
    except ValueError:  # 29 February
        return dt.replace(year=dt.year + years, day=28)


def ensure_ahead(when: datetime, now: datetime, tz: str) -> datetime:
    """``when`` itself if it is not before ``now``; else the re-ask for a passed time.

    Typed times and kept ones ("Keep: Thu 26 Nov, 15:00") get the same answer.
    """
    if when < now.replace(second=0, microsecond=0):
        local = when.astimezone(zone(tz))
        raise WhenError(
            f"That time has already passed ({_short(local, now.astimezone(zone(tz)).year)}). "
            'Please give a time from now on, e.g. "tomorrow 3pm".'
        )
    return when


def parse_when(text: str, now: datetime, tz: str) -> datetime:
    """Read a date and time the user typed in zone ``tz``; return it in UTC.

    ``now`` is the injected clock (aware). The result has seconds and microseconds zeroed,
    lies between now (this minute) and two years ahead, and always includes a time of day.
    Raises :class:`WhenError` with a re-ask for the user otherwise.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    raw = " ".join((text or "").split())
    if not raw:
        raise WhenError('Please type a date and a time, e.g. "tomorrow 3pm" or "25.12 14:00".')
    if len(raw) > MAX_INPUT_CHARS:
        raise WhenError('That\'s too long for me. Just the date and time, e.g. "next Tue 10:30".')
    lowered = raw.lower().replace("\u2013", "-").replace("\u2014", "-")
    lowered = re.sub(r"\b(?:tmrw?|tmw|tomorow|tommorow|tommorrow)\b", "tomorrow", lowered)

    local_tz = zone(tz)
    now_local = now.astimezone(local_tz)
    this_minute = now.replace(second=0, microsecond=0)

    result = _relative(lowered, now)
    if result is None:
        if not (re.search(r"\d", lowered) or _HINT_RE.search(lowered)) or re.fullmatch(
            r"[\d\s]{5,}", lowered
        ):
            raise WhenError(_READ_FAIL)
        prepared = _preprocess(lowered)
        parsed, has_time, period = _dateparse(prepared, now_local.replace(tzinfo=None), tz)
        if parsed is None:
            raise WhenError(_READ_FAIL)
        # dateparser returns the time in TIMEZONE (explicit zones like "3pm UTC" converted),
        # but sometimes attaches the offset of the base date instead of the one valid on the
        # parsed day ("in 2 days at 10:00" across a DST change). Its wall-clock time is
        # right, so keep that and attach the zone ourselves.
        wall = parsed.replace(tzinfo=None)
        if not has_time:
            if period in {"day", "part_of_day"}:
                example = f"{wall.day:02d}.{wall.month:02d} 14:00"
                raise NeedsTime(f'Which time on {_day_text(wall.date())}? e.g. "{example}"')
            raise WhenError('Please give a day and a time, e.g. "next Tue 10:30" or "25.12 14:00".')
        # A day-month without a year that is *today* but earlier than now: dateparser rolls
        # it over to next year; the user almost certainly meant today.
        if (
            not re.search(r"\b\d{4}\b", prepared)
            and wall.year == now_local.year + 1
            and (wall.month, wall.day) == (now_local.month, now_local.day)
            and re.search(rf"\b{_MONTH_RE}\b", prepared)
        ):
            wall = wall.replace(year=now_local.year)
        result = _to_utc(wall, tz)

    result = result.replace(second=0, microsecond=0)
    ensure_ahead(result, this_minute, tz)
    if result > _add_years(now, 2):
        local = result.astimezone(local_tz)
        raise WhenError(
            f"That's more than two years ahead ({_short(local)}). "
            'Please give a time within the next two years, e.g. "next Tue 10:30".'
        )
    return result
