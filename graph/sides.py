"""A built graph's successors and predecessors kept in each node's record.

NetworkX keeps a ``MultiDiGraph`` in three tables keyed by node id: ``_node`` (its
attributes), ``_succ`` and ``_pred`` (its neighbour mappings).  At province scale each
is a dict of 2^21 slots (about 30 MB each) for a million nodes.  A built node's record
is already one tuple (:mod:`graph.attributes`); :func:`fold` appends its two neighbour
mappings to it (8 bytes each) and makes ``_succ`` and ``_pred`` :class:`Side` views
that read them there, so one table is kept instead of three.

Readers see the same mappings: ``graph._succ[n]``, ``get``, ``in``, iteration in node
order, ``items`` and ``values``, and every NetworkX view and algorithm over them.  A
look-up is a Python call instead of a dict's (about 0.1 µs more), paid once per node
whose neighbours are read.  The records' own reading (``graph.nodes[n]["path"]``,
iteration, equality) never sees the two values: their names are not in the layout.

Examples
--------
>>> from graph.compact import compact
>>> g = nx.MultiDiGraph()
>>> g.add_edge("task:1", "section:1", key="PART_OF", type="PART_OF")
'PART_OF'
>>> g.nodes["task:1"]["kind"] = "Task"
>>> compact(g)
>>> fold(g)
>>> dict(g.nodes["task:1"]), list(g.succ["task:1"]), list(g.pred["section:1"])
({'kind': 'Task'}, ['section:1'], ['task:1'])
>>> list(g.edges(keys=True)), "task:1" in g._succ, len(g._pred), g._pred.get("x", 0)
([('task:1', 'section:1', 'PART_OF')], True, 2, 0)
"""

from __future__ import annotations

import ctypes
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from typing import Any

import networkx as nx

from graph.attributes import Attributes, laid_out
from graph.shared_values import NOBODY

__all__ = ["Side", "fold"]

_item = tuple.__getitem__
SUCCESSORS, PREDECESSORS = -2, -1
"""Where a folded record keeps its successors and its predecessors."""

# NetworkX's views made on first use (functools.cached_property), each over the tables
# as they were then: dropped by fold so they are made again over the Side views.
_CACHED_VIEWS = ("adj", "succ", "pred", "edges", "out_edges", "in_edges", "degree",
                 "in_degree", "out_degree")


class Side(Mapping[Any, Mapping[Any, Any]]):
    """Node id → its neighbour mapping on one side, read from the node's record."""

    __slots__ = ("_at", "_nodes")

    def __init__(self, nodes: dict[Any, Attributes], at: int) -> None:
        self._nodes = nodes
        self._at = at

    def __getitem__(self, node: Any) -> Mapping[Any, Any]:
        return _item(self._nodes[node], self._at)

    def get(self, node: Any, default: Any = None) -> Any:
        record = self._nodes.get(node)
        return default if record is None else _item(record, self._at)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __iter__(self) -> Iterator[Any]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def items(self) -> _Items:
        return _Items(self)

    def values(self) -> _Values:
        return _Values(self)


class _Items(ItemsView[Any, Mapping[Any, Any]]):
    """(node, neighbours) pairs in one pass over the records, no look-up per node."""

    _mapping: Side

    def __iter__(self) -> Iterator[tuple[Any, Mapping[Any, Any]]]:
        at = self._mapping._at
        for node, record in self._mapping._nodes.items():
            yield node, _item(record, at)


class _Values(ValuesView[Mapping[Any, Any]]):
    """Neighbour mappings in node order, in one pass over the records."""

    _mapping: Side

    def __iter__(self) -> Iterator[Mapping[Any, Any]]:
        at = self._mapping._at
        for record in self._mapping._nodes.values():
            yield _item(record, at)


def fold(graph: nx.MultiDiGraph) -> None:
    """Move a built, unfrozen graph's ``_succ`` and ``_pred`` into its node records.

    A record made with room for them (:data:`graph.shared_values.NO_SIDES`, as the build
    makes every record) gets them in place; any other record (a plain dict, one laid out
    without room) is made again with them.  Adding nodes or edges afterwards is not
    possible: the graph is to be frozen (:func:`networkx.freeze`).
    """
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    if isinstance(succ, Side):
        return
    layouts: dict[tuple[Any, ...], type] = {}
    for node, record in nodes.items():
        if type(record) is not dict and _has_room(record):
            _put(record, SUCCESSORS, succ[node])
            _put(record, PREDECESSORS, pred[node])
            continue
        attrs = record if isinstance(record, Attributes) else laid_out(record, layouts)
        nodes[node] = tuple.__new__(type(attrs), (
            *tuple.__getitem__(attrs, slice(0, type(attrs)._stored)), succ[node], pred[node]))
    graph._succ = graph._adj = Side(nodes, SUCCESSORS)
    graph._pred = Side(nodes, PREDECESSORS)
    for name in _CACHED_VIEWS:
        graph.__dict__.pop(name, None)


def _has_room(record: Attributes) -> bool:
    """Whether ``record`` was made with the two places :func:`fold` fills, holding
    :data:`graph.shared_values.NOBODY` still."""
    return (tuple.__len__(record) == record._stored + 2
            and _item(record, SUCCESSORS) is NOBODY and _item(record, PREDECESSORS) is NOBODY)


# A record is filled in place rather than made again: made again, a million records
# left a million blocks free among the snapshot's at province scale, which the process
# keeps (6 MB of the 8 MB the tables saved at M).  The record is the graph's own and
# not yet shared; the tuple's slot is written as CPython's C code fills a new tuple.
_FIRST = tuple.__basicsize__  # where a tuple's first item pointer is, from its address
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_decref = ctypes.pythonapi.Py_DecRef
_decref.argtypes = [ctypes.py_object]


def _put(record: tuple[Any, ...], at: int, value: object) -> None:
    """Replace item ``at`` (negative) of ``record`` by ``value`` in place."""
    old = _item(record, at)
    if old is value:
        return
    address = id(record) + _FIRST + (tuple.__len__(record) + at) * tuple.__itemsize__
    _incref(value)
    ctypes.c_void_p.from_address(address).value = id(value)
    _decref(old)  # the tuple's reference; ``old`` itself is released on return
