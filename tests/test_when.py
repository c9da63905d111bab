from datetime import UTC, datetime, timedelta, timezone

import pytest

from flows.when import (
    WhenError,
    add_business_days,
    at_local,
    format_when,
    parse_timezone,
    parse_when,
    shift_local,
    zone,
    zone_label,
)

BERLIN = "Europe/Berlin"
# Wednesday 25 Nov 2026, 11:00 in Berlin (CET, UTC+1).
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- parse_when: every listed form -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 3pm", utc(2026, 11, 26, 14, 0)),
        ("tomorrow at 15:00", utc(2026, 11, 26, 14, 0)),
        ("next tuesday 10:30", utc(2026, 12, 1, 9, 30)),
        ("next Tue 10:30", utc(2026, 12, 1, 9, 30)),
        ("in 2 hours", utc(2026, 11, 25, 12, 0)),
        ("in 30 minutes", utc(2026, 11, 25, 10, 30)),
        ("25.12 14:00", utc(2026, 12, 25, 13, 0)),
        ("25.12.2026 14:00", utc(2026, 12, 25, 13, 0)),
        ("2026-12-03 09:00", utc(2026, 12, 3, 8, 0)),
        ("Dec 3 at 9", utc(2026, 12, 3, 8, 0)),
        ("3 Dec 9am", utc(2026, 12, 3, 8, 0)),
        ("friday 9:15", utc(2026, 11, 27, 8, 15)),
        ("today 17:00", utc(2026, 11, 25, 16, 0)),
    ],
)
def test_listed_forms(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, BERLIN) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # dateparser returns nothing for "next sat"/"next wed": "next" is stripped.
        ("next sat 10:00", utc(2026, 11, 28, 9, 0)),
        ("next wed 17:00", utc(2026, 12, 2, 16, 0)),  # today is Wednesday: a week ahead
        ("next Wednesday 10:00", utc(2026, 12, 2, 9, 0)),
        ("on friday at 9", utc(2026, 11, 27, 8, 0)),
        # dateparser returns nothing for "01.03 10:00": past day-month -> next year.
        ("01.03 10:00", utc(2027, 3, 1, 9, 0)),
        ("25/12 14:00", utc(2026, 12, 25, 13, 0)),
        ("tomorrow 10.30", utc(2026, 11, 26, 9, 30)),
        ("tomorrow 11:00", utc(2026, 11, 26, 10, 0)),  # same time of day as now
        ("in half an hour", utc(2026, 11, 25, 10, 30)),
        ("in 1.5 hours", utc(2026, 11, 25, 11, 30)),
        ("tmrw 3pm", utc(2026, 11, 26, 14, 0)),
        ("3pm UTC", utc(2026, 11, 25, 15, 0)),
    ],
)
def test_extra_forms(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, BERLIN) == expected


def test_day_month_without_year_in_the_past_means_next_year() -> None:
    january = utc(2027, 1, 10, 10, 0)
    assert parse_when("25.12 14:00", january, BERLIN) == utc(2027, 12, 25, 13, 0)


def test_result_is_utc_with_seconds_zeroed() -> None:
    now = datetime(2026, 11, 25, 10, 0, 42, 123456, tzinfo=UTC)
    result = parse_when("in 30 minutes", now, BERLIN)
    assert result == utc(2026, 11, 25, 10, 30)
    assert result.tzinfo is UTC


def test_now_in_another_zone_is_accepted() -> None:
    now = NOW.astimezone(timezone(timedelta(hours=-5)))
    assert parse_when("tomorrow 3pm", now, BERLIN) == utc(2026, 11, 26, 14, 0)


def test_other_zones() -> None:
    assert parse_when("tomorrow 10:00", NOW, "America/New_York") == utc(2026, 11, 26, 15, 0)
    assert parse_when("tomorrow 10:00", NOW, "UTC") == utc(2026, 11, 26, 10, 0)
    assert parse_when("tomorrow 10:00", NOW, "Etc/GMT-2") == utc(2026, 11, 26, 8, 0)
    assert parse_when("tomorrow 10:00", NOW, "UTC+05:30") == utc(2026, 11, 26, 4, 30)


# --- DST ---------------------------------------------------------------------------------

DST_NOW = utc(2027, 3, 26, 10, 0)  # Friday; clocks go forward on Sunday 28 March 2027


def test_next_monday_after_spring_forward() -> None:
    assert parse_when("next monday 10:00", DST_NOW, BERLIN) == utc(2027, 3, 29, 8, 0)


