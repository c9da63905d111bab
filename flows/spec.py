"""How a flow is hosted: each flow module declares one ``FlowSpec``; a ``Registry`` holds them.

The engine reads only these declarations, never a flow's state names. A spec says:
- ``per``: where its progress is kept: one per user, or one per contact (``ref``);
- ``scope``: the letter its buttons start with (``p|state|value``, ``s|ref|state|value``);
- ``final_states``: where it has nothing more to do;
- ``list_states``: steps that show the user's contact list (loaded only there);
- ``start``: the trigger fired when it opens at its initial state;
- ``on_return``: the trigger fired on it when a flow it opened finishes;
- ``commands``: ``/name`` -> (trigger, description): the command brings this flow to the
  top (opening it if needed) and fires the trigger there (None: just open it);
- ``root``: the flow every user starts in (its answers are every flow's ``profile``);
- ``stage_of``: for a per-contact flow, the stage a contact is at, derived from its state;
- ``next_dated``: for a per-contact flow, the next dated step of a contact from its state
  and answers, as (what, ISO time), or None;
- ``unfinished``: for the root, whether it was left half done (for the idle nudge);
- ``on_reminder``: a text to show first when a reminder's "open" button opens this flow;
- ``needs``: what the engine must ask once before showing any of its steps (``"name"``);
- ``texts``: what the engine says for it: ``at_start`` (/back at its first step),
  ``opened`` and ``finished`` (with ``{label}``, the contact); ``title`` and ``heading``
  name its diagram in README.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from flows.runner import Flow

Per = Literal["user", "contact"]


@dataclass(frozen=True)
class FlowSpec:
    """One flow's binding to the engine."""

    flow: Flow
    per: Per
    scope: str
    final_states: frozenset[str] = frozenset()
    list_states: frozenset[str] = frozenset()
    start: str | None = None
    on_return: str | None = None
    commands: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    root: bool = False
    stage_of: Callable[[str, dict[str, Any]], str] | None = None
    next_dated: Callable[[str, dict[str, Any]], tuple[str, str] | None] | None = None
    unfinished: Callable[[Any], bool] | None = None
    on_reminder: Callable[[str, Any, str], str | None] | None = None
    texts: dict[str, str] = field(default_factory=dict)
    needs: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        """The flow's name, as stored with its progress."""
        return self.flow.name

    def text(self, key: str, default: str = "", **fields: Any) -> str:
        """One of the flow's engine-facing texts (opened, finished, first step)."""
        return self.texts.get(key, default).format(**fields)


class Registry:
    """The flows one engine hosts, by name, by button scope and by command."""

    def __init__(self, specs: Iterable[FlowSpec] = ()) -> None:
        self._by_name: dict[str, FlowSpec] = {}
        self._by_scope: dict[str, FlowSpec] = {}
        self.commands: dict[str, FlowSpec] = {}
        self.root: FlowSpec | None = None
        for spec in specs:
            self.register(spec)

    def register(self, spec: FlowSpec) -> FlowSpec:
        """Host one more flow; names, scopes and commands must not clash."""
        if spec.name in self._by_name:
            raise ValueError(f"a flow named {spec.name!r} is already registered")
        reserved = ("o", "r", "q", "v")  # the engine's own: questions, reminders, bank, view
        if spec.scope in self._by_scope or "|" in spec.scope or spec.scope in reserved:
            raise ValueError(f"button scope {spec.scope!r} is taken")
        for command in spec.commands:
            if command in self.commands:
                raise ValueError(f"/{command} already belongs to {self.commands[command].name}")
        if spec.root:
            if self.root is not None:
                raise ValueError("there is already a root flow")
            if spec.per != "user":
                raise ValueError("the root flow is kept per user")
            self.root = spec
        self._by_name[spec.name] = spec
        self._by_scope[spec.scope] = spec
        for command in spec.commands:
            self.commands[command] = spec
        return spec

    def get(self, name: str) -> FlowSpec | None:
        """The flow of this name, or None (e.g. a stored frame of a flow no longer hosted)."""
        return self._by_name.get(name)

    def by_scope(self, scope: str) -> FlowSpec | None:
        """The flow whose buttons start with ``scope``."""
        return self._by_scope.get(scope)

    @property
    def contact_flow(self) -> FlowSpec | None:
        """The per-contact flow whose states give each contact's stage."""
        return next((s for s in self._by_name.values() if s.per == "contact" and s.stage_of), None)

    def __iter__(self):
        return iter(self._by_name.values())
