"""The preparation flow: from the welcome to choosing a first contact to set up.

```
welcome -> self-assessment -> career goal -> who you are (in your own words, your number)
        -> organizations -> people you know -> review -> choose a first contact
```
States, steps and transitions are declared as data below; the diagram in README.md is drawn
from them (``python -m flows.diagrams``).
"""

from __future__ import annotations

from functools import partial

from flows import copy
from flows import validators as v
from flows.copy import STAGE_NAMES
from flows.effects import AddContact, RemoveUntouchedContacts, StartFlow
from flows.model import FlowModel
from flows.runner import Flow
from flows.scripts import default_intro
from flows.spec import FlowSpec
from flows.steps import Option, Step

TOTAL_STEPS = 8

IDENTITIES = {
    "student": "A student",
    "changer": "Changing jobs",
    "returning": "Returning to work",
}
RELATIONS = {
    "professor": "Professor",
    "employer": "Former employer",
    "family": "Family",
    "friend": "Friend",
    "other": "Someone else",
}


class PrepModel(FlowModel):
    """One user's progress through preparation; conditions and callbacks of the table."""

    def has_contacts(self, event=None) -> bool:
        """True when the plan names at least one organization or person."""
        return bool(self.answers.get("organizations") or self.answers.get("people"))

    def plan_ready(self, event=None) -> bool:
        """True once the preparation has been through to the review."""
        return bool(self.flags.get("complete"))

    def picked_a_kind(self, event=None) -> bool:
        """True when "who you are" was a button (its line is then offered to reword)."""
        return self.answers.get("identity") in IDENTITIES

    def drop_stale_intro(self, event=None) -> None:
        """A different kind of person now: the sentence written for the old one goes."""
        if self.flags.get("intro_for") != self.answers.get("identity"):
            self.answers.pop("about_me", None)

    def note_intro(self, event=None) -> None:
        """Remember which kind of person the sentence about yourself was written for."""
        self.flags["intro_for"] = self.answers.get("identity")

    def use_own_words(self, event=None) -> None:
        """Typed words of their own say who they are: no older sentence overrides them."""
        self.answers.pop("about_me", None)
        self.flags.pop("intro_for", None)

    def returned_from_contact(self, event) -> bool:
        """True when the flow that just closed was about a contact (not, say, a rehearsal)."""
        result = event.kwargs.get("value")
        return isinstance(result, dict) and result.get("ref") is not None

    def add_organization(self, event) -> None:
        """Append an organization and ask the engine to make it a contact."""
        name = event.kwargs["value"]
        known = self.answers.setdefault("organizations", [])
        listed = next((n for n in known if n.casefold() == name.casefold()), None)
        if listed is not None:
            self.flags["said"] = copy.ALREADY_LISTED.format(name=listed)
            return
        known.append(name)
        self.flags["said"] = copy.ADDED.format(name=name)
        self.emit(AddContact(kind="org", org=name))

    def clear_organizations(self, event=None) -> None:
        """Forget the organization list (contacts not yet started go too)."""
        self.answers["organizations"] = []
        self.flags["said"] = copy.LIST_CLEARED
        self.emit(RemoveUntouchedContacts(kind="org"))

    def add_person(self, event) -> None:
        """Append a known person of the chosen kind and make them a contact."""
        name = event.kwargs["value"]
        relation = self.answers.get("person_kind", "other")
        self.answers.pop("person_name", None)
        people = self.answers.setdefault("people", [])
        listed = next((p["name"] for p in people if p["name"].casefold() == name.casefold()), None)
        if listed is not None:
            self.flags["said"] = copy.ALREADY_LISTED.format(name=listed)
            return
        people.append({"relation": relation, "name": name})
        self.flags["said"] = copy.ADDED.format(name=name)
        self.emit(AddContact(kind="known", name=name, relation=relation))

    def clear_people(self, event=None) -> None:
        """Forget the known-people list (contacts not yet started go too)."""
        self.answers["people"] = []
        self.flags["said"] = copy.LIST_CLEARED
        self.emit(RemoveUntouchedContacts(kind="known"))

    def open_contact(self, event) -> None:
        """Ask the engine to start (or resume) the set-up of the chosen contact."""
        self.emit(StartFlow("setup", int(event.kwargs["value"])))

    def mark_plan_ready(self, event=None) -> None:
        """Note that the preparation has been through once."""
        self.flags["complete"] = True


def _goal_prefill(model: PrepModel) -> str | None:
    return model.answers.get("career_goal")


def _intro_prefill(model: PrepModel) -> str | None:
    return default_intro(model.answers)


