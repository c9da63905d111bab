"""The rehearsal (/practice): the bot plays the person called, the user says their lines.

```
menu -> (switchboard ->) opening -> their answer, your reply -> score card -> menu
menu -> voicemail -> score card
```
Each line the user types is checked part by part (``flows/practice_checks.py``); a missing or
weak part gets one line of feedback and the chance to try again. The contact's answer is
drawn at random, weighted, from the answers not yet practised (``Context.seed`` makes the
draws repeatable). Every round is kept in this flow's own answers, so the score card shows
progress; nothing here touches the user's contacts or plan.
"""

from __future__ import annotations

import random
from functools import partial
from typing import Any

from flows import practice_copy as pc
from flows import validators as v
from flows.model import FlowModel
from flows.practice_checks import Part, check_opening, check_reply, check_switchboard
from flows.runner import Flow, Texts
from flows.spec import FlowSpec
from flows.steps import Option, Step

TOTAL_STEPS = 3
BRANCHES = {"yes": 4, "five": 3, "referral": 3, "no": 2}  # answer -> weight
ROUNDS_KEPT = 60
LINE_MAX = 1500

DEFAULT_PERSONA = {
    "person": "Dana Reyes",
    "org": "Northwind Studio",
    "title": "senior analyst",
    "line": "020 7946 0321",
}
DAYS = ("Thursday", "Tuesday", "Monday", "Friday")
TIMES = ("10:00", "2:30pm", "9:30am", "4pm")
PLACES = ("our office on Harbour Street", "the caf\u00e9 by our main entrance", "a video call")
REFERRALS = ("Priya Shah", "Tom Becker", "Lena Ortiz", "Sam Okafor")


def _first(name: str) -> str:
    return (name or "").split()[0] if (name or "").split() else name


