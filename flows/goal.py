"""Back to the decision: a look back across the debriefs, then keep, adjust or change the goal.

```
look back (the user's own debrief lines, what keeps coming up, does it still fit?)
  -> keep the goal | adjust it (type it) | explore another field (type it) -> done
```
Opened by ``/goal`` at any time, and offered by the debrief after every second or third
interview. The choice updates the plan's career goal (the root flow's ``career_goal``) and
is added to ``goal_history`` there, so the review can show the goals held before.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import partial
from typing import Any

from flows import copy
from flows import validators as v
from flows.effects import UpdateProfile
from flows.model import FlowModel
from flows.runner import Flow, Texts
from flows.spec import FlowSpec
from flows.steps import Option, Step
from flows.when import format_day, local_day

TOTAL_STEPS = 2
LOOK_BACK_EVERY = 2  # interviews since the last look back; "Later" asks again after one more
SHOWN_DEBRIEFS = 4  # the latest ones quoted in the look back
QUOTE_MAX = 110
HISTORY_MAX = 20

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]{3,}")
_COMMON = set(
    "about after again also always another because been before being best both could didn "
    "does doing done each even every from good great have here into just know like lots made "
    "make many maybe more most much must need never next only other over really said same "
    "should some still such sure than that their them then there these they thing things "
    "think this those through time very want well were what when where which while will "
    "with work would your yours field role roles people person talk talked told".split()
)


def look_back_due(profile: dict[str, Any], count: int) -> bool:
    """With ``count`` interviews debriefed: time to offer a look back at the goal?

    Due once ``LOOK_BACK_EVERY`` interviews have passed since the last look back, and not
    offered already at this count (declined: asked again after the next interview).
    """
    since = count - int(profile.get("goal_looked_at") or 0)
    return since >= LOOK_BACK_EVERY and profile.get("goal_offered_at") != count


def looked_back_since(profile: dict[str, Any]) -> bool:
    """True when the latest debrief has been looked back on already."""
    return int(profile.get("goal_looked_at") or 0) >= len(profile.get("debriefs") or [])


def recurring(debriefs: list[dict[str, Any]], goal: str = "", limit: int = 5) -> list[str]:
    """Words that come up in two or more debriefs (plurals counted together), leaving out
    the goal's own words (they come up anyway)."""
    skip = {w.casefold().rstrip("s") for w in _WORD.findall(goal)}
    seen: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for entry in debriefs:
        text = " ".join(entry.get(k) or "" for k in ("learned", "fit", "open"))
        words: dict[str, None] = {}  # in order of appearance, each once
        for word in _WORD.findall(text):
            key = word.casefold().rstrip("s")
            if word.casefold() in _COMMON or key in _COMMON or key in skip:
                continue
            words[key] = None
            shown.setdefault(key, word.casefold())
        seen.update(list(words))
    return [shown[k] for k, n in seen.most_common() if n >= 2][:limit]


class GoalModel(FlowModel):
    """One user's look back at their goal; conditions, callbacks and its own text fields."""

    def no_goal(self, event=None) -> bool:
        """True while the plan names no career goal yet."""
        return not self.profile().get("career_goal")

    def keep_goal(self, event=None) -> None:
        """The goal stays; the look back is noted in its history."""
        goal = self.profile().get("career_goal")
        self.note_choice("keep", goal, {})

    def change_goal(self, event) -> None:
        """A new goal (adjusted, or another field): the plan uses it from now on."""
        new = event.kwargs.get("value")
        choice = self.answers.get("choice") or "adjust"
        self.note_choice(choice, new, {"career_goal": new})

    def note_choice(self, choice: str, goal: str | None, values: dict[str, Any]) -> None:
        profile = self.profile()
        on = local_day(self.context.now, self.context.tz)
        entry = {"on": on, "choice": choice, "goal": goal}
        if choice != "keep":
            entry["was"] = profile.get("career_goal")
        history = [*(profile.get("goal_history") or []), entry][-HISTORY_MAX:]
        looked = len(profile.get("debriefs") or [])
        self.emit(UpdateProfile({**values, "goal_history": history, "goal_looked_at": looked}))

    def profile(self) -> dict[str, Any]:
        return self.context.profile if self.context else {}

    # -- the texts built from the plan -------------------------------------------------
    def text_field(self, key: str, user_name: str = "") -> str | None:
        profile = self.profile()
        goal = profile.get("career_goal") or ""
        if key == "goal":
            return goal
        if key == "look_back":
            return look_back_text(profile)
        if key == "goal_result":
            return result_text(self.answers.get("choice"), profile)
        return None


