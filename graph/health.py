"""What ``/healthz`` counts, and what each count is.

A document another one only cites (``cited:…`` stub nodes) is not a stored document,
so it is counted apart: "5 documents" for 2 loaded ones misleads the operator.  An
Obligation node is one obligation as written (a yearly one once), not its instances.

Examples
--------
>>> from graph.sample import sample_graph
>>> counts = health_counts(sample_graph())
>>> counts["Document"], counts["Task"], counts["Obligation"]
(1, 3, 3)
>>> sorted(count_meanings(counts)) == sorted(counts)
True
>>> edge_count(sample_graph()) == sample_graph().number_of_edges()
True
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx

from i18n import t

CITED = "CitedDocument"
KINDS = ("Document", CITED, "Section", "Task", "Target", "Obligation", "Unit", "Place")


def health_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes by kind, stored documents apart from documents only cited; every kind of
    :data:`KINDS` present (zero when absent), in that order."""
    counts = dict.fromkeys(KINDS, 0)
    for _, data in graph.nodes(data=True):
        kind = CITED if data["kind"] == "Document" and data.get("stub") else data["kind"]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def edge_count(graph: nx.MultiDiGraph) -> int:
    """The number of edges, as ``graph.number_of_edges()`` counts them, by one pass over the
    successors' key dicts: NetworkX's own count goes through a degree view of every
    node, about 4× slower (seconds at province scale, where ``/healthz`` reads it)."""
    return sum(len(keys) for neighbours in graph._succ.values() for keys in neighbours.values())


class Health(NamedTuple):
    """What ``/healthz`` reports about a snapshot's graph."""

    counts: dict[str, int]
    """Nodes by kind (:func:`health_counts`)."""
    edges: int
    """Edges (:func:`edge_count`)."""


def health_of(graph: nx.MultiDiGraph) -> Health:
    """The snapshot's :class:`Health`, computed once and kept with it (:mod:`graph.warmup`
    computes it while the snapshot is built, before any request reads it)."""
    cached = graph.graph.get("health")
    if not isinstance(cached, Health):
        cached = graph.graph["health"] = Health(health_counts(graph), edge_count(graph))
    return cached


def count_meanings(counts: dict[str, int]) -> dict[str, str]:
    """A sentence per count saying what it counts, in the current language."""
    return {kind: t(f"health.count.{kind}") if kind in KINDS else kind for kind in counts}
