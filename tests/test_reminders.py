"""Reminders with a fake clock: due times in Europe/Berlin (DST, weekends), typed times,
time zones, snooze/done/cancel, pause/resume, moving a meeting, and Scheduler.tick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import buttons, reminders, texts
from bot.clock import FakeClock
from bot.scheduler import Scheduler
from tests.engine_helpers import Chat, make_engine, through_debrief
from tests.reminder_helpers import (
    BERLIN,
    Outbox,
    berlin,
    confirm_meeting,
    local,
    pending,
    reminder_rows,
    to_call_when,
    to_outcome,
    ts,
    user_flags,
)

# Wednesday 25 Nov 2026, 11:00 in Berlin (CET, UTC+1).
NOW = berlin(2026, 11, 25, 11)
MEETING_KINDS = ("meeting_day_before", "meeting_hour_before", "thank_you")
FOLLOW_UP_KINDS = ("follow_up_second_person", "follow_up_again", "follow_up_move_on")
NUDGE_TEXT = "plan is waiting for you"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class World:
    """One engine over a fresh SQLite file, a fake clock, a scheduler and its outbox."""

    def __init__(self, tmp_path, start: datetime = NOW) -> None:
        self.clock = FakeClock(start)
        self.engine = make_engine(str(tmp_path / "coach.db"), self.clock)
        self.conn = self.engine.store.conn
        self.outbox = Outbox()
        self.scheduler = Scheduler(self.engine.store, self.outbox, self.clock)

    def chat(self, user_id: int = 1, first_name: str = "Ann") -> Chat:
        return Chat(self.engine, user_id, first_name)

    async def tick_at(self, when: datetime) -> int:
        """Move the clock and tick; how many reminders other than the idle nudge went out."""
        self.clock.set(when)
        before = len(self.outbox.sent)
        await self.scheduler.tick()
        return sum(NUDGE_TEXT not in r.text for _, r in self.outbox.sent[before:])

    def texts(self) -> list[str]:
        """Texts sent so far, idle nudges left out."""
        return [t for t in self.outbox.texts() if NUDGE_TEXT not in t]

    def by_kind(self, user_id: int = 1, status: str | None = "pending") -> dict[str, dict]:
        found: dict[str, dict] = {}
        for row in reminder_rows(self.conn, user_id, status=status):
            assert row["kind"] not in found, f"two {row['kind']} rows: {found}"
            found[row["kind"]] = row
        return found

    def tom_id(self, user_id: int = 1) -> int:
        return self.conn.execute(
            "SELECT id FROM contacts WHERE user_id = ? AND name = 'Tom Jones'", (user_id,)
        ).fetchone()[0]


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def press_on(chat: Chat, reply, label: str):
    """Press a button of a reminder message the scheduler sent (not of the chat's last reply)."""
    data = next((d for d, lbl in reply.choices if lbl == label), None)
    assert data is not None, f"no {label!r} in {reply.choices}"
    return chat.press(data)


# -- every kind gets the right due time ------------------------------------------------------


def test_call_reminder_at_the_typed_local_time_after_the_spring_dst_change(tmp_path):
    # Friday 27 March 2026, 12:00 CET; clocks go forward on Sunday 29 March.
    w = World(tmp_path, berlin(2026, 3, 27, 12))
    chat = w.chat()
    to_call_when(chat)
    chat.send("monday 15:00")
    assert "I'll remind you to call on Mon 30 Mar 2026, 15:00 (Europe/Berlin)" in chat.last
    assert reminder_rows(w.conn, 1) == []  # nothing is saved before the yes
    chat.click("Yes, that's right")
    (row,) = reminder_rows(w.conn, 1)
    assert row["kind"] == "call"
    assert row["status"] == "pending"
    assert row["due_ts"] == ts(utc(2026, 3, 30, 13, 0))  # 15:00 CEST, not 14:00 UTC+1
    assert row["contact_id"] == w.tom_id()
    assert row["payload"]["person"] == "Tom Jones"


@pytest.mark.parametrize(
    ("now", "typed", "start", "day_before_gap"),
    [
        # Spring: Sat 28 Mar 14:00 CET -> Sun 29 Mar 14:00 CEST is only 23 hours.
        (berlin(2026, 3, 25, 10), "29.03 14:00", utc(2026, 3, 29, 12), timedelta(hours=23)),
        # Autumn: Sat 24 Oct 10:00 CEST -> Sun 25 Oct 10:00 CET is 25 hours.
        (berlin(2026, 10, 21, 10), "25.10 10:00", utc(2026, 10, 25, 9), timedelta(hours=25)),
        # No change in between.
        (NOW, "3.12 14:00", utc(2026, 12, 3, 13), timedelta(hours=24)),
    ],
    ids=["spring-dst", "autumn-dst", "winter"],
)
def test_meeting_day_before_hour_before_and_thank_you(tmp_path, now, typed, start, day_before_gap):
    w = World(tmp_path, now)
    chat = w.chat()
    to_outcome(chat)
    chat.click("Agreed to meet")
    chat.send(typed)
    chat.send("Cafe Blau")
    assert reminder_rows(w.conn, 1) == []  # read back, not yet confirmed
    chat.click("Yes, confirmed")
    rows = w.by_kind()
    assert set(rows) == set(MEETING_KINDS)
    for row in rows.values():
        assert row["event_ts"] == ts(start)
        assert row["contact_id"] == w.tom_id()
        assert row["payload"]["place"] == "Cafe Blau"

    day_before = rows["meeting_day_before"]["due_ts"]
    assert day_before == ts(start - day_before_gap)
    # same local time of day, one calendar day earlier
    assert local(day_before).time() == local(ts(start)).time()
    assert local(day_before).date() == local(ts(start)).date() - timedelta(days=1)
    assert rows["meeting_hour_before"]["due_ts"] == ts(start - timedelta(hours=1))
    thank_you = rows["thank_you"]["due_ts"]
    assert ts(start + timedelta(minutes=20)) < thank_you <= ts(start + timedelta(hours=24))
    assert thank_you == ts(start + timedelta(minutes=20, hours=2))


def test_phone_call_gets_the_same_reminders_for_five_minutes(world):
    chat = world.chat()
    to_outcome(chat)
    chat.click("5 minutes by phone")
    chat.send("tomorrow 16:00")
    chat.send("+49 30 1234567")
    chat.click("Yes, confirmed")
    start = berlin(2026, 11, 26, 16)
    rows = world.by_kind()
    assert set(rows) == set(MEETING_KINDS)
    assert rows["meeting_hour_before"]["due_ts"] == ts(start - timedelta(hours=1))
    assert rows["thank_you"]["due_ts"] == ts(start + timedelta(minutes=5, hours=2))
    assert rows["thank_you"]["payload"]["what"] == "your phone call"
    # more than a day ahead, so the "day before" one is there too
    assert rows["meeting_day_before"]["due_ts"] == ts(start - timedelta(days=1))


def test_meeting_tomorrow_morning_skips_a_day_before_that_is_already_past(world):
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "tomorrow 9:00")
    rows = world.by_kind()
    assert set(rows) == {"meeting_hour_before", "thank_you"}
    assert rows["meeting_hour_before"]["due_ts"] == ts(berlin(2026, 11, 26, 8))


