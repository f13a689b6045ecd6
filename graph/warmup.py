"""Derived data of a snapshot computed while it is built, before it is published.

A new snapshot's first requests used to pay for what every later one reads from the
graph's caches: at province scale the first overdue widget view took 4 s, of which the
documents' span of years (the date window every request checks) 0.86 s, the unit names
0.38 s and the cost estimate's list sizes ≈ 0.3 s.  :func:`warm_derived` computes them in
the build's thread (:mod:`graph.state`), while the previous snapshot still answers.

Only what a first request of any kind needs is computed: the names of tasks (every task
path, plain and after its document's number, :mod:`graph.task_names`) are left to the
first look-up of "a unit, place or task", the one question that reads them.

Examples
--------
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> warm_derived(graph)
>>> sorted(k for k in ("document_years", "list_sizes", "names") if k in graph.graph)
['document_years', 'list_sizes', 'names']
"""

from __future__ import annotations

import networkx as nx

from graph.agenda_index import warm
from graph.health import health_of
from graph.kinds import of_kind
from graph.names import name_index
from graph.shares import collective_members, collective_units
from graph.sizes import sizes_of
from graph.unit_index import unit_index
from graph.window import document_years

WARMED_NAMES = (("Unit",), ("Place",))
"""The name indexes built with the snapshot: units (every unit card, every ``unit:``
argument) and places."""


def warm_derived(graph: nx.MultiDiGraph) -> None:
    """Compute the snapshot's derived data now: the agenda index first (the planning
    year's walk of the nodes finds the documents' years on the way; the list sizes count
    its instances), then the rest."""
    warm(graph)
    document_years(graph)
    for kinds in WARMED_NAMES:
        name_index(graph, kinds)
    sizes_of(graph)
    collective_units(graph)  # read by every status judged with reports
    collective_members(graph)
    unit_index(graph)  # the unit lists: sorted once per snapshot
    health_of(graph)  # every /healthz reads it: two walks of the whole graph at province scale
    for kind in ("Unit", "Document"):  # a government's units, the document pickers
        of_kind(graph, kind)