class PracticeModel(FlowModel):
    """One user's rehearsals: the round under way and every round before it."""

    # -- what is known ---------------------------------------------------------------------
    @property
    def persona(self) -> dict[str, Any]:
        return self.answers.get("persona") or self._default_persona()

    @property
    def round(self) -> dict[str, Any]:
        return self.answers.setdefault("round", {})

    @property
    def rounds(self) -> list[dict[str, Any]]:
        return self.answers.setdefault("rounds", [])

    @property
    def user_name(self) -> str:
        return self.context.user_name if self.context else ""

    def _default_persona(self) -> dict[str, Any]:
        profile = self.context.profile if self.context else {}
        orgs = profile.get("organizations") or []
        persona = dict(DEFAULT_PERSONA)
        if orgs:
            persona["org"] = orgs[0]
        persona["work"] = profile.get("career_goal") or ""
        return persona

    def covered(self) -> set[str]:
        """The answers (and "voicemail") handled well in some round."""
        return {r["branch"] for r in self.rounds if r.get("branch") and r.get("covered")}

    def left(self) -> list[str]:
        """What is still to practise, answers first, then the voicemail."""
        done = self.covered()
        return [b for b in (*BRANCHES, "voicemail") if b not in done]

    # -- conditions --------------------------------------------------------------------------
    def lines_complete(self, event=None) -> bool:
        """True when the line just checked had every part."""
        return bool(self.flags.get("complete"))

    # -- callbacks ---------------------------------------------------------------------------
    def begin_session(self, event) -> None:
        """Open the menu; rehearse a real contact when its details come along."""
        given = event.kwargs.get("value")
        if isinstance(given, dict) and given:
            persona = self._default_persona()
            persona.update({k: val for k, val in given.items() if val})
            persona["org"] = given.get("org")  # a person known to the user may have none
            self.answers["persona"] = persona
            self.answers["from_contact"] = given.get("label") or persona.get("person")
        else:
            self.answers.pop("persona", None)
            self.answers.pop("from_contact", None)
        self.back_to_menu()

    def back_to_menu(self, event=None) -> None:
        """A fresh round starts from the menu; /back does not reach into old rounds."""
        self.answers.pop("round", None)
        self.flags.pop("feedback", None)
        self.history.clear()

    def start_call(self, event) -> None:
        """A new call: the answer is drawn now, so going back and redoing a line keeps it."""
        rng = self._rng(len(self.rounds))
        left = [b for b in BRANCHES if b not in self.covered()] or list(BRANCHES)
        branch = rng.choices(left, weights=[BRANCHES[b] for b in left])[0]
        self.answers["round"] = {
            "number": len(self.rounds) + 1,
            "branch": branch,
            "via_switchboard": event.event.name == "via_switchboard",
            "day": rng.choice(DAYS),
            "time": rng.choice(TIMES),
            "place": rng.choice(PLACES),
            "referral": rng.choice(REFERRALS),
            "tries": {},
        }

    def start_voicemail(self, event=None) -> None:
        """A voicemail round: no opening, just the message."""
        self.answers["round"] = {"number": len(self.rounds) + 1, "branch": "voicemail", "tries": {}}

    def check_switchboard(self, event) -> None:
        self._note("switchboard", check_switchboard(event.kwargs["value"]))

    def check_opening(self, event) -> None:
        self._note("opening", check_opening(event.kwargs["value"], self.persona, self.user_name))

    def check_reply(self, event) -> None:
        persona = {**self.persona, **self.round}
        parts = check_reply(self.round["branch"], event.kwargs["value"], persona, self.user_name)
        self._note("reply", parts)

    def put_through(self, event=None) -> None:
        """The switchboard names the person (after a clean ask, with praise)."""
        p = self.persona
        said = pc.PUT_THROUGH.format(
            person=p["person"], title=p.get("title") or "colleague", line=p.get("line") or "-"
        )
        self.flags["said"] = f"{pc.SWITCH_GOOD}\n\n{said}" if self.flags.get("complete") else said

    def opening_landed(self, event=None) -> None:
        self.flags["said"] = pc.OPENING_GOOD

    def reply_landed(self, event=None) -> None:
        self.flags["said"] = pc.REPLY_GOOD

    def finish_round(self, event=None) -> None:
        """Keep the round for the score card (once, even after /back and a redo)."""
        r = self.round
        done = {
            "number": r["number"],
            "branch": r["branch"],
            "switchboard": r.get("switchboard"),
            "opening": r.get("opening"),
            "reply": r.get("reply") or {},
            "tries": r.get("tries", {}),
            "contact": self.answers.get("from_contact"),
        }
        done["covered"] = bool(done["reply"]) and all(s == "ok" for s in done["reply"].values())
        rounds = self.rounds
        if rounds and rounds[-1]["number"] == done["number"]:
            rounds.pop()
        rounds.append(done)
        del rounds[: max(0, len(rounds) - ROUNDS_KEPT)]
        self.flags.pop("feedback", None)

    # -- helpers -----------------------------------------------------------------------------
    def _note(self, what: str, parts: list[Part]) -> None:
        self.round[what] = {p.key: p.status for p in parts}
        tries = self.round.setdefault("tries", {})
        tries[what] = tries.get(what, 0) + 1
        notes = [p.note for p in parts if not p.ok]
        if what == "reply" and notes:
            notes = [_reply_note(p) for p in parts if not p.ok]
            notes.append(pc.REPLY_SHAPE[self.round["branch"]])
        self.flags["complete"] = not [p for p in parts if not p.ok]
        self.flags["feedback"] = notes

    def _rng(self, salt: int) -> random.Random:
        seed = self.context.seed if self.context else None
        if seed is None:
            return random.SystemRandom()
        return random.Random(f"{seed}:{salt}")

    # -- texts -------------------------------------------------------------------------------
    def text_field(self, key: str, user_name: str = "") -> str | None:
        """The template fields of this flow's prompts (``flows/practice_copy.py``)."""
        p = self.persona
        if key == "org":
            return p.get("org") or DEFAULT_PERSONA["org"]
        if key == "work":
            return p.get("work") or "that kind of work"
        if key == "menu_text":
            return self._menu_text()
        if key == "feedback":
            notes = self.flags.get("feedback") or []
            shape = [n for n in notes if n in pc.REPLY_SHAPE.values()]
            missing = [n for n in notes if n not in shape]
            head = pc.FEEDBACK_HEAD if len(missing) == 1 else pc.FEEDBACK_HEAD_MANY
            lines = "\n".join(f"\u2022 {n}" for n in missing)
            return "\n".join([head, lines, *shape])
        if key == "opening_text":
            parts = [pc.RING.format(person=p["person"]), pc.OPENING_ASK]
            if p.get("script"):
                parts.append(pc.YOUR_SCRIPT.format(script=p["script"]))
            return "\n\n".join(parts)
        if key == "answer_text":
            return self._answer_text()
        if key == "recap":
            if self.round.get("branch") in BRANCHES:
                return pc.RECAP.format(first=_first(p["person"]), line=self._their_line())
            return ""
        if key == "score_card":
            return score_card(self)
        return None

    def _menu_text(self) -> str:
        p = self.persona
        if self.answers.get("from_contact"):
            at_org = pc.AT_ORG.format(org=p["org"]) if p.get("org") else ""
            head = pc.MENU_CONTACT.format(
                person=p["person"], at_org=at_org, first=_first(p["person"])
            )
        else:
            head = pc.MENU_GENERAL.format(person=p["person"], org=p.get("org") or "-")
        return f"{head}\n\n{progress_lines(self)}"

    def _answer_text(self) -> str:
        r, p = self.round, self.persona
        if r.get("branch") == "voicemail":
            return pc.VOICEMAIL.format(person=p["person"])
        return pc.REPLY_ASK.format(first=_first(p["person"]), line=self._their_line())

    def _their_line(self) -> str:
        r = self.round
        return pc.ANSWERS[r["branch"]].format(
            day=r.get("day"), time=r.get("time"), place=r.get("place"), referral=r.get("referral")
        )