def test_no_answer_follow_ups_count_business_days_over_a_weekend_and_the_dst_change(tmp_path):
    # Friday 23 Oct 2026, 15:00 CEST; clocks go back on Sunday 25 Oct.
    w = World(tmp_path, berlin(2026, 10, 23, 15))
    chat = w.chat()
    to_outcome(chat)
    chat.click("No answer yet")
    rows = w.by_kind()
    assert set(rows) == set(FOLLOW_UP_KINDS)
    expected = {
        "follow_up_second_person": berlin(2026, 10, 28, 10),  # Wed, 3 business days
        "follow_up_again": berlin(2026, 11, 3, 10),  # Tue, 7 business days
        "follow_up_move_on": berlin(2026, 11, 6, 10),  # Fri, 10 business days
    }
    for kind, due in expected.items():
        assert rows[kind]["due_ts"] == ts(due), (kind, local(rows[kind]["due_ts"]))
        assert local(rows[kind]["due_ts"]).weekday() < 5
        assert local(rows[kind]["due_ts"]).hour == 10  # a working hour, across the change
        assert rows[kind]["contact_id"] == w.tom_id()
    # the second person is tried at 10:00 CET (09:00 UTC), not at the minute of the log
    assert rows["follow_up_second_person"]["due_ts"] == ts(utc(2026, 10, 28, 9))


