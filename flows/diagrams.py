"""Mermaid diagrams of both flows, drawn by transitions' mermaid engine from the live tables.

``python -m flows.diagrams`` prints them; README.md carries the same text, and a test fails
when the two differ.
"""

from __future__ import annotations

from transitions.extensions.diagrams import GraphMachine

from flows import preparation, setup


class _Model:
    """A bare model for drawing (the real flows use one shared Machine and no model)."""


def _names(states: list) -> list:
    return [s["name"] if isinstance(s, dict) else s for s in states]


def mermaid(states: list, transitions: list[dict], initial: str, title: str) -> str:
    """One flow as a Mermaid state diagram."""
    machine = GraphMachine(
        model=_Model(),
        states=_names(states),
        transitions=[
            {k: t[k] for k in ("trigger", "source", "dest", "conditions") if k in t}
            for t in transitions
        ],
        initial=initial,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=title,
    )
    return machine.get_graph().draw(None).strip()


def all_diagrams() -> str:
    """Both diagrams as Markdown sections."""
    prep = mermaid(preparation.STATES, preparation.TRANSITIONS, "welcome", "Preparation")
    setup_ = mermaid(setup.STATES, setup.TRANSITIONS, "new", "Set-up")
    return (
        "### Preparation flow\n\n```mermaid\n" + prep + "\n```\n\n"
        "### Set-up flow (one per contact)\n\n```mermaid\n" + setup_ + "\n```\n"
    )


if __name__ == "__main__":
    print(all_diagrams())
