"""How large the lists of one snapshot are: nodes of each kind, and how many nodes of one
kind a node of another kind reaches on average.  Query cost analysis
(:mod:`hardening.cost`) multiplies these along a selection to estimate, before running
anything, how many fields an operation would resolve.

Examples
--------
>>> from graph.sample import sample_graph
>>> sizes = sizes_of(sample_graph())
>>> sizes.count("Unit") >= 4, sizes.per("Task", "Unit") >= 1
(True, True)
>>> sizes.per("Unit", "Nothing")  # no such kind: at least one, never zero
1
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from graph.cancel import checkpoint


@dataclass(frozen=True)
class Sizes:
    """Counts by kind and mean neighbours of kind B per node of kind A."""

    counts: dict[str, int] = field(default_factory=dict)
    links: dict[tuple[str, str], int] = field(default_factory=dict)
    squares: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        """Nodes of ``kind`` (obligation *instances* for ``Obligation``), at least 1."""
        return max(1, self.counts.get(kind, 0))

    def per(self, parent: str, kind: str) -> int:
        """About how many ``kind`` nodes one ``parent`` node has (rounded up, at least 1).

        Kinds the graph does not link directly (a place's obligations) share the
        ``kind`` nodes out evenly among the ``parent`` nodes.
        """
        linked = self.links.get((parent, kind), 0)
        if linked:
            return max(1, math.ceil(linked / self.count(parent)))
        return max(1, math.ceil(self.counts.get(kind, 0) / self.count(parent)))

    def per_reached(self, parent: str, kind: str) -> int:
        """Like :meth:`per`, for a ``parent`` reached by following a link: busy nodes are
        reached more often (a unit with 40 tasks is met from 40 tasks), so the mean is
        weighted by each node's own number of links, sum(d²) / sum(d)."""
        linked = self.links.get((parent, kind), 0)
        if linked:
            return max(1, math.ceil(self.squares.get((parent, kind), linked) / linked))
        return self.per(parent, kind)


def sizes_of(graph: nx.MultiDiGraph) -> Sizes:
    """The snapshot's sizes, counted once per graph (one pass over nodes and edges)."""
    cached: Sizes | None = graph.graph.get("list_sizes")
    if cached is not None:
        return cached
    kinds = dict(graph.nodes(data="kind"))
    counts = Counter(kinds.values())
    links: Counter[tuple[str, str]] = Counter()
    squares: Counter[tuple[str, str]] = Counter()
    # Node by node, each one's edges to every other kind counted in a small dict freed
    # at once: a counter keyed by (node, kind, kind) held millions of entries at
    # province scale, and the collections its growth set off cost seconds at build.
    # networkx's own adjacency dicts: its views cost an object per node looked at
    succ, pred = graph._succ, graph._pred
    for n, (node, kind) in enumerate(kinds.items()):
        if n % 50_000 == 0:
            checkpoint()
        if kind is None:
            continue
        degree: dict[str, int] = {}
        for neighbours in (succ[node], pred[node]):
            for other, keyed in neighbours.items():
                other_kind = kinds.get(other)
                if other_kind is not None:
                    degree[other_kind] = degree.get(other_kind, 0) + len(keyed)
        for other_kind, d in degree.items():
            links[(kind, other_kind)] += d
            squares[(kind, other_kind)] += d * d
    instances = max((len(index.expanded) for index
                     in graph.graph.get("agenda_index", {}).values()), default=0)
    nodes = counts["Obligation"]
    if instances > nodes:  # recurring deadlines: count instances, not deadline nodes
        scale = instances / max(1, nodes)
        counts["Obligation"] = instances
        for key in [k for k in links if k[1] == "Obligation"]:
            links[key] = math.ceil(links[key] * scale)
            squares[key] = math.ceil(squares[key] * scale * scale)
    sizes = Sizes(dict(counts), dict(links), dict(squares))
    graph.graph["list_sizes"] = sizes
    return sizes