def test_no_answer_again_restarts_the_count_and_an_outcome_ends_it(world):
    chat = world.chat()
    to_outcome(chat)
    chat.click("No answer yet")
    first = world.by_kind()
    world.clock.set(berlin(2026, 11, 27, 10))  # Friday
    chat.click("Pick a new time to call")
    chat.send("/skip")
    chat.click("No answer yet")
    rows = world.by_kind()
    assert set(rows) == set(FOLLOW_UP_KINDS)  # one set only, counted from Friday
    assert rows["follow_up_second_person"]["due_ts"] == ts(berlin(2026, 12, 2, 10))
    assert rows["follow_up_again"]["due_ts"] == ts(berlin(2026, 12, 8, 10))
    assert rows["follow_up_move_on"]["due_ts"] == ts(berlin(2026, 12, 11, 10))
    cancelled = world.by_kind(status="cancelled")
    assert {k: r["due_ts"] for k, r in cancelled.items()} == {
        k: r["due_ts"] for k, r in first.items()
    }
    chat.click("They got back to me")
    chat.click("Agreed to meet")
    assert not [r for r in pending(world.conn, 1) if r["kind"] in FOLLOW_UP_KINDS]


def test_they_got_back_to_me_stops_the_no_answer_follow_ups(world):
    """BUG: "They got back to me" (log_reply) leaves the follow-ups pending until an outcome
    is picked; a user who stops at the outcome step is told three business days later that
    there was "no word" from the person who did answer."""
    chat = world.chat()
    to_outcome(chat)
    chat.click("No answer yet")
    chat.click("They got back to me")
    assert "How did the call with Tom Jones go?" in chat.last
    assert [r["kind"] for r in pending(world.conn, 1)] == []


async def test_idle_nudge_two_days_after_the_last_answer_then_carry_on(world):
    chat = world.chat()
    chat.send("/start")
    chat.click("Let's start")
    (nudge,) = pending(world.conn, 1, kind="nudge")
    assert nudge["due_ts"] == ts(NOW + timedelta(days=2))

    world.clock.advance(days=1)
    chat.click("Yes, I have")
    step = chat.last
    (moved,) = pending(world.conn, 1, kind="nudge")  # one nudge, moved
    assert moved["id"] == nudge["id"]
    assert moved["due_ts"] == ts(NOW + timedelta(days=3))

    world.clock.set(NOW + timedelta(days=3, minutes=-1))
    assert await world.scheduler.tick() == 0
    world.clock.set(NOW + timedelta(days=3))
    assert await world.scheduler.tick() == 1
    ((uid, reply),) = world.outbox.sent
    assert uid == 1
    assert "waiting for you" in reply.text
    assert reply.choices == [(buttons.reminder(nudge["id"], "open"), "Carry on")]
    (row,) = reminder_rows(world.conn, 1, kind="nudge", status="sent")
    assert row["id"] == nudge["id"]

    world.clock.advance(hours=5)
    press_on(chat, reply, "Carry on")
    assert chat.last == step  # exactly the saved step, nothing skipped or lost
    assert "Step 2 of 8" in chat.last


def test_no_nudge_when_nothing_is_half_finished(world):
    chat = world.chat()
    chat.send("/start")  # still at the welcome: nothing started
    assert pending(world.conn, 1, kind="nudge") == []


# -- typed times, the time zone --------------------------------------------------------------


def test_natural_forms_are_read_in_the_users_zone_and_shown_back_before_saving(world):
    chat = world.chat()
    to_call_when(chat)
    forms = [
        ("tomorrow 3pm", "Thu 26 Nov 2026, 15:00"),
        ("next tuesday 10:30", "Tue 1 Dec 2026, 10:30"),
        ("in 2 hours", "Wed 25 Nov 2026, 13:00"),
        ("25.12 14:00", "Fri 25 Dec 2026, 14:00"),
        ("Dec 3 at 9", "Thu 3 Dec 2026, 09:00"),
    ]
    for typed, shown in forms:
        chat.send(typed)
        assert f"I'll remind you to call on {shown} (Europe/Berlin). Is that right?" in chat.last
        assert chat.choices == ["Yes, that's right", "No, change it"]
        assert reminder_rows(world.conn, 1) == []
        if typed != forms[-1][0]:
            chat.click("No, change it")
    chat.click("Yes, that's right")
    (row,) = reminder_rows(world.conn, 1)
    assert (row["kind"], row["due_ts"]) == ("call", ts(berlin(2026, 12, 3, 9)))


