from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bot.calendar_file import ics_filename, meeting_ics

START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
NOW = datetime(2026, 11, 25, 10, 0, 5, tzinfo=UTC)


def build(**overrides: object) -> bytes:
    kwargs: dict[str, object] = {
        "uid": "meeting-42@interview-coach",
        "title": "Information interview with Anna",
        "start_utc": START,
        "minutes": 30,
        "tz": "Europe/Berlin",
        "location": "Café Central, Vienna",
        "description": "Questions:\n1. How did you start?\n2. What surprised you; and why?",
        "now_utc": NOW,
    }
    kwargs.update(overrides)
    return meeting_ics(**kwargs)  # type: ignore[arg-type]


def event_of(data: bytes):
    cal = Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_round_trip_in_the_users_zone() -> None:
    cal, event = event_of(build())
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert "PRODID" in cal
    assert str(event["UID"]) == "meeting-42@interview-coach"
    assert str(event["SUMMARY"]) == "Information interview with Anna"
    assert str(event["LOCATION"]) == "Café Central, Vienna"
    assert "URL" not in event
    assert str(event["DESCRIPTION"]).endswith("What surprised you; and why?")

    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Berlin"
    assert start.dt.astimezone(UTC) == START
    assert event["DTEND"].dt.astimezone(UTC) == START + timedelta(minutes=30)
    assert event["DTSTAMP"].dt == NOW

    (vtimezone,) = cal.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Berlin"


def test_alarm_one_hour_before() -> None:
    _, event = event_of(build())
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(hours=-1)


def test_raw_lines() -> None:
    text = build().decode()
    assert "DTSTART;TZID=Europe/Berlin:20261203T090000" in text
    assert "BEGIN:VTIMEZONE" in text
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "\r\n" in text


@pytest.mark.parametrize(
    ("location", "url"),
    [
        ("https://meet.example.com/abc", "https://meet.example.com/abc"),
        ("zoom.us/j/123456", "https://zoom.us/j/123456"),
        ("www.example.com", "https://www.example.com"),
    ],
)
def test_url_location_is_also_the_url(location: str, url: str) -> None:
    _, event = event_of(build(location=location))
    assert str(event["LOCATION"]) == location
    assert str(event["URL"]) == url


def test_empty_location_and_description_are_left_out() -> None:
    _, event = event_of(build(location="  ", description=""))
    assert "LOCATION" not in event
    assert "DESCRIPTION" not in event


def test_fixed_offset_zone_is_written_in_utc() -> None:
    cal, event = event_of(build(tz="UTC+05:30"))
    assert "TZID" not in event["DTSTART"].params
    assert event["DTSTART"].dt == START
    assert cal.walk("VTIMEZONE") == []
    assert "DTSTART:20261203T080000Z" in build(tz="UTC+05:30").decode()


def test_etc_zone_gets_a_vtimezone() -> None:
    cal, event = event_of(build(tz="Etc/GMT-2"))
    assert event["DTSTART"].params["TZID"] == "Etc/GMT-2"
    assert event["DTSTART"].dt.astimezone(UTC) == START


def test_meeting_across_dst_change() -> None:
    # 02:00 CET + 90 minutes on 28 March 2027 ends at 04:30 CEST.
    start = datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    _, event = event_of(build(start_utc=start, minutes=90))
    assert event["DTSTART"].dt.astimezone(UTC) == start
    assert event["DTEND"].dt.astimezone(UTC) == start + timedelta(minutes=90)


def test_naive_start_is_rejected() -> None:
    with pytest.raises(ValueError):
        build(start_utc=datetime(2026, 12, 3, 8, 0))


def test_ics_filename() -> None:
    assert (
        ics_filename("Information interview", START, "Europe/Berlin")
        == "information-interview-2026-12-03.ics"
    )
    late = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)  # 4 Dec in Berlin
    assert ics_filename("Chat with Zoë / Acme!", late, "Europe/Berlin") == (
        "chat-with-zoe-acme-2026-12-04.ics"
    )
    assert ics_filename("日本語", START, "UTC") == "information-interview-2026-12-03.ics"
    name = ics_filename("x" * 300, START, "UTC")
    assert name.isascii() and len(name) < 60
