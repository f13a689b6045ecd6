"""A snapshot's nodes by kind, and by kind and document, indexed once.

Several views want every node of one kind: the units of a government, a document's
sections, tasks and targets, the stored documents.  Walking every node's attributes for
that cost a request time in proportion to the whole graph (over a million nodes at
province scale, most of them sections and obligations).  These indexes are built on the
first question about a kind and kept with the snapshot (``graph.graph``), so they live
and die with it; they hold node ids only, in the graph's own order, and only for the
kinds asked about.

Examples
--------
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> of_kind(graph, "Unit")
('unit:1', 'unit:2', 'unit:3', 'unit:4')
>>> of_kind(graph, "Nothing")
()
>>> [graph.nodes[n]["path"] for n in of_document(graph, "Task", 1)]
['二(二)1', '二(三)4', '三(二)']
>>> of_document(graph, "Task", 99)
()
>>> [d["name"] for d in nodes_of(graph, of_kind(graph, "Unit"))][:2]
['市招商局', '市农业局']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

_BY_KIND = "nodes_by_kind"
_BY_DOCUMENT = "nodes_by_kind_and_document"


def of_kind(graph: nx.MultiDiGraph, kind: str) -> tuple[str, ...]:
    """The ids of every node of ``kind``, in the graph's node order."""
    index: dict[str, tuple[str, ...]] = graph.graph.setdefault(_BY_KIND, {})
    found = index.get(kind)
    if found is None:
        # two requests racing here compute the same tuple; either one is kept
        found = index[kind] = tuple(n for n, k in graph.nodes(data="kind") if k == kind)
    return found


def of_document(graph: nx.MultiDiGraph, kind: str, document_id: int | None) -> tuple[str, ...]:
    """The ids of the nodes of ``kind`` whose ``document_id`` is ``document_id`` (a stored
    document's ``db_id``), in the graph's node order."""
    index: dict[str, dict[int | None, tuple[str, ...]]] = graph.graph.setdefault(_BY_DOCUMENT, {})
    grouped = index.get(kind)
    if grouped is None:
        lists: dict[int | None, list[str]] = {}
        nodes = graph._node
        for n in of_kind(graph, kind):
            lists.setdefault(nodes[n].get("document_id"), []).append(n)
        grouped = index[kind] = {d: tuple(found) for d, found in lists.items()}
    return grouped.get(document_id, ())


def nodes_of(graph: nx.MultiDiGraph, ids: Iterable[str]) -> Iterator[Mapping[str, Any]]:
    """The attributes of each node of ``ids``, in their order: what a view reads after
    :func:`of_kind` or :func:`of_document`."""
    return map(graph._node.__getitem__, ids)