def test_past_times_and_nonsense_get_a_specific_re_ask(world):
    chat = world.chat()
    to_call_when(chat)
    chat.send("today 9:00")
    assert "That time has already passed (Wed 25 Nov, 09:00)" in chat.last
    chat.send("banana")
    assert "couldn't read a date" in chat.last
    chat.send("tomorrow")
    assert "Which time on Thu 26 Nov?" in chat.last
    chat.send("31.11 10:00")
    assert "There is no 31 Nov" in chat.last
    assert reminder_rows(world.conn, 1) == []
    chat.send("tomorrow 10:00")  # still at the same step
    assert "Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in chat.last
    chat.click("Yes, that's right")
    chat.click("Agreed to meet")
    chat.send("yesterday 14:00")
    assert "That time has already passed (Tue 24 Nov, 14:00)" in chat.last
    assert world.by_kind() == {}


def test_the_zone_is_asked_once_and_timezone_changes_it(world):
    chat = world.chat()
    to_call_when(chat)  # answered "Berlin" on the way
    assert "Time zone set: Europe/Berlin" in chat.history[-1][0].text
    assert user_flags(world.conn, 1)["tz"] == BERLIN
    chat.send("tomorrow 3pm")
    chat.click("Yes, that's right")
    chat.click("Agreed to meet")
    assert "time zone" not in chat.last  # not asked again
    assert "When will you meet?" in chat.last

    chat.send("/timezone")
    assert "Your time zone is Europe/Berlin" in chat.last
    assert chat.choices == ["Keep Europe/Berlin"]
    chat.send("Atlantis")
    assert 'I don\'t know the time zone "Atlantis"' in chat.last
    chat.click("Keep Europe/Berlin")
    assert "When will you meet?" in chat.last
    assert user_flags(world.conn, 1)["tz"] == BERLIN

    chat.send("/timezone")
    chat.send("New York")
    assert "Time zone set: America/New_York" in chat.last
    assert "When will you meet?" in chat.last  # back at the step
    assert user_flags(world.conn, 1)["tz"] == "America/New_York"
    chat.send("3.12 14:00")
    chat.send("Cafe Blau")
    assert "When: Thu 3 Dec 2026, 14:00 (America/New_York)" in chat.last
    chat.click("Yes, confirmed")
    start = datetime(2026, 12, 3, 19, 0, tzinfo=UTC)  # 14:00 EST
    rows = world.by_kind()
    assert rows["meeting_hour_before"]["due_ts"] == ts(start - timedelta(hours=1))
    assert rows["meeting_day_before"]["due_ts"] == ts(start - timedelta(days=1))


def test_a_utc_offset_works_as_a_zone_too(world):
    chat = world.chat()
    to_call_when(chat, tz="UTC+5:30")
    assert user_flags(world.conn, 1)["tz"] == "UTC+05:30"
    chat.send("tomorrow 3pm")
    assert "Thu 26 Nov 2026, 15:00 (UTC+05:30)" in chat.last
    chat.click("Yes, that's right")
    (row,) = reminder_rows(world.conn, 1)
    assert row["due_ts"] == ts(utc(2026, 11, 26, 9, 30))


# -- sending, snooze, done, cancel, pause -----------------------------------------------------

CALL_DUE = berlin(2026, 11, 26, 15)  # "tomorrow 3pm"


@pytest.fixture
def called(world):
    """Ann has confirmed she will call Tom Jones tomorrow at 15:00 Berlin time."""
    chat = world.chat()
    to_outcome(chat, "tomorrow 3pm")
    (row,) = reminder_rows(world.conn, 1)
    assert (row["kind"], row["due_ts"]) == ("call", ts(CALL_DUE))
    return chat, row