def _reply_note(part: Part) -> str:
    if part.status == "missing" and part.key in pc.REPLY_MISSING:
        return pc.REPLY_MISSING[part.key]
    return part.note


def _part_name(key: str, reply: bool) -> str:
    if reply and key in pc.REPLY_PART_NAMES:
        return pc.REPLY_PART_NAMES[key]
    return pc.PART_NAMES[key]


def progress_lines(model: PracticeModel) -> str:
    """ "2 of 4 answers practised; voicemail not yet", and what is left."""
    if not model.rounds:
        return pc.MENU_NOTHING_YET
    done = model.covered()
    covered = len([b for b in BRANCHES if b in done])
    voicemail = pc.VOICEMAIL_DONE if "voicemail" in done else pc.VOICEMAIL_NOT_YET
    lines = [pc.MENU_PROGRESS.format(covered=covered, voicemail=voicemail)]
    left = model.left()
    if left:
        lines.append(pc.MENU_LEFT.format(left=", ".join(pc.BRANCH_NAMES[b] for b in left)))
        if any(b in BRANCHES for b in left):
            lines.append(pc.MENU_CALL_DRAWS)
    else:
        lines.append(pc.MENU_ALL_DONE)
    return "\n".join(lines)


def score_card(model: PracticeModel) -> str:
    """The last round, part by part, then the progress over every round."""
    last = model.rounds[-1]
    lines = [pc.SCORE_HEAD.format(number=last["number"])]
    lines.append(pc.SCORE_THEY_SAID.format(branch=pc.BRANCH_NAMES[last["branch"]]))
    good: list[str] = []
    add: list[str] = []
    sections = [
        (pc.SCORE_SWITCHBOARD, last.get("switchboard"), False),
        (pc.SCORE_OPENING, last.get("opening"), False),
        (
            pc.SCORE_MESSAGE if last["branch"] == "voicemail" else pc.SCORE_REPLY,
            last["reply"],
            True,
        ),
    ]
    for title, parts, reply in sections:
        if not parts:
            continue
        lines.append(f"\n{title}")
        for key, status in parts.items():
            mark = {"ok": pc.MARK_OK, "weak": pc.MARK_WEAK}.get(status, pc.MARK_MISSING)
            lines.append(f"{mark} {_part_name(key, reply)}")
            if status != "ok":
                add.append(_part_name(key, reply))
        ok = sum(1 for status in parts.values() if status == "ok")
        if ok:
            good.append(pc.SECTION_SCORE.format(section=title.lower(), ok=ok, total=len(parts)))
    lines.append("")
    if good:
        lines.append(pc.WENT_WELL.format(parts=", ".join(good)))
    lines.append(
        pc.TO_ADD.format(parts=", ".join(dict.fromkeys(add))) if add else pc.NOTHING_TO_ADD
    )
    done = model.covered()
    marks = [
        f"{pc.MARK_OK if b in done else pc.MARK_MISSING} {pc.BRANCH_NAMES[b]}"
        for b in (*BRANCHES, "voicemail")
    ]
    covered = len([b for b in BRANCHES if b in done])
    lines += ["", pc.SCORE_PROGRESS.format(covered=covered), " \u00b7 ".join(marks)]
    left = model.left()
    if left:
        lines.append(pc.SCORE_LEFT.format(left=", ".join(pc.BRANCH_NAMES[b] for b in left)))
    else:
        lines.append(pc.SCORE_ALL)
    lines.append(pc.HISTORY.format(rounds=len(model.rounds)))
    return "\n".join(lines)


