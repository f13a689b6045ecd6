"""A stored task's owners and its document's header as a snapshot holds them.

The GraphQL answers about tasks read the store through DataLoaders; when the rows they
read are of the snapshot's own data version, the snapshot answers the same owners and
document header without another query and without an awaitable per task
(:mod:`schema.task`).  These functions only read: which version the rows are of is the
caller's to know.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("document:1", kind="Document", db_id=1, number="温政发〔2018〕26号")
>>> g.add_node("unit:1", kind="Unit", db_id=1, name="市农业局")
>>> g.add_node("unit:2", kind="Unit", db_id=2, name="市招商局")
>>> g.add_node("task:7", kind="Task", db_id=7, document_id=1)
>>> _ = g.add_edge("unit:1", "task:7", key="RESPONSIBLE_FOR", role="co", position=0)
>>> _ = g.add_edge("unit:2", "task:7", key="RESPONSIBLE_FOR", role="lead", position=1)
>>> task_owners(g, 7)
(OwnerFact(unit_id=2, name='市招商局', role='lead'), OwnerFact(unit_id=1, name='市农业局', role='co'))
>>> task_owners(g, 8) is None  # not in this snapshot
True
>>> document_data(g, 1)["number"], document_data(g, 2)
('温政发〔2018〕26号', None)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import networkx as nx

from graph.edges import RESPONSIBLE_FOR


class OwnerFact(NamedTuple):
    """A unit responsible for a task: its database id, name and role (lead / co)."""

    unit_id: int
    name: str
    role: str


def task_owners(graph: nx.MultiDiGraph, task_id: int) -> tuple[OwnerFact, ...] | None:
    """The units responsible for task ``task_id``, lead first, then in clause order (the
    order :func:`store.batches.owners_of_tasks` reads them in); ``None`` when the
    snapshot has no such task."""
    node = f"task:{task_id}"
    links = graph._pred.get(node)  # the frozen graph's adjacency, without a view per call
    if links is None:
        return None
    nodes = graph._node
    found = []
    for unit, keyed in links.items():
        data = keyed.get(RESPONSIBLE_FOR)
        if data is None:
            continue
        role = data["role"]
        found.append((role != "lead", data["position"],
                      OwnerFact(int(nodes[unit]["db_id"]), nodes[unit]["name"], role)))
    found.sort(key=lambda f: (f[0], f[1]))  # stable: the build's link order breaks ties
    return tuple(f[2] for f in found)


def document_data(graph: nx.MultiDiGraph, document_id: int) -> Mapping[str, Any] | None:
    """The attributes of stored document ``document_id`` (its header: key, number,
    title, label, issuer, dates), or ``None`` when the snapshot has no such document."""
    data = graph._node.get(f"document:{document_id}")
    return data if data is not None and data.get("db_id") is not None else None
