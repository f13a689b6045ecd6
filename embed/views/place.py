"""The place card: what a county owes through its pairings and collective memberships."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.asof import AsOfContext
from graph.names import resolve_place
from graph.places import obligations_of_place, paired_with
from graph.rows import ObligationRow, obligation_row
from graph.selection import place_units


@dataclass(frozen=True)
class PlaceCard:
    """What the place card shows."""

    name: str
    kind: str
    parent: str | None
    paired_with: list[str]
    memberships: list[str]  # collective units it answers for
    obligations: list[ObligationRow]
    counts: dict[str, int]


def place_card(context: AsOfContext, name: str) -> PlaceCard:
    """The card of the place called ``name`` (泰顺县).

    Raises
    ------
    graph.names.UnknownName
        With the closest place names.
    """
    graph = context.graph
    node = resolve_place(graph, name)
    data = graph.nodes[node]
    assessed = obligations_of_place(graph, node, as_of=context.as_of, reports=context.reports,
                                    due_soon_days=context.due_soon_days)
    return PlaceCard(
        name=data["name"], kind=data.get("place_kind", ""), parent=data.get("parent"),
        paired_with=sorted(graph.nodes[p]["name"] for p in paired_with(graph, node)),
        memberships=sorted(graph.nodes[u]["name"] for u in place_units(graph, node)),
        obligations=[obligation_row(graph, a) for a in assessed],
        counts=dict(Counter(a.status.value for a in assessed)))
