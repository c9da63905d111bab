"""Build an .ics calendar file (RFC 5545) for an information interview.

The event is written in the user's own zone (DTSTART;TZID=...) with a matching VTIMEZONE,
so calendar apps show the time the user agreed to even if their device is set elsewhere.
Fixed-offset zones such as "UTC+05:30" (see ``flows.when.parse_timezone``) have no
VTIMEZONE definition, so for those the times are written in UTC ("...Z").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

from flows.when import zone

__all__ = ["PRODID", "ics_filename", "meeting_ics"]

PRODID = "-//interview-coach//information interview//EN"
REMINDER_BEFORE = timedelta(hours=1)

# "https://...", "www.example.com", or a bare host with a path ("zoom.us/j/123").
_URL_RE = re.compile(r"^(?:https?://\S+|www\.\S+|(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*)$", re.IGNORECASE)


def _as_utc(dt: datetime, name: str) -> datetime:
    if dt.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    return dt.astimezone(UTC)


def _location_url(location: str) -> str | None:
    text = location.strip()
    if not _URL_RE.match(text):
        return None
    return text if "://" in text else f"https://{text}"


def meeting_ics(
    *,
    uid: str,
    title: str,
    start_utc: datetime,
    minutes: int,
    tz: str,
    location: str,
    description: str,
    now_utc: datetime,
) -> bytes:
    """Return a VCALENDAR (METHOD:PUBLISH) with one VEVENT and a display alarm 1 hour before.

    ``tz`` is the user's zone name; IANA zones get DTSTART/DTEND with TZID plus a VTIMEZONE,
    fixed-offset zones ("UTC+05:30") get times in UTC. ``location`` is set as LOCATION and,
    when it looks like a link, also as URL. Empty location/description are left out.
    """
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    start = _as_utc(start_utc, "start_utc").replace(microsecond=0)
    stamp = _as_utc(now_utc, "now_utc").replace(microsecond=0)
    end = start + timedelta(minutes=minutes)
    tzinfo = zone(tz)
    use_tzid = isinstance(tzinfo, ZoneInfo) and tz != "UTC"
    if use_tzid:
        # Converted separately so each end gets the offset valid at that instant.
        start, end = start.astimezone(tzinfo), end.astimezone(tzinfo)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", title)
    if location.strip():
        event.add("location", location.strip())
        url = _location_url(location)
        if url:
            event.add("url", url)
    if description.strip():
        event.add("description", description)

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Reminder: {title}")
    alarm.add("trigger", -REMINDER_BEFORE)
    event.add_component(alarm)

    if use_tzid:
        tz_component = _vtimezone(tz, start.year)
        if tz_component is not None:
            cal.add_component(tz_component)  # before the event that refers to it
    cal.add_component(event)
    return cal.to_ical()


@lru_cache(maxsize=256)
def _vtimezone(tz: str, year: int) -> Timezone | None:
    """The zone's VTIMEZONE around ``year`` (only those transitions: keeps the file small).

    Built once per zone and year: icalendar works it out hour by hour (about 0.1 s of CPU),
    which was the largest single cost of a meeting step. It is only read afterwards."""
    try:
        return Timezone.from_tzid(
            tz, first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1)
        )
    except ValueError:
        return None


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-")


def ics_filename(title: str, start_utc: datetime, tz: str) -> str:
    """A safe ASCII file name such as "information-interview-2026-12-03.ics".

    The date is the meeting's local date in ``tz``. The title is slugged (accents dropped,
    anything else non-alphanumeric turned into dashes); an empty slug falls back to
    "information-interview".
    """
    local_day = _as_utc(start_utc, "start_utc").astimezone(zone(tz)).date()
    return f"{_slug(title) or 'information-interview'}-{local_day.isoformat()}.ics"