async def test_a_due_reminder_goes_out_once_with_its_buttons(world, called):
    chat, row = called
    assert await world.tick_at(CALL_DUE - timedelta(minutes=1)) == 0
    assert await world.tick_at(CALL_DUE) == 1
    ((uid, reply),) = world.outbox.sent
    assert uid == 1
    assert "Time to call Tom Jones" in reply.text
    rid = row["id"]
    assert reply.choices == [
        (f"r|{rid}|done", "Done"),
        (f"r|{rid}|snooze_hour", "In 1 hour"),
        (f"r|{rid}|snooze_morning", "Tomorrow morning"),
        (f"r|{rid}|open", "Open the step"),
    ]
    (sent,) = reminder_rows(world.conn, 1, status="sent")
    assert sent["id"] == rid
    assert sent["sent_at"] == CALL_DUE.isoformat()
    assert sent["payload"]["message_id"] == 1001
    assert await world.tick_at(CALL_DUE + timedelta(minutes=5)) == 0
    assert await world.tick_at(CALL_DUE + timedelta(days=3)) == 0
    assert world.texts() == [reply.text]


async def test_snooze_one_hour(world, called):
    chat, row = called
    await world.tick_at(CALL_DUE + timedelta(minutes=2))
    ((_, reply),) = world.outbox.sent
    press_on(chat, reply, "In 1 hour")
    assert chat.aside == "Snoozed until Thu 26 Nov 2026, 16:02 (Europe/Berlin)."
    (again,) = pending(world.conn, 1)
    assert again["id"] == row["id"]
    assert again["due_ts"] == ts(CALL_DUE + timedelta(minutes=62))
    assert await world.tick_at(CALL_DUE + timedelta(minutes=61)) == 0
    assert await world.tick_at(CALL_DUE + timedelta(minutes=62)) == 1
    assert world.texts() == [reply.text, reply.text]


async def test_snooze_until_tomorrow_morning_is_nine_local_across_the_autumn_change(tmp_path):
    # Saturday 24 Oct 2026; clocks go back in the night.
    w = World(tmp_path, berlin(2026, 10, 24, 10))
    chat = w.chat()
    to_outcome(chat, "today 21:00")
    due = utc(2026, 10, 24, 19)  # 21:00 CEST
    assert await w.tick_at(due) == 1
    ((_, reply),) = w.outbox.sent
    press_on(chat, reply, "Tomorrow morning")
    assert chat.aside == "Snoozed until Sun 25 Oct 2026, 09:00 (Europe/Berlin)."
    morning = utc(2026, 10, 25, 8)  # 09:00 CET: 13 hours later, not 12
    (row,) = pending(w.conn, 1)
    assert row["due_ts"] == ts(morning)
    assert await w.tick_at(morning - timedelta(minutes=1)) == 0
    assert await w.tick_at(morning) == 1


async def test_snooze_tomorrow_morning_in_spring(tmp_path):
    w = World(tmp_path, berlin(2026, 3, 28, 10))
    chat = w.chat()
    to_outcome(chat, "today 22:30")
    assert await w.tick_at(berlin(2026, 3, 28, 22, 30)) == 1
    press_on(chat, w.outbox.sent[0][1], "Tomorrow morning")
    (row,) = pending(w.conn, 1)
    assert row["due_ts"] == ts(utc(2026, 3, 29, 7))  # 09:00 CEST


async def test_a_snoozed_hour_before_reminder_never_arrives_after_the_meeting(world):
    """BUG: "Tomorrow morning" on the hour-before reminder moves it past the meeting, and
    snooze() keeps it alive until due + 1 hour, so the morning after the meeting the user
    reads "In an hour: your information interview ..." about a meeting already over."""
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    start = berlin(2026, 12, 3, 14)
    await world.tick_at(start - timedelta(days=1))
    assert await world.tick_at(start - timedelta(hours=1)) == 1
    reply = world.outbox.sent[-1][1]
    assert "In an hour:" in reply.text
    press_on(chat, reply, "Tomorrow morning")
    assert await world.tick_at(start + timedelta(minutes=140)) == 1  # the thank-you
    assert await world.tick_at(berlin(2026, 12, 4, 9)) == 0, world.texts()[-1]
    assert not [t for t in world.texts() if "In an hour:" in t][1:]


