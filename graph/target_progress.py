"""Target rows read from each target's own edges: work proportional to the targets asked for.

Finding each target's carrying obligations by walking every edge of the graph, and
scanning every reached value once per target, cost a unit card half a second at M and
seconds at L for a handful of targets (the walk is kept as the reference in the tests).  Here a
target's carriers are its incoming ``HAS_TARGET`` edges from Obligation nodes and the
reached values are grouped by obligation once, so a page of targets costs that page.
Rows come in the order the card and the exports show them (path, id).

Examples
--------
>>> import datetime as dt
>>> from graph.asof import AsOfContext
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> reached = {"target:000/二(三)4/1@2020": 12.0, "target:000/二(三)4/1": 6.0, "other": 99.0}
>>> context = AsOfContext(graph=graph, as_of=dt.date(2021, 6, 1), reached=reached)
>>> [(r.path, r.label, r.reached, r.percent) for r in progress_rows(context, ["target:1"])]
[('二(三)4', '30个', 12.0, 40)]
>>> targets_by_path(graph, ["target:1", "target:1"])
['target:1']
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.asof import AsOfContext
from graph.build import HAS_TARGET
from graph.quotes import quote_of
from graph.rows import TargetRow

OBLIGATION = "obligation:"


def targets_by_path(graph: nx.MultiDiGraph, targets: Iterable[str]) -> list[str]:
    """The distinct Target nodes ``targets`` in the order the rows show them (path, id)."""
    return sorted(set(targets), key=lambda t: (graph.nodes[t]["path"], t))


def carriers(graph: nx.MultiDiGraph, target: str) -> list[str]:
    """The obligation ids (without their ``@`` instance suffix) carrying ``target``."""
    return [u.removeprefix(OBLIGATION) for u, _, k in graph.in_edges(target, keys=True)
            if k == HAS_TARGET and graph.nodes[u]["kind"] == "Obligation"]


def progress_rows(context: AsOfContext, targets: Iterable[str]) -> list[TargetRow]:
    """Rows of the Target nodes ``targets`` (in path order), each with the largest
    ``value_reached`` reported on an instance carrying it as of the day asked about."""
    graph = context.graph
    ordered = targets_by_path(graph, targets)
    bases = {tid: carriers(graph, tid) for tid in ordered}
    wanted = {b for found in bases.values() for b in found}
    best: dict[str, float] = {}  # carrying obligation id → largest value of its instances
    for oid, value in context.reached.items():
        base = oid.partition("@")[0]
        if base in wanted:
            best[base] = max(best.get(base, value), value)
    rows = []
    for tid in ordered:
        data = graph.nodes[tid]
        reached = max((best[b] for b in bases[tid] if b in best), default=0.0)
        value = float(data["value"])
        percent = int(min(100, round(100 * reached / value))) if value > 0 else 0
        task = f"task:{data['task_id']}" if data.get("task_id") else None
        rows.append(TargetRow(id=tid, path=data["path"], label=data["label"],
                              metric=data.get("metric") or "", value=value, unit=data["unit"],
                              period=data["period"], reached=reached, percent=percent,
                              quote=quote_of(graph, data), task=task))
    return rows
