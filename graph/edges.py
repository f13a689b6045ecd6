"""The edge kinds of the knowledge graph and how the build adds its nodes and edges
already shared (:mod:`graph.compact`): one read-only data dict per edge kind, one key
dict per pair joined by one edge alone, node attribute dicts of the build's interned
values.  The edge directions are listed in :mod:`graph.build`."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.adjacency import put
from graph.compact import shared_data, shared_key_dict, shared_node
from graph.neighbours import One
from graph.shared_values import BUILD_SHARE, NOBODY, Interner, SharedData

PART_OF = "PART_OF"
RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
HAS_TARGET = "HAS_TARGET"
DUE_BY = "DUE_BY"
CONCERNS = "CONCERNS"
PAIRED_WITH = "PAIRED_WITH"
CITES = "CITES"
MEMBER_OF = "MEMBER_OF"
IMPLEMENTS = "IMPLEMENTS"

PAIRING_MARK = "结对"  # the word naming the pairing's collective units

_SOURCE = ("source_path", "source_start", "source_end", "source_quote")


def node_id(kind: str, db_id: int | str) -> str:
    """The graph id of a stored row.

    >>> node_id("unit", 12)
    'unit:12'
    """
    return f"{kind}:{db_id}"


# The data of an edge carrying nothing but its type: one read-only dict per type for
# every graph (most edges), rather than one dict per edge until graph.compact shares them.
_TYPE_ONLY = {kind: SharedData(type=kind) for kind in (
    PART_OF, RESPONSIBLE_FOR, HAS_TARGET, DUE_BY, CONCERNS, PAIRED_WITH, CITES, MEMBER_OF,
    IMPLEMENTS)}


# The key dict of a pair joined only by one such edge: shared by every such pair.
_ALONE = {kind: SharedData({kind: data}) for kind, data in _TYPE_ONLY.items()}


def add_edge(graph: nx.MultiDiGraph, u: str, v: str, kind: str, *,
             share: Interner | None = None, **attrs: object) -> None:
    """Add a typed edge keyed by its type (one edge per type and pair).

    Its data and, for a pair joined by this edge alone, the pair's key dict are shared
    ones from the start (those of ``share``'s build when it has attributes), and the
    neighbour tables are small mappings from the first edge on (:mod:`graph.adjacency`),
    so a build never holds a dict per edge or per node it would replace: at province
    scale those were most of its peak, and freed among the snapshot's objects they left
    blocks the process could not give back.

    >>> g = nx.MultiDiGraph()
    >>> add_edge(g, "task:1", "section:1", PART_OF)
    >>> add_edge(g, "task:2", "section:1", PART_OF)
    >>> g._succ["task:1"]["section:1"] is g._succ["task:2"]["section:1"]
    True
    >>> add_edge(g, "task:1", "section:1", CONCERNS, source_quote="温州")
    >>> sorted(g.succ["task:1"]["section:1"]), len(g.succ["task:2"]["section:1"])
    (['CONCERNS', 'PART_OF'], 1)
    >>> list(g._pred["section:1"]), type(g._succ["task:2"]).__name__
    (['task:1', 'task:2'], 'One')
    """
    share = share or graph.graph.get(BUILD_SHARE)
    if share is not None:
        u, v = share(u), share(v)  # the nodes' own id objects, not a copy per edge
    alone: Mapping[str, object] | None = None
    if attrs and share is not None:
        shared = shared_data({"type": kind, **attrs}, share)
        data: Mapping[str, object] = shared
        alone = shared_key_dict(kind, shared, share)
    elif not attrs and kind in _TYPE_ONLY:
        data, alone = _TYPE_ONLY[kind], _ALONE[kind]
    else:
        data = {"type": kind, **attrs}
    for node in (u, v):
        if node not in graph._succ:
            add_plain_node(graph, node)
    keydict = graph._succ[u].get(v)
    if keydict is None:  # a new pair
        keydict = alone if alone is not None else {kind: data}
    elif isinstance(keydict, (SharedData, One)):  # a shared key dict: the pair's own copy
        keydict = {**keydict, kind: data}
    else:
        keydict[kind] = data
        return
    put(graph._succ, u, v, keydict)
    put(graph._pred, v, u, keydict)


def add_plain_node(graph: nx.MultiDiGraph, node: str) -> None:
    """A node without attributes or neighbours (NetworkX's ``add_node`` would give it two
    empty dicts to replace)."""
    graph._succ[node] = graph._pred[node] = NOBODY
    graph._node[node] = {}


def add_shared_node(graph: nx.MultiDiGraph, share: Interner, node: str, **attrs: object) -> None:
    """Add a node whose values and key table are the build's shared ones (the rows'
    copies are freed as each table is read, so the build never holds them all, and no
    plain attribute dict is made only for :func:`graph.compact.compact` to replace).
    A node added again (a cited stub) keeps what it had, as ``add_node`` does."""
    node = share(node)
    if node not in graph._succ:
        graph._succ[node] = graph._pred[node] = NOBODY
        graph._node[node] = shared_node(attrs, share)
    else:
        graph._node[node] = shared_node({**graph._node[node], **attrs}, share)


def mark_node(graph: nx.MultiDiGraph, node: str, **values: object) -> None:
    """Give a node more or other values while the graph is built (or a test prepares
    one): its read-only attributes (:mod:`graph.attributes`) are made again with
    them, a plain dict is updated."""
    attrs = graph._node[node]
    if type(attrs) is dict:
        attrs.update(values)
        return
    share = graph.graph.get(BUILD_SHARE) or Interner()
    graph._node[node] = shared_node({**attrs, **values}, share)


def source_attrs(row: object, share: Interner | None = None) -> dict[str, object]:
    """A fact's provenance (section path, span, quoted sentence) as edge attributes,
    shared by ``share``; as read without it (a node's values are shared when it is
    added, after a quote that is a span of its task's text is left out)."""
    if share is None:
        return {name: getattr(row, name) for name in _SOURCE}
    return {name: share(getattr(row, name)) for name in _SOURCE}