def test_relative_day_across_dst_uses_the_offset_of_that_day() -> None:
    # dateparser attaches the +01:00 of "now" here; the wall time is re-localised.
    assert parse_when("in 2 days at 10:00", DST_NOW, BERLIN) == utc(2027, 3, 28, 8, 0)


def test_nonexistent_local_time_moves_forward() -> None:
    result = parse_when("sunday 02:30", DST_NOW, BERLIN)
    assert format_when(result, BERLIN) == "Sun 28 Mar 2027, 03:30 (Europe/Berlin)"


# --- parse_when: rejections ----------------------------------------------------------


def test_past_time_is_rejected_with_the_time_named() -> None:
    with pytest.raises(WhenError) as err:
        parse_when("today 9:00", NOW, BERLIN)
    assert str(err.value) == (
        "That time has already passed (Wed 25 Nov, 09:00). "
        'Please give a time from now on, e.g. "tomorrow 3pm".'
    )


def test_today_as_day_month_earlier_than_now_is_past_not_next_year() -> None:
    with pytest.raises(WhenError, match=r"already passed \(Wed 25 Nov, 09:00\)"):
        parse_when("25.11 09:00", NOW, BERLIN)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25.12", 'Which time on Fri 25 Dec? e.g. "25.12 14:00"'),
        ("tomorrow", 'Which time on Thu 26 Nov? e.g. "26.11 14:00"'),
        ("friday", 'Which time on Fri 27 Nov? e.g. "27.11 14:00"'),
        ("tomorrow morning", 'Which time on Thu 26 Nov? e.g. "26.11 14:00"'),
    ],
)
def test_date_without_time_asks_for_a_time(text: str, message: str) -> None:
    with pytest.raises(WhenError) as err:
        parse_when(text, NOW, BERLIN)
    assert str(err.value) == message


@pytest.mark.parametrize("text", ["", "   ", "blah", "a", "asdf qwer", "1234567890", "25.13 10:00"])
def test_nonsense_is_rejected(text: str) -> None:
    with pytest.raises(WhenError) as err:
        parse_when(text, NOW, BERLIN)
    assert "e.g." in str(err.value) or "Try" in str(err.value)


def test_vague_period_is_rejected() -> None:
    with pytest.raises(WhenError, match="day and a time"):
        parse_when("next week", NOW, BERLIN)


def test_too_long_is_rejected() -> None:
    with pytest.raises(WhenError, match="too long"):
        parse_when("tomorrow 3pm " + "x" * 200, NOW, BERLIN)


def test_more_than_two_years_ahead_is_rejected() -> None:
    with pytest.raises(WhenError, match=r"more than two years ahead \(Mon 1 Jan 2029, 10:00\)"):
        parse_when("1.1.2029 10:00", NOW, BERLIN)


def test_impossible_date_is_named() -> None:
    with pytest.raises(WhenError, match="There is no 31 Feb"):
        parse_when("31.02 10:00", NOW, BERLIN)


def test_when_error_is_a_value_error() -> None:
    assert issubclass(WhenError, ValueError)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("tomorrow 3pm", datetime(2026, 11, 25, 10, 0), BERLIN)


# --- format_when ---------------------------------------------------------------------


def test_format_when() -> None:
    assert format_when(utc(2026, 12, 1, 9, 30), BERLIN) == "Tue 1 Dec 2026, 10:30 (Europe/Berlin)"
    assert format_when(utc(2026, 12, 1, 9, 30), "Etc/GMT-2") == "Tue 1 Dec 2026, 11:30 (UTC+2)"
    assert format_when(utc(2026, 12, 1, 9, 30), "UTC+05:30") == "Tue 1 Dec 2026, 15:00 (UTC+05:30)"


# --- time zones ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("London", "Europe/London"),
        ("Tokyo", "Asia/Tokyo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Sydney", "Australia/Sydney"),
        ("Toronto", "America/Toronto"),
        ("Kyiv", "Europe/Kyiv"),
        ("Zürich", "Europe/Zurich"),
        ("Port au Prince", "America/Port-au-Prince"),
        ("Delhi", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("Kolkata", "Asia/Kolkata"),
        ("San Francisco", "America/Los_Angeles"),
        ("munich", "Europe/Berlin"),
        ("Beijing", "Asia/Shanghai"),
        ("Boston", "America/New_York"),
        ("in Berlin", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("UTC+2", "Etc/GMT-2"),
        ("+02:00", "Etc/GMT-2"),
        ("GMT-5", "Etc/GMT+5"),
        ("UTC+0", "UTC"),
        ("UTC+5:30", "UTC+05:30"),
        ("+0530", "UTC+05:30"),
        ("UTC-3:30", "UTC-03:30"),
    ],
)
def test_parse_timezone(text: str, expected: str) -> None:
    assert parse_timezone(text) == expected
    zone(expected)  # every result is usable


