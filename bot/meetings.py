"""A confirmed meeting or call: its reminders, and the calendar file that goes with it."""

from __future__ import annotations

from datetime import datetime

from bot import reminders
from bot.calendar_file import ics_filename, meeting_ics
from bot.effects import handles
from bot.replies import Document, Reply
from flows.effects import MEETING_REMINDERS, PlanMeeting
from flows.when import format_when

CALENDAR_CAPTION = "Add it to your calendar: {when}."


@handles(PlanMeeting)
def plan_meeting(effect: PlanMeeting, host) -> Reply | None:
    """(Re)arm the day-before, hour-before and thank-you reminders; attach an .ics file."""
    start = datetime.fromisoformat(effect.start)
    tz = host.user.tz or "UTC"
    conn = host.store.conn
    uid, cid = host.user.user_id, host.contact_id
    reminders.cancel(conn, uid, cid, list(MEETING_REMINDERS), host.now)
    host.reminders_changed()
    reminders.plan_meeting(conn, uid, cid, start, effect.minutes, tz, host.now, effect.payload)
    if not effect.send_calendar:
        return None
    content = meeting_ics(
        uid=f"contact-{cid}-{int(start.timestamp())}@interview-coach",
        title=effect.title,
        start_utc=start,
        minutes=effect.minutes,
        tz=tz,
        location=effect.place,
        description=effect.description,
        now_utc=host.now,
    )
    caption = CALENDAR_CAPTION.format(when=format_when(start, tz))
    return Reply(caption, [], Document(ics_filename(effect.title, start, tz), content, caption))
