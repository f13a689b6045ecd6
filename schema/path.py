"""The PathStep type: one node on a shortest path between two entities."""

from __future__ import annotations

import networkx as nx
import strawberry

from schema.vocabulary import PathStepKind, member


@strawberry.type(name="PathStep", description="A node on a path: its kind, label and id.")
class PathStepType:
    id: str = strawberry.field(description="Graph node id, e.g. unit:12")
    kind: PathStepKind
    label: str

    @classmethod
    def from_node(cls, graph: nx.MultiDiGraph, node: str) -> PathStepType:
        """The step for a graph node."""
        data = graph.nodes[node]
        return cls(id=node, kind=member(PathStepKind, data["kind"]), label=str(data["label"]))