def test_unknown_timezone_is_rejected() -> None:
    with pytest.raises(WhenError) as err:
        parse_timezone("Atlantis")
    assert str(err.value) == (
        'I don\'t know the time zone "Atlantis". Type a city like Berlin or an offset like UTC+2.'
    )


@pytest.mark.parametrize("text", ["", "UTC+15", "+25:00", "UTC+5:75"])
def test_bad_timezones_are_rejected(text: str) -> None:
    with pytest.raises(WhenError):
        parse_timezone(text)


def test_etc_zone_sign_is_inverted() -> None:
    assert zone("Etc/GMT-2").utcoffset(datetime(2026, 1, 1)) == timedelta(hours=2)
    assert zone_label("Etc/GMT+5") == "UTC-5"


def test_zone_fixed_offset_round_trips() -> None:
    name = parse_timezone("UTC+5:30")
    assert zone(name).utcoffset(None) == timedelta(hours=5, minutes=30)
    assert zone("UTC-03:30").utcoffset(None) == -timedelta(hours=3, minutes=30)
    assert zone(name) is zone(name)  # cached


def test_zone_unknown_raises_when_error() -> None:
    with pytest.raises(WhenError):
        zone("Mars/Olympus_Mons")


# --- local-time helpers ----------------------------------------------------------------


def test_add_business_days_over_a_weekend() -> None:
    friday = utc(2026, 11, 27, 9, 0)  # Fri 10:00 Berlin
    assert add_business_days(friday, 3, BERLIN) == utc(2026, 12, 2, 9, 0)  # Wed 10:00
    assert add_business_days(friday, 0, BERLIN) == friday
    assert add_business_days(utc(2026, 12, 2, 9, 0), -3, BERLIN) == friday


def test_add_business_days_from_a_weekend() -> None:
    saturday = utc(2026, 11, 28, 9, 0)
    assert add_business_days(saturday, 1, BERLIN) == utc(2026, 11, 30, 9, 0)


def test_add_business_days_across_dst_keeps_local_time() -> None:
    friday = utc(2027, 3, 26, 9, 0)  # Fri 10:00 CET
    assert add_business_days(friday, 1, BERLIN) == utc(2027, 3, 29, 8, 0)  # Mon 10:00 CEST


def test_shift_local_one_day_back_across_dst_keeps_wall_clock() -> None:
    monday = utc(2027, 3, 29, 8, 0)  # Mon 10:00 CEST
    day_before = shift_local(monday, BERLIN, days=-1)
    assert day_before == utc(2027, 3, 28, 8, 0)  # Sun 10:00 CEST
    assert shift_local(utc(2027, 3, 28, 8, 0), BERLIN, days=-1) == utc(2027, 3, 27, 9, 0)
    assert format_when(shift_local(monday, BERLIN, days=-2), BERLIN).startswith(
        "Sat 27 Mar 2027, 10:00"
    )


def test_shift_local_hours() -> None:
    assert shift_local(utc(2026, 11, 25, 10, 0), BERLIN, hours=2) == utc(2026, 11, 25, 12, 0)


def test_at_local_next_morning() -> None:
    assert at_local(NOW, BERLIN, 9, days=1) == utc(2026, 11, 26, 8, 0)
    assert at_local(NOW, BERLIN, 18, 30) == utc(2026, 11, 25, 17, 30)


def test_at_local_across_dst_and_in_the_gap() -> None:
    saturday = utc(2027, 3, 27, 12, 0)
    assert at_local(saturday, BERLIN, 9, days=1) == utc(2027, 3, 28, 7, 0)  # 09:00 CEST
    # 02:30 does not exist on 28 March: moved forward to 03:30 CEST.
    assert at_local(saturday, BERLIN, 2, 30, days=1) == utc(2027, 3, 28, 1, 30)


def test_at_local_uses_the_local_date() -> None:
    late = utc(2026, 11, 25, 23, 30)  # already Thursday 00:30 in Berlin
    assert at_local(late, BERLIN, 9) == utc(2026, 11, 26, 8, 0)
