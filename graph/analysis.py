"""Questions over the graph's structure: neighbours, paths, shared work, workload.

Examples
--------
>>> import datetime as dt
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> [graph.nodes[n]["label"] for n in shortest_path(graph, "unit:3", "place:2")]
['市商务局', '二(三)4', '结对县(市、区)党委、政府', '泰顺县']
>>> [(graph.nodes[u]["name"], w) for u, w in co_responsibility(graph, "unit:4")]
[('市农业局', 1), ('市商务局', 1), ('市招商局', 1)]
>>> sorted((e.node, e.type) for e in neighbours(graph, "task:1"))
[('obligation:deadline:000/二(二)1/1', 'DUE_BY'), ('section:3', 'PART_OF'), ('unit:4', 'RESPONSIBLE_FOR')]
>>> top = workload(graph, as_of=dt.date(2019, 1, 1))[0]
>>> (graph.nodes[top.unit]["name"], top.tasks, top.targets, top.overdue)
('结对县(市、区)党委、政府', 2, 1, 1)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graph.agenda import Reports, overdue
from graph.build import HAS_TARGET, RESPONSIBLE_FOR
from graph.kinds import of_kind
from graph.paths import bidirectional_path


@dataclass(frozen=True)
class Neighbour:
    """A node next to another one, with the edge type and its direction."""

    node: str
    type: str
    outgoing: bool
    attrs: dict


def neighbours(graph: nx.MultiDiGraph, node: str, *, edge_type: str | None = None) -> list[Neighbour]:
    """Nodes joined to ``node`` by an edge of any direction (optionally of one type)."""
    found = [Neighbour(v, k, True, d) for _, v, k, d in graph.out_edges(node, keys=True, data=True)]
    found += [Neighbour(u, k, False, d) for u, _, k, d in graph.in_edges(node, keys=True, data=True)]
    return [n for n in found if edge_type is None or n.type == edge_type]


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str) -> list[str]:
    """The node ids on a shortest path, ignoring edge direction; ``[]`` when unconnected.

    Ties are broken deterministically: the breadth-first search from both ends
    (:func:`graph.paths.bidirectional_path`) visits neighbours in insertion order, which
    follows the store's id order.
    """
    return bidirectional_path(graph, source, target)


def tasks_of(graph: nx.MultiDiGraph, unit: str) -> list[str]:
    """The Task nodes ``unit`` is responsible for."""
    return [v for _, v, k in graph.out_edges(unit, keys=True) if k == RESPONSIBLE_FOR]


def co_responsibility(graph: nx.MultiDiGraph, unit: str) -> list[tuple[str, int]]:
    """Units sharing tasks with ``unit``, with how many, most shared first (then by name)."""
    shared: Counter[str] = Counter()
    for task in tasks_of(graph, unit):
        for other, _, k in graph.in_edges(task, keys=True):
            if k == RESPONSIBLE_FOR and other != unit:
                shared[other] += 1
    return sorted(shared.items(), key=lambda kv: (-kv[1], graph.nodes[kv[0]]["name"]))


def co_responsibility_network(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected graph of units, edges weighted by the number of shared tasks."""
    network = nx.Graph()
    units = list(of_kind(graph, "Unit"))
    network.add_nodes_from(units)
    for unit in units:
        for other, weight in co_responsibility(graph, unit):
            network.add_edge(unit, other, weight=weight)
    return network


@dataclass(frozen=True)
class Workload:
    """One unit's load: tasks, targets on them, overdue instances, centrality."""

    unit: str
    tasks: int
    targets: int
    overdue: int
    centrality: float


def workload(graph: nx.MultiDiGraph, *, as_of: dt.date,
             reports: Reports = ()) -> list[Workload]:
    """Units ranked by tasks, then overdue count, targets and co-responsibility centrality.

    Centrality is the degree centrality of the unit in
    :func:`co_responsibility_network` (share of other units it works with); the
    overdue count uses ``reports`` (progress reports) as :func:`graph.agenda.overdue` does.
    """
    centrality = nx.degree_centrality(co_responsibility_network(graph))
    late = Counter(o.unit for a in overdue(graph, as_of=as_of, reports=reports)
                   for o in a.obligation.owners)
    rows = []
    for unit, centre in centrality.items():
        tasks = tasks_of(graph, unit)
        targets = sum(1 for task in tasks for _, _, k in graph.out_edges(task, keys=True)
                      if k == HAS_TARGET)
        rows.append(Workload(unit, len(tasks), targets, late[unit], round(centre, 4)))
    rows.sort(key=lambda w: (-w.tasks, -w.overdue, -w.targets, -w.centrality,
                             graph.nodes[w.unit]["name"]))
    return rows
