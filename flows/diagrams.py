"""Mermaid diagrams of every registered flow, drawn by transitions' mermaid engine from the
live tables.

``python -m flows.diagrams`` prints them; README.md carries the same text, and a test fails
when the two differ.
"""

from __future__ import annotations

from transitions.extensions.diagrams import GraphMachine

from flows import REGISTRY
from flows.runner import Flow
from flows.spec import Registry


class _Model:
    """A bare model for drawing (the real flows use one shared Machine and no model)."""


def _names(states: list) -> list:
    return [s["name"] if isinstance(s, dict) else s for s in states]


def mermaid(flow: Flow, title: str) -> str:
    """One flow as a Mermaid state diagram."""
    machine = GraphMachine(
        model=_Model(),
        states=_names(flow.states),
        transitions=[
            {k: t[k] for k in ("trigger", "source", "dest", "conditions") if k in t}
            for t in flow.transitions
        ],
        initial=flow.initial,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=title,
    )
    return machine.get_graph().draw(None).strip()


def all_diagrams(registry: Registry = REGISTRY) -> str:
    """Every registered flow's diagram as a Markdown section, in registration order."""
    sections = []
    for spec in registry:
        title = spec.text("title", spec.name)
        heading = spec.text("heading", f"{title} flow")
        sections.append(f"### {heading}\n\n```mermaid\n{mermaid(spec.flow, title)}\n```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    print(all_diagrams())