def look_back_text(profile: dict[str, Any]) -> str:
    """The user's own debrief lines, latest first, and what keeps coming up."""
    debriefs = profile.get("debriefs") or []
    if not debriefs:
        return copy.GOAL_NO_DEBRIEFS
    lines = [copy.GOAL_FROM_TALKS]
    for entry in reversed(debriefs[-SHOWN_DEBRIEFS:]):
        said = [
            copy.GOAL_QUOTE[k].format(text=_quote(entry[k]))
            for k in ("learned", "fit", "open")
            if entry.get(k)
        ]
        lines.append(f"\u2022 {entry.get('person') or '?'}: " + ("; ".join(said) or "-"))
    common = recurring(debriefs, profile.get("career_goal") or "")
    if common:
        lines.append(copy.GOAL_RECURRING.format(words=", ".join(common)))
    return "\n".join(lines)


def result_text(choice: str | None, profile: dict[str, Any]) -> str:
    """What became of the goal, with the goals held before."""
    goal = profile.get("career_goal") or ""
    text = copy.GOAL_RESULT.get(choice or "", copy.GOAL_RESULT["keep"]).format(goal=goal)
    earlier = earlier_goals(profile)
    if earlier:
        text += "\n\n" + copy.GOAL_EARLIER.format(goals=earlier)
    return text


def earlier_goals(profile: dict[str, Any]) -> str:
    """The goals held before the current one, oldest first, with the day each was left."""
    shown = [
        copy.GOAL_UNTIL.format(goal=e["was"], on=_day(e.get("on")))
        for e in profile.get("goal_history") or []
        if e.get("was") and e.get("choice") != "keep"
    ]
    return ", ".join(shown)


def _day(iso: str | None) -> str:
    return format_day(date.fromisoformat(iso)) if iso else "?"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


_goal_text = partial(v.short_text, field="career goal")

STEPS: dict[str, Step] = {
    s.state: s
    for s in [
        Step("goal_none", 1, "info", options=(Option("ok", "goal_carry_on", "leave"),)),
        Step(
            "goal_look",
            1,
            "choice",
            field="choice",
            options=(
                Option("same", "goal_keep", "keep"),  # not "keep": that value means "Keep: ..."
                Option("adjust", "goal_adjust", "adjust"),
                Option("explore", "goal_explore", "explore"),
            ),
        ),
        Step("goal_adjust", 2, "text", field="new_goal", parse=_goal_text),
        Step("goal_explore", 2, "text", field="new_goal", parse=_goal_text),
        Step("goal_done", 2, "info", options=(Option("ok", "goal_carry_on", "leave"),)),
    ]
}

STATES = ["new", *STEPS]

TRANSITIONS = [
    {"trigger": "look_again", "source": "*", "dest": "goal_none", "conditions": "no_goal"},
    {"trigger": "look_again", "source": "*", "dest": "goal_look"},
    {"trigger": "keep", "source": "goal_look", "dest": "goal_done", "after": "keep_goal"},
    {"trigger": "adjust", "source": "goal_look", "dest": "goal_adjust"},
    {"trigger": "explore", "source": "goal_look", "dest": "goal_explore"},
    {"trigger": "next", "source": "goal_adjust", "dest": "goal_done", "after": "change_goal"},
    {"trigger": "next", "source": "goal_explore", "dest": "goal_done", "after": "change_goal"},
    # Leaving from the end: the next look back starts afresh.
    {"trigger": "leave", "source": ["goal_done", "goal_none"], "dest": "new"},
]

TEXTS = Texts(copy.GOAL_TITLES, copy.GOAL_PROMPTS, copy.GOAL_LABELS)

SPEC = FlowSpec(
    Flow("goal", GoalModel, STATES, TRANSITIONS, STEPS, TOTAL_STEPS, initial="new", texts=TEXTS),
    per="user",
    scope="g",
    final_states=frozenset({"new", "goal_done", "goal_none"}),
    start="look_again",
    commands={"goal": ("look_again", "Look back and keep or change your career goal")},
    texts={
        "at_start": copy.GOAL_AT_START,
        "title": "Goal",
        "heading": "Back to the decision (/goal, and after every second or third interview)",
    },
)
