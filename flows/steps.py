"""What a step of a flow looks like: the question, how it is answered, what it may branch to.

A step is pure data. Its text lives in ``flows/copy.py`` under the step's state name, its
validation in ``flows/validators.py`` and its transitions in the flow's module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["info", "choice", "text", "list", "when", "confirm"]


@dataclass(frozen=True)
class Option:
    """One button of a step: the value stored, the label key and the trigger it fires."""

    value: str
    label: str
    trigger: str = "next"
    store: bool = True


@dataclass(frozen=True)
class Step:
    """One question of a flow, declared as data."""

    state: str
    number: int
    kind: Kind
    field: str | None = None
    options: tuple[Option, ...] = ()
    parse: Callable[[str], Any] | None = None
    optional: bool = False
    skip_trigger: str = "next"
    text_trigger: str = "next"
    guard: bool = False
    prefill: Callable[[Any], str | None] | None = None
    dynamic_options: Callable[[Any], list[Option]] | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def all_options(self, model: Any) -> list[Option]:
        """Return the fixed options followed by any computed from the model."""
        found = list(self.options)
        if self.dynamic_options is not None:
            found = self.dynamic_options(model) + found
        return found