async def test_done_stops_it_for_good(world, called):
    chat, row = called
    await world.tick_at(CALL_DUE)
    ((_, reply),) = world.outbox.sent
    press_on(chat, reply, "Done")
    assert chat.aside == "Marked done."
    (done,) = reminder_rows(world.conn, 1, status="done")
    assert done["id"] == row["id"]
    press_on(chat, reply, "In 1 hour")  # an old button on the same message
    assert chat.aside == reminders.GONE
    assert await world.tick_at(CALL_DUE + timedelta(hours=2)) == 0
    assert world.texts() == [reply.text]


async def test_cancel_from_the_reminders_list(world, called):
    chat, row = called
    chat.send("/reminders")
    assert "Thu 26 Nov 2026, 15:00 (Europe/Berlin): Call Tom Jones" in chat.aside
    chat.click("Cancel: Call Tom Jones")
    assert chat.aside == "Cancelled: Call Tom Jones."
    (cancelled,) = reminder_rows(world.conn, 1, status="cancelled")
    assert cancelled["id"] == row["id"]
    chat.send("/reminders")
    assert "Call Tom Jones" not in chat.aside
    chat.press(buttons.reminder(row["id"], "cancel"))
    assert chat.aside == reminders.GONE
    assert await world.tick_at(CALL_DUE) == 0
    assert world.texts() == []


async def test_another_users_reminder_button_changes_nothing(world, called):
    _, row = called
    bob = world.chat(2, "Bob")
    bob.send("/start")
    for action in ("cancel", "done", "snooze_hour", "open"):
        bob.press(buttons.reminder(row["id"], action))
        assert "can't use that button" in bob.last
    (still,) = pending(world.conn, 1)
    assert (still["id"], still["due_ts"]) == (row["id"], ts(CALL_DUE))


async def test_pause_holds_everything_and_resume_releases_what_is_still_useful(world, called):
    chat, row = called
    chat.send("/pause")
    assert chat.aside == texts.PAUSED
    assert user_flags(world.conn, 1)["paused"]
    assert await world.tick_at(CALL_DUE) == 0
    assert await world.tick_at(CALL_DUE + timedelta(hours=3)) == 0
    assert world.outbox.attempts == 0
    chat.send("/reminders")
    assert "Call Tom Jones" in chat.aside and "on hold" in chat.aside
    chat.send("/resume")
    assert chat.aside == texts.RESUMED
    assert await world.tick_at(CALL_DUE + timedelta(hours=3)) == 1
    assert "Time to call Tom Jones" in world.texts()[0]
    (sent,) = reminder_rows(world.conn, 1, status="sent")
    assert sent["id"] == row["id"]


async def test_resume_after_a_reminder_went_stale_drops_it(world, called):
    chat, row = called
    chat.send("/pause")
    assert await world.tick_at(CALL_DUE + timedelta(hours=13)) == 0
    assert pending(world.conn, 1)[0]["id"] == row["id"]  # held, not dropped meanwhile
    chat.send("/resume")
    assert await world.scheduler.tick() == 0
    (dropped,) = reminder_rows(world.conn, 1, status="dropped")
    assert dropped["id"] == row["id"]
    assert world.outbox.attempts == 0


async def test_open_the_step_opens_the_contact_it_is_about(world, called):
    chat, _ = called
    chat.send("/plan")  # the user wanders off to the review
    assert "Your plan so far" in chat.last
    await world.tick_at(CALL_DUE)
    ((_, reply),) = world.outbox.sent
    press_on(chat, reply, "Open the step")
    assert "Now working on: Tom Jones." in chat.last
    assert "How did the call with Tom Jones go?" in chat.last
    assert "Agreed to meet" in chat.choices


# -- moving or calling off a meeting ----------------------------------------------------------


