"""A reminder's buttons, pressed: done, snooze, or open the step it is about."""

from __future__ import annotations

from bot import buttons, reminders, texts
from bot.replies import Reply, refused


@buttons.handles(buttons.REMINDER)
def press(engine, turn, button: buttons.Button) -> list[Reply]:
    """Carry out a reminder's button; a reminder of another user is refused."""
    conn = engine.store.conn
    item = reminders.load(conn, button.ref)
    if item is None or item["user_id"] != turn.user.user_id:
        return [refused(engine.current_reply(turn, texts.BAD_BUTTON))]
    if button.value != "open":
        said = reminders.press(conn, item, button.value, turn.user.tz or "UTC", turn.now)
        if said is None:
            return [refused(engine.current_reply(turn, texts.BAD_BUTTON))]
        turn.reminders_changed()
        return engine.aside(turn, Reply(said))
    if item["status"] == "pending":
        reminders.mark(conn, item["id"], "done", turn.now)
    flow = engine.registry.contact_flow
    cid = item["contact_id"]
    if cid and flow and (turn.spec is not flow or turn.ref != cid):
        shown = engine.push(turn, flow.name, cid)
    else:
        shown = [engine.current_reply(turn)]
    lead = turn.spec.on_reminder and turn.spec.on_reminder(
        item["kind"], turn.model, engine.user_name(turn)
    )
    return ([Reply(lead)] if lead else []) + shown