def _contact_options(model: PrepModel) -> list[Option]:
    ctx = model.context
    found = []
    for contact in ctx.contacts if ctx else []:
        if contact["stage"] == "closed":
            continue
        label = contact["label"]
        if contact["stage"] != "to_contact":
            label = f"{label} \u00b7 {STAGE_NAMES[contact['stage']]}"
        found.append(Option(str(contact["id"]), label, "pick"))
    return found


STEPS: dict[str, Step] = {
    s.state: s
    for s in [
        Step("welcome", 1, "info", options=(Option("go", "lets_start", "start"),)),
        Step(
            "self_check",
            2,
            "choice",
            field="assessed",
            options=(
                Option("yes", "assessed_yes", "done_already"),
                Option("no", "assessed_no", "not_yet"),
            ),
        ),
        Step(
            "assess_summary",
            2,
            "text",
            field="assessment",
            parse=partial(v.long_text, max_len=1500),
        ),
        Step("assess_strengths", 2, "text", field="strengths", parse=v.short_text),
        Step("assess_interests", 2, "text", field="interests", parse=v.short_text),
        Step("assess_values", 2, "text", field="values", parse=v.short_text),
        Step(
            "career_goal", 3, "text", field="career_goal", parse=v.short_text, prefill=_goal_prefill
        ),
        Step(
            "identity",
            4,
            "choice",
            field="identity",
            options=tuple(Option(k, f"identity_{k}") for k in IDENTITIES)
            + (Option("other", "identity_other", "describe", store=False),),
            parse=partial(v.short_text, max_len=80),
        ),
        Step(
            "identity_other", 4, "text", field="identity", parse=partial(v.short_text, max_len=80)
        ),
        Step("intro", 4, "text", field="about_me", parse=v.about_me, prefill=_intro_prefill),
        Step("my_phone", 4, "text", field="my_phone", parse=v.phone, optional=True),
        Step(
            "organizations",
            5,
            "list",
            field="organizations",
            parse=v.organization,
            options=(Option("done", "list_done", "done"), Option("clear", "list_clear", "clear")),
            optional=True,
            skip_trigger="done",
            text_trigger="add",
            extra={"said_inline": True},
        ),
        Step(
            "clear_orgs",
            5,
            "confirm",
            options=(Option("yes", "clear_yes", "confirm"), Option("no", "clear_no", "cancel")),
            extra={"passing": True},
        ),
        Step(
            "people_kind",
            6,
            "choice",
            field="person_kind",
            options=tuple(Option(k, f"relation_{k}", "pick_kind") for k in RELATIONS)
            + (Option("done", "people_done", "done"), Option("clear", "list_clear", "clear")),
            optional=True,
            skip_trigger="done",
            extra={"said_inline": True},
        ),
        Step(
            "clear_people",
            6,
            "confirm",
            options=(Option("yes", "clear_yes", "confirm"), Option("no", "clear_no", "cancel")),
            extra={"passing": True},
        ),
        Step(
            "people_name", 6, "text", field="person_name", parse=v.person_name, text_trigger="add"
        ),
        Step(
            "review",
            7,
            "info",
            options=(
                Option("choose", "review_choose", "choose"),
                Option("edit", "review_edit", "edit"),
            ),
        ),
        Step(
            "edit_menu",
            7,
            "choice",
            options=(
                Option("assessment", "edit_assessment", "edit_assessment"),
                Option("goal", "edit_goal", "edit_goal"),
                Option("identity", "edit_identity", "edit_identity"),
                Option("organizations", "edit_organizations", "edit_organizations"),
                Option("people", "edit_people", "edit_people"),
                Option("cancel", "edit_cancel", "cancel"),
            ),
        ),
        Step(
            "choose_contact",
            8,
            "choice",
            dynamic_options=_contact_options,
            options=(
                Option("add_org", "add_more_orgs", "edit_organizations"),
                Option("add_person", "add_more_people", "edit_people"),
            ),
        ),
    ]
}

STATES = [
    "welcome",
    "self_check",
    "assess_summary",
    "assess_strengths",
    "assess_interests",
    "assess_values",
    "career_goal",
    "identity",
    "identity_other",
    "intro",
    "my_phone",
    "organizations",
    "clear_orgs",
    "people_kind",
    "clear_people",
    "people_name",
    {"name": "review", "on_enter": ["finish_editing", "mark_plan_ready"]},
    "edit_menu",
    "choose_contact",
]

_SECTION_ENDS = ["assess_summary", "assess_values", "career_goal", "my_phone"]

