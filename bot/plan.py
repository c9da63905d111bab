"""The user's plan as every flow sees it: the root flow's answers (a flow's ``profile``).

A flow on top of the stack (a debrief, the look back at the goal) may change the plan with
``UpdateProfile``; the change is written at once, in the input's transaction, and every
flow open in this turn sees it (their ``profile`` is the same dictionary).
"""

from __future__ import annotations

from bot.effects import handles
from bot.storage import Progress
from flows.effects import UpdateProfile


@handles(UpdateProfile)
def update_profile(effect: UpdateProfile, host) -> None:
    """Set some of the root flow's answers and save the root flow's progress."""
    root, model = host.registry.root, host.root_model
    model.answers.update(effect.values)
    row = Progress(host.user.user_id, root.name, 0, model.state, model.answers)
    row.flags, row.history = model.flags, model.history
    host.store.save_progress(row, host.stamp)
