"""The snapshot's units, sorted once: every unit list answers from here, not a node scan.

``units`` and ``Jurisdiction.units`` used to scan every node of the graph (or the store)
and sort on each call; at province scale that is hundreds of thousands of nodes per
question.  :func:`unit_index` builds, once per snapshot, the units ordered by (name, id),
the same order per jurisdiction, and each unit's number of task links (its
``RESPONSIBLE_FOR`` edges), so a list answers by slicing and a count by a look-up — and
from the snapshot's own version of the data.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("unit:2", kind="Unit", name="市规划局", db_id=2, jurisdiction_id=1)
>>> g.add_node("unit:1", kind="Unit", name="市农业局", db_id=1, jurisdiction_id=1)
>>> g.add_node("unit:3", kind="Unit", name="市农业局", db_id=3, jurisdiction_id=2)
>>> g.add_node("task:7", kind="Task")
>>> _ = g.add_edge("unit:2", "task:7", key="RESPONSIBLE_FOR")  # edges are keyed by kind
>>> index = unit_index(g)
>>> [d["db_id"] for d in index.ordered]
[1, 3, 2]
>>> [d["db_id"] for d in index.of_jurisdiction(1)], index.of_jurisdiction(9)
([1, 2], ())
>>> index.task_counts[2], index.task_counts[1]
(1, 0)
>>> unit_index(g) is index  # built once per graph
True
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.edges import RESPONSIBLE_FOR

_KEY = "unit_index"
_BUILDING = threading.Lock()

UnitData = Mapping[str, Any]


@dataclass(frozen=True)
class UnitIndex:
    """A snapshot's units in list order, per jurisdiction, and their task-link counts."""

    ordered: tuple[UnitData, ...]
    by_jurisdiction: Mapping[int | None, tuple[UnitData, ...]]
    task_counts: Mapping[int, int]  # by database id; every unit present (0 without tasks)

    def of_jurisdiction(self, jurisdiction_id: int | None) -> tuple[UnitData, ...]:
        """The units of one jurisdiction, by (name, id); empty for an unknown one."""
        return self.by_jurisdiction.get(jurisdiction_id, ())


def unit_index(graph: nx.MultiDiGraph) -> UnitIndex:
    """The :class:`UnitIndex` of ``graph``, built on first use and kept with the graph
    (a snapshot's graph never changes, so neither does its index)."""
    found = graph.graph.get(_KEY)
    if found is not None:
        return found
    with _BUILDING:  # concurrent first requests build one index, not one each
        found = graph.graph.get(_KEY)
        if found is None:
            found = graph.graph[_KEY] = _build(graph)
    return found


def _build(graph: nx.MultiDiGraph) -> UnitIndex:
    units = [(n, d) for n, d in graph.nodes(data=True) if d.get("kind") == "Unit"]
    units.sort(key=lambda nd: (nd[1]["name"], nd[1]["db_id"]))
    ordered = tuple(d for _, d in units)
    grouped: dict[int | None, list[UnitData]] = {}
    for d in ordered:
        grouped.setdefault(d.get("jurisdiction_id"), []).append(d)
    counts = {int(d["db_id"]): sum(1 for *_, kind in graph.out_edges(n, keys=True)
                                   if kind == RESPONSIBLE_FOR)
              for n, d in units}
    return UnitIndex(ordered, {j: tuple(found) for j, found in grouped.items()}, counts)
