"""The Succession type: a unit merged into, split into or renamed as another on a day.

Read from the request's graph snapshot (``graph.graph["successions"]``), so a succession
and the obligations it hands over always agree (:mod:`graph.successions`).
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import strawberry

from graph.names import AmbiguousName, qualified
from graph.successions import Step, by_predecessor, chain
from schema.unit import UnitType
from schema.vocabulary import SuccessionKind, member


@strawberry.type(name="Succession",
                 description="机构改革: from `effectiveOn` the successor answers for the "
                             "predecessor's obligations; history keeps the predecessor's name.")
class SuccessionType:
    predecessor: UnitType = strawberry.field(description="The unit merged, split or renamed")
    successor: UnitType = strawberry.field(description="The unit answering for it from "
                                                       "`effectiveOn`")
    kind: SuccessionKind
    effective_on: dt.date = strawberry.field(
        description="The first day the successor answers for the predecessor's obligations")
    note: str = strawberry.field(description="Where it is recorded (a 机构改革方案, …)")

    @classmethod
    def from_step(cls, graph: nx.MultiDiGraph, step: Step) -> SuccessionType:
        """The GraphQL view of one succession of the graph."""
        return cls(predecessor=UnitType.from_node(graph.nodes[step.predecessor]),
                   successor=UnitType.from_node(graph.nodes[step.successor]),
                   kind=member(SuccessionKind, step.kind), effective_on=step.effective_on, note=step.note)


def successions_of(graph: nx.MultiDiGraph, unit: str) -> list[SuccessionType]:
    """The successions ``unit`` takes part in (either side), by date."""
    steps = [s for s in graph.graph.get("successions", ()) if unit in (s.predecessor, s.successor)]
    return [SuccessionType.from_step(graph, s)
            for s in sorted(steps, key=lambda s: s.effective_on)]


def answering_unit(graph: nx.MultiDiGraph, node: str, day: dt.date) -> UnitType:
    """The unit answering on ``day`` for the Unit node a name resolved to: itself, or its
    successor with the successions that lead there (``answeredFor``).

    Raises
    ------
    graph.names.AmbiguousName
        The unit was split: every successor is a candidate.
    """
    paths = chain(node, day, by_predecessor(graph.graph.get("successions", ())))
    if not paths:
        return UnitType.from_node(graph.nodes[node])
    ends = list(dict.fromkeys(path[-1].successor for path in paths))
    if len(ends) > 1:
        raise AmbiguousName(graph.nodes[node]["name"], [qualified(graph, u) for u in ends],
                            "successor")
    answer = UnitType.from_node(graph.nodes[ends[0]])
    answer.answered_for = [SuccessionType.from_step(graph, s) for s in paths[0]]
    return answer
