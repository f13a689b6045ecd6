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
"""

from __future__ import annotations

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


def count_meanings(counts: dict[str, int]) -> dict[str, str]:
    """A sentence per count saying what it counts, in the current language."""
    return {kind: t(f"health.count.{kind}") if kind in KINDS else kind for kind in counts}
