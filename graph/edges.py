"""The edge kinds of the knowledge graph and how the build adds its nodes and edges
already shared (:mod:`graph.compact`): one read-only data dict per edge kind, one key
dict per pair joined by one edge alone, node attribute dicts of the build's interned
values.  The edge directions are listed in :mod:`graph.build`."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.compact import Interner, SharedData, shared_data, shared_key_dict, shared_node
from graph.neighbours import One

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
    ones from the start (those of ``share``'s build when it has attributes), so a build
    never holds a dict per edge: at province scale those were most of its peak, and the
    peak, not what the snapshot keeps, sets a serving process's resident size.

    >>> g = nx.MultiDiGraph()
    >>> add_edge(g, "task:1", "section:1", PART_OF)
    >>> add_edge(g, "task:2", "section:1", PART_OF)
    >>> g._succ["task:1"]["section:1"] is g._succ["task:2"]["section:1"]
    True
    >>> add_edge(g, "task:1", "section:1", CONCERNS, source_quote="温州")
    >>> sorted(g.succ["task:1"]["section:1"]), len(g.succ["task:2"]["section:1"])
    (['CONCERNS', 'PART_OF'], 1)
    """
    if attrs:
        if share is None:
            _own_key_dict(graph, u, v)
            graph.add_edge(u, v, key=kind, type=kind, **attrs)
            return
        data = shared_data({"type": kind, **attrs}, share)
        alone: Mapping[str, object] = shared_key_dict(kind, data, share)
    elif kind in _TYPE_ONLY:
        data, alone = _TYPE_ONLY[kind], _ALONE[kind]
    else:
        _own_key_dict(graph, u, v)
        graph.add_edge(u, v, key=kind, type=kind)
        return
    for node in (u, v):
        if node not in graph._succ:
            graph.add_node(node)
    keydict = _own_key_dict(graph, u, v)
    if keydict is None:  # a new pair
        graph._succ[u][v] = graph._pred[v][u] = alone
    else:
        keydict[kind] = data


def _own_key_dict(graph: nx.MultiDiGraph, u: str, v: str) -> dict[str, object] | None:
    """The pair's key dict, made its own (a copy) when it was a shared one."""
    keydict = graph._succ.get(u, {}).get(v)
    if isinstance(keydict, (SharedData, One)):
        keydict = graph._succ[u][v] = graph._pred[v][u] = dict(keydict)
    return keydict


def add_shared_node(graph: nx.MultiDiGraph, share: Interner, node: str, **attrs: object) -> None:
    """Add a node whose values and key table are the build's shared ones (the rows'
    copies are freed as each table is read, so the build never holds them all, and no
    plain attribute dict is made only for :func:`graph.compact.compact` to replace)."""
    graph.add_node(node)  # a node added again (a cited stub) keeps what it had, as add_node does
    graph._node[node] = shared_node({**graph._node[node], **attrs}, share)


def source_attrs(row: object, share: Interner) -> dict[str, object]:
    """A fact's provenance (section path, span, quoted sentence) as edge attributes."""
    return {name: share(getattr(row, name)) for name in _SOURCE}