# Order matters: for one trigger and source, the first transition whose conditions hold wins.
TRANSITIONS = [
    {"trigger": "start", "source": "welcome", "dest": "self_check"},
    {"trigger": "done_already", "source": "self_check", "dest": "assess_summary"},
    {"trigger": "not_yet", "source": "self_check", "dest": "assess_strengths"},
    {"trigger": "next", "source": _SECTION_ENDS, "dest": "review", "conditions": "is_editing"},
    {"trigger": "next", "source": "assess_summary", "dest": "career_goal"},
    {"trigger": "next", "source": "assess_strengths", "dest": "assess_interests"},
    {"trigger": "next", "source": "assess_interests", "dest": "assess_values"},
    {"trigger": "next", "source": "assess_values", "dest": "career_goal"},
    {"trigger": "next", "source": "career_goal", "dest": "identity"},
    {
        "trigger": "next",
        "source": "identity",
        "dest": "intro",
        "conditions": "picked_a_kind",
        "before": "drop_stale_intro",
    },
    {"trigger": "describe", "source": "identity", "dest": "identity_other"},
    {
        "trigger": "next",
        "source": ["identity", "identity_other"],
        "dest": "my_phone",
        "after": "use_own_words",
    },
    {"trigger": "next", "source": "intro", "dest": "my_phone", "after": "note_intro"},
    {"trigger": "next", "source": "my_phone", "dest": "organizations"},
    {"trigger": "add", "source": "organizations", "dest": None, "after": "add_organization"},
    {"trigger": "clear", "source": "organizations", "dest": "clear_orgs"},
    {
        "trigger": "confirm",
        "source": "clear_orgs",
        "dest": "organizations",
        "after": "clear_organizations",
    },
    {"trigger": "cancel", "source": "clear_orgs", "dest": "organizations"},
    {"trigger": "done", "source": "organizations", "dest": "review", "conditions": "is_editing"},
    {"trigger": "done", "source": "organizations", "dest": "people_kind"},
    {"trigger": "pick_kind", "source": "people_kind", "dest": "people_name"},
    {"trigger": "clear", "source": "people_kind", "dest": "clear_people"},
    {
        "trigger": "confirm",
        "source": "clear_people",
        "dest": "people_kind",
        "after": "clear_people",
    },
    {"trigger": "cancel", "source": "clear_people", "dest": "people_kind"},
    {"trigger": "add", "source": "people_name", "dest": "people_kind", "after": "add_person"},
    {"trigger": "done", "source": "people_kind", "dest": "review", "conditions": "has_contacts"},
    {
        "trigger": "choose",
        "source": "review",
        "dest": "choose_contact",
        "conditions": "has_contacts",
    },
    {"trigger": "edit", "source": "review", "dest": "edit_menu"},
    {"trigger": "cancel", "source": "edit_menu", "dest": "review"},
    {
        "trigger": "edit_assessment",
        "source": "edit_menu",
        "before": "start_editing",
        "dest": "self_check",
    },
    {
        "trigger": "edit_goal",
        "source": "edit_menu",
        "before": "start_editing",
        "dest": "career_goal",
    },
    {
        "trigger": "edit_identity",
        "source": "edit_menu",
        "before": "start_editing",
        "dest": "identity",
    },
    {
        "trigger": "edit_organizations",
        "source": ["edit_menu", "choose_contact"],
        "before": "start_editing",
        "dest": "organizations",
    },
    {
        "trigger": "edit_people",
        "source": ["edit_menu", "choose_contact"],
        "before": "start_editing",
        "dest": "people_kind",
    },
    {"trigger": "pick", "source": "choose_contact", "dest": "review", "after": "open_contact"},
    # /plan, from anywhere once the plan exists; and back from a contact's set-up.
    {"trigger": "show_plan", "source": "*", "dest": "review", "conditions": "plan_ready"},
    {
        "trigger": "returned",
        "source": "*",
        "dest": "choose_contact",
        "conditions": ["plan_ready", "returned_from_contact"],
    },
]


def _unfinished(model: PrepModel) -> bool:
    return not model.plan_ready() and model.state != "welcome"


SPEC = FlowSpec(
    Flow("prep", PrepModel, STATES, TRANSITIONS, STEPS, TOTAL_STEPS, initial="welcome"),
    per="user",
    scope="p",
    root=True,
    list_states=frozenset({"review", "choose_contact"}),
    on_return="returned",
    commands={"plan": ("show_plan", "Your plan and contacts: switch contact")},
    unfinished=_unfinished,
    texts={"at_start": copy.BACK_AT_START, "title": "Preparation"},
)