async def test_it_moved_moves_the_reminders_and_called_off_cancels_them(world):
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    old = world.by_kind()
    assert old["meeting_day_before"]["due_ts"] == ts(berlin(2026, 12, 2, 14))

    chat.click("It moved")
    assert "When will you meet?" in chat.last
    chat.send("4.12 10:00")
    chat.click_starting("Keep: Cafe Blau")
    assert "When: Fri 4 Dec 2026, 10:00 (Europe/Berlin)" in chat.last
    chat.click("Yes, confirmed")
    (doc,) = chat.documents
    assert "2026-12-04" in doc.filename
    new = world.by_kind()
    start = berlin(2026, 12, 4, 10)
    assert {k: r["due_ts"] for k, r in new.items()} == {
        "meeting_day_before": ts(berlin(2026, 12, 3, 10)),
        "meeting_hour_before": ts(start - timedelta(hours=1)),
        "thank_you": ts(start + timedelta(minutes=20, hours=2)),
    }
    assert all(r["event_ts"] == ts(start) for r in new.values())
    old_ids = {r["id"] for r in old.values()}
    cancelled = {r["id"] for r in reminder_rows(world.conn, 1, status="cancelled")}
    assert old_ids <= cancelled

    # the old day-before moment passes quietly; the new one comes
    assert await world.tick_at(berlin(2026, 12, 2, 14)) == 0
    assert await world.tick_at(berlin(2026, 12, 3, 10)) == 1
    assert "Tomorrow:" in world.texts()[0]
    assert "Fri 4 Dec 2026, 10:00 (Europe/Berlin)" in world.texts()[0]

    chat.send("/start")
    chat.click("It was called off")
    assert "How did the call with Tom Jones go?" in chat.last
    assert [r for r in pending(world.conn, 1) if r["kind"] in MEETING_KINDS] == []
    assert await world.tick_at(start + timedelta(hours=3)) == 0


@pytest.mark.parametrize("button", ["It moved", "It was called off"])
def test_back_to_the_set_meeting_keeps_its_reminders(world, button):
    """BUG: "It moved" / "It was called off" cancel the meeting's reminders at once; /back
    returns to "It's in the diary ... I'll remind you the day before and an hour before"
    with the meeting still set, but no reminder is left."""
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    chat.click(button)
    chat.send("/back")
    assert "It's in the diary" in chat.last
    assert "It happened" in chat.choices
    assert set(world.by_kind()) == set(MEETING_KINDS)


def test_changing_the_time_on_the_read_back_schedules_only_the_confirmed_time(world):
    chat = world.chat()
    to_outcome(chat)
    chat.click("Agreed to meet")
    chat.send("3.12 14:00")
    chat.send("Cafe Blau")
    chat.click("Change the time")
    chat.send("5.12 11:00")
    assert reminder_rows(world.conn, 1) == []
    chat.click("Yes, confirmed")
    rows = world.by_kind()
    assert all(r["event_ts"] == ts(berlin(2026, 12, 5, 11)) for r in rows.values())
    assert len(reminder_rows(world.conn, 1)) == 3


def test_it_happened_keeps_only_the_thank_you_and_sending_it_ends_that(world):
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    world.clock.set(berlin(2026, 12, 3, 15))
    chat.click("It happened")
    assert set(world.by_kind()) == {"thank_you"}
    chat.send("Portfolios matter")
    through_debrief(chat)
    chat.click("Sent it")
    assert set(world.by_kind()) == {"stay_in_touch"}  # weeks later, not about the thank-you


# -- Scheduler.tick --------------------------------------------------------------------------


def make_user(w: World, user_id: int) -> int:
    chat = w.chat(user_id, f"U{user_id}")
    chat.send("/start")
    chat.send("/timezone")
    chat.send("Berlin")
    return user_id


def add(w: World, user_id: int, kind: str, due: datetime, **kw) -> int:
    written_at = kw.pop("written_at", w.clock.now())
    with w.engine.store.transaction() as conn:
        rid = reminders.schedule(
            conn, user_id, None, kind, due, written_at, payload={"person": "Tom Jones"}, **kw
        )
    assert rid is not None
    return rid