def _menu_options(model: PracticeModel) -> list[Option]:
    call = Option("call", pc.START_CALL, "call")
    switchboard = Option("switchboard", pc.START_SWITCHBOARD, "via_switchboard")
    voicemail = Option("voicemail", pc.VOICEMAIL_ROUND, "voicemail")
    done = Option("done", pc.DONE, "leave")
    found = (
        [voicemail, call, switchboard, done]
        if model.left() == ["voicemail"]
        else [call, switchboard, voicemail, done]
    )
    if not model.persona.get("org"):  # nobody to ask at a switchboard
        found.remove(switchboard)
    return found


_line = partial(v.long_text, field="line", max_len=LINE_MAX)


def _retry(state: str, go_on: str) -> Step:
    return Step(
        state,
        2,
        "choice",
        options=(Option("retry", pc.TRY_AGAIN, "rephrase"), Option("go_on", go_on, "next")),
        extra={"rephrases": True, "passing": True},
    )


STEPS: dict[str, Step] = {
    s.state: s
    for s in [
        Step("menu", 1, "choice", dynamic_options=_menu_options),
        Step("switchboard", 2, "text", parse=_line),
        _retry("switchboard_feedback", pc.GO_ON_CALL),
        Step("opening", 2, "text", parse=_line),
        _retry("opening_feedback", pc.HEAR_ANSWER),
        Step("reply", 2, "text", parse=_line),
        _retry("reply_feedback", pc.SEE_SCORE),
        Step(
            "score",
            3,
            "choice",
            options=(Option("again", pc.PRACTISE_AGAIN, "again"), Option("done", pc.DONE, "leave")),
        ),
    ]
}

STATES = ["new", *STEPS]

TRANSITIONS = [
    {"trigger": "begin", "source": "*", "dest": "menu", "after": "begin_session"},
    {"trigger": "call", "source": "menu", "dest": "opening", "after": "start_call"},
    {"trigger": "via_switchboard", "source": "menu", "dest": "switchboard", "after": "start_call"},
    {"trigger": "voicemail", "source": "menu", "dest": "reply", "after": "start_voicemail"},
    {
        "trigger": "next",
        "source": "switchboard",
        "dest": "opening",
        "prepare": "check_switchboard",
        "conditions": "lines_complete",
        "after": "put_through",
    },
    {"trigger": "next", "source": "switchboard", "dest": "switchboard_feedback"},
    {"trigger": "rephrase", "source": "switchboard_feedback", "dest": "switchboard"},
    {
        "trigger": "next",
        "source": "switchboard_feedback",
        "dest": "opening",
        "after": "put_through",
    },
    {
        "trigger": "next",
        "source": "opening",
        "dest": "reply",
        "prepare": "check_opening",
        "conditions": "lines_complete",
        "after": "opening_landed",
    },
    {"trigger": "next", "source": "opening", "dest": "opening_feedback"},
    {"trigger": "rephrase", "source": "opening_feedback", "dest": "opening"},
    {"trigger": "next", "source": "opening_feedback", "dest": "reply"},
    {
        "trigger": "next",
        "source": "reply",
        "dest": "score",
        "prepare": "check_reply",
        "conditions": "lines_complete",
        "after": ["finish_round", "reply_landed"],
    },
    {"trigger": "next", "source": "reply", "dest": "reply_feedback"},
    {"trigger": "rephrase", "source": "reply_feedback", "dest": "reply"},
    {"trigger": "next", "source": "reply_feedback", "dest": "score", "after": "finish_round"},
    {"trigger": "again", "source": "score", "dest": "menu", "after": "back_to_menu"},
]

SPEC = FlowSpec(
    Flow(
        "practice",
        PracticeModel,
        STATES,
        TRANSITIONS,
        STEPS,
        TOTAL_STEPS,
        initial="new",
        texts=Texts(pc.TITLES, pc.PROMPTS, {}),
    ),
    per="user",
    scope="k",
    final_states=frozenset({"menu", "score"}),
    start="begin",
    commands={"practice": ("begin", pc.COMMAND)},
    texts={
        "title": "Practice",
        "heading": "Practice flow (/practice, opened over any other flow)",
        "at_start": pc.AT_START,
        "opened": pc.OPENED,
        "finished": pc.FINISHED,
    },
)