async def test_meeting_reminders_that_went_stale_are_dropped_not_sent(world):
    chat = world.chat()
    to_outcome(chat)
    confirm_meeting(chat, "3.12 14:00")
    rows = world.by_kind()
    start = berlin(2026, 12, 3, 14)
    # the bot was down from before the day-before moment until two hours before the meeting
    assert await world.tick_at(start - timedelta(hours=2)) == 0
    assert world.texts() == []
    (dropped,) = reminder_rows(world.conn, 1, status="dropped")
    assert dropped["id"] == rows["meeting_day_before"]["id"]
    assert dropped["sent_at"] is None
    assert await world.tick_at(start - timedelta(hours=1)) == 1
    assert world.texts()[0].startswith("\u23f0 In an hour:")
    assert "Thu 3 Dec 2026, 14:00 (Europe/Berlin)" in world.texts()[0]
    assert "Cafe Blau" in world.texts()[0]
    # after the meeting started, a missed hour-before is no use either
    world.conn.execute("UPDATE reminders SET status = 'pending' WHERE kind = 'meeting_hour_before'")
    assert await world.tick_at(start + timedelta(minutes=1)) == 0
    assert reminder_rows(world.conn, 1, kind="meeting_hour_before")[0]["status"] == "dropped"
    assert await world.tick_at(start + timedelta(minutes=140)) == 1  # the thank-you
    assert "thank-you" in world.texts()[-1]


async def test_missed_while_down_useful_ones_go_once_the_stale_one_is_dropped(world):
    uid = make_user(world, 5)
    now = world.clock.now()
    meeting = now - timedelta(hours=1)
    call = add(world, uid, "call", now - timedelta(minutes=30))
    thanks = add(world, uid, "thank_you", now - timedelta(hours=3), event=meeting)
    stale = add(
        world,
        uid,
        "meeting_day_before",
        meeting - timedelta(days=1),
        event=meeting,
        written_at=now - timedelta(days=3),
    )
    assert await world.scheduler.tick() == 2
    assert await world.scheduler.tick() == 0
    status = {r["id"]: r["status"] for r in reminder_rows(world.conn, uid)}
    assert status == {call: "sent", thanks: "sent", stale: "dropped"}
    assert len(world.outbox.sent) == 2
    assert world.scheduler.dropped == 1


async def test_a_blocked_user_is_marked_and_gets_nothing_more(world):
    ann, bob = make_user(world, 11), make_user(world, 12)
    now = world.clock.now()
    first = add(world, ann, "call", now)
    later = add(world, ann, "thank_you", now + timedelta(hours=2))
    bobs = add(world, bob, "call", now)
    world.outbox.blocked.add(ann)
    assert await world.scheduler.tick() == 1
    assert user_flags(world.conn, ann)["blocked"]
    assert not user_flags(world.conn, bob)["blocked"]
    status = {r["id"]: r["status"] for r in reminder_rows(world.conn)}
    assert status == {first: "pending", later: "pending", bobs: "sent"}
    attempts = world.outbox.attempts
    assert await world.tick_at(now + timedelta(hours=3)) == 0
    assert world.outbox.attempts == attempts  # not even tried
    assert reminders.next_due_ts(world.conn) is None
    assert world.scheduler.seconds_to_next() == 300.0

    # writing to the bot again unblocks: what is still useful goes out then
    world.outbox.blocked.clear()
    world.chat(ann, "U11").send("/start")
    assert not user_flags(world.conn, ann)["blocked"]
    assert await world.scheduler.tick() == 2


async def test_a_network_error_keeps_the_reminder_for_a_retry(world):
    uid = make_user(world, 21)
    rid = add(world, uid, "call", world.clock.now())
    world.outbox.failing.add(uid)
    assert await world.scheduler.tick() == 0
    assert reminder_rows(world.conn, uid)[0]["status"] == "pending"
    assert not user_flags(world.conn, uid)["blocked"]
    world.outbox.failing.clear()
    world.clock.advance(seconds=30)
    assert await world.scheduler.tick() == 1
    assert [r["status"] for r in reminder_rows(world.conn, uid)] == ["sent"]
    assert reminder_rows(world.conn, uid)[0]["id"] == rid


def test_seconds_to_next_points_at_the_earliest_due_reminder(world):
    uid = make_user(world, 31)
    now = world.clock.now()
    add(world, uid, "call", now + timedelta(seconds=90))
    add(world, uid, "call", now + timedelta(hours=2))
    assert world.scheduler.seconds_to_next() == pytest.approx(90)
    world.clock.advance(seconds=100)
    assert world.scheduler.seconds_to_next() == pytest.approx(0.05)
