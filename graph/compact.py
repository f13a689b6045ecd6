"""Make a built graph compact before it is frozen: equal values and edge payloads shared.

A serving process holds one snapshot per data version, so its size is paid per task
for as long as the process lives.  Read from the store row by row, every attribute is
a fresh object: the 2,000th ``"yearly"``, the 17th copy of a document's path, the node
id ``"document:4"`` spelt anew for each of its sections' edges.  :func:`compact`
(called by :func:`graph.build.build_graph` last, after the obligations are renamed,
because renaming copies every attribute dict) rewires the graph so that

* equal attribute values (strings, numbers, dates, tuples) are one object, node and
  edge data alike (a per-build table, not :func:`sys.intern`: dates and numbers repeat
  too, and the table is dropped with the build);
* a node's attributes are one tuple of its values, the names kept once per layout
  (:mod:`graph.attributes`);
* the adjacency dicts key each neighbour by the node's own id object;
* edges with equal data (most carry only ``{"type": …}``) share one read-only
  :class:`graph.shared_values.SharedData`, and node pairs joined by the same single
  edge share their key dict, so an edge of ``PART_OF`` costs a dict slot instead of two
  dicts;
* neighbour mappings of up to :data:`graph.neighbours.MANY` entries are small
  read-only mappings (the build makes them so already: :mod:`graph.adjacency`);
* nodes with equal neighbour dicts (the same neighbours through the same shared key
  dicts: the sections of one parent, the targets and obligations of one task, every
  node without successors or predecessors) share one read-only neighbour dict.

Nothing changes for a reader: the same nodes, edges, keys and values, compared by
value.  Writing a shared dict raises, so a reader that tried to change one edge could
never change them all; the graph is frozen anyway (:func:`networkx.freeze`).

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n in ("a", "b", "c"):
...     g.add_node(n, kind="".join(["Ta", "sk"]))
>>> g.add_edge("a", "c", key="PART_OF", type="PART_OF")
'PART_OF'
>>> g.add_edge("b", "c", key="PART_OF", type="PART_OF")
'PART_OF'
>>> compact(g)
>>> g.nodes["a"]["kind"] is g.nodes["b"]["kind"]
True
>>> g.edges["a", "c", "PART_OF"] is g.edges["b", "c", "PART_OF"]
True
>>> g.edges["a", "c", "PART_OF"] == {"type": "PART_OF"}
True
>>> g._succ["a"] is g._succ["b"], dict(g._succ["a"]) == {"c": {"PART_OF": {"type": "PART_OF"}}}
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.attributes import Attributes, laid_out
from graph.neighbours import Many, One, Two, small
from graph.shared_values import BUILD_SHARE, NO_SIDES, NOBODY, Interner, SharedData

__all__ = ["compact", "shared_data", "shared_key_dict", "shared_node"]


def compact(graph: nx.MultiDiGraph, share: Interner | None = None) -> None:
    """Share equal values, neighbour keys, edge data and key dicts of an unfrozen graph.

    NetworkX keeps a ``MultiDiGraph`` in ``graph._node`` (id → attributes) and
    ``graph._succ`` / ``graph._pred`` (u → v → key → data, one key dict per pair, the
    same object on both sides); this rewrites their inner dicts in place of adding
    anything, so views, ``freeze`` and every algorithm see the usual structure.
    """
    share = share or Interner()
    layouts, datas = share.layouts, share.datas
    for n, attrs in graph._node.items():
        if type(attrs) is dict:  # made by NetworkX (add_node), not by shared_node
            graph._node[n] = laid_out({name: share(v) for name, v in attrs.items()}, layouts,
                                      NO_SIDES)
    ids = {n: n for n in graph._node}  # each node's own id object
    keydicts: dict[int, Mapping[Any, Any]] = {}  # id(original key dict) → its replacement

    def rewired(keydict: Mapping[Any, Any]) -> Mapping[Any, Any]:
        done = keydicts.get(id(keydict))
        if done is not None:
            return done
        if type(keydict) is One:  # made by the build already (shared_key_dict)
            return keydict
        fresh = {share(key): _shared_data(data, share, datas) for key, data in keydict.items()}
        new: Mapping[Any, Any] = small(fresh)  # a pair joined by a few edges
        if len(fresh) == 1:
            ((key, data),) = fresh.items()
            if isinstance(data, (SharedData, Attributes)):
                new = shared_key_dict(key, data, share)
        keydicts[id(keydict)] = new
        return new

    for adjacency in (graph._succ, graph._pred):
        # equal neighbour mappings (the sections of one parent, the targets of one task)
        # are one read-only mapping: their key dicts are shared already, so equal means
        # the same neighbours and the same key dict objects.  The build made them small
        # mappings already (graph.adjacency); those that need no rewiring are kept.
        alike = _Alike()
        for u, neighbours in adjacency.items():
            if not neighbours:
                adjacency[u] = NOBODY
                continue
            kind = type(neighbours)
            if kind is One:
                v, kd = ids[neighbours._key], rewired(neighbours._value)
                if v is not neighbours._key or kd is not neighbours._value:
                    neighbours = One(v, kd)
            elif kind is Two:
                v1, kd1 = ids[neighbours._k1], rewired(neighbours._v1)
                v2, kd2 = ids[neighbours._k2], rewired(neighbours._v2)
                if (v1 is not neighbours._k1 or kd1 is not neighbours._v1
                        or v2 is not neighbours._k2 or kd2 is not neighbours._v2):
                    neighbours = Two(v1, kd1, v2, kd2)
            elif kind is Many:
                keys, kds = neighbours.halves()
                vs, new_kds = tuple(ids[v] for v in keys), tuple(rewired(kd) for kd in kds)
                if any(a is not b for a, b in zip(vs + new_kds, keys + kds, strict=True)):
                    neighbours = Many(vs, new_kds)
            else:
                fresh = {ids[v]: rewired(kd) for v, kd in neighbours.items()}
                neighbours = small(fresh)
                if neighbours is fresh:  # too many for a small mapping
                    neighbours = SharedData(fresh)
            adjacency[u] = alike(neighbours)
    graph.graph.pop(BUILD_SHARE, None)


class _Alike:
    """The first of equal neighbour mappings, found without a key object per mapping.

    A table of tuples (one per distinct mapping) lived through the whole pass and was
    freed among the snapshot's objects, leaving its blocks free for good; these tables
    are keyed by objects the snapshot keeps (a mapping's first neighbour id, the few
    shared key dicts).  A one-neighbour mapping is matched exactly; a larger one against
    the first met with the same first neighbour (most equal ones are).

    >>> alike = _Alike()
    >>> kd = SharedData({"PART_OF": SharedData(type="PART_OF")})
    >>> a, b = One("section:1", kd), One("section:1", kd)
    >>> alike(a) is a, alike(b) is a, alike(Two("s:1", kd, "s:2", kd)) is not a
    (True, True, True)
    """

    def __init__(self) -> None:
        self._by_keydict: dict[int, dict[Any, Mapping[Any, Any]]] = {}  # shared ones
        self._ones: dict[Any, Mapping[Any, Any]] = {}  # with any other key dict
        self._larger: dict[Any, Mapping[Any, Any]] = {}

    def __call__(self, neighbours: Mapping[Any, Any]) -> Mapping[Any, Any]:
        if type(neighbours) is One:
            table = self._ones
            if type(neighbours._value) is SharedData:  # a few: one per edge type
                table = self._by_keydict.get(id(neighbours._value))  # type: ignore[assignment]
                if table is None:
                    table = self._by_keydict[id(neighbours._value)] = {}
            found = table.get(neighbours._key)
            if found is None:
                table[neighbours._key] = neighbours
                return neighbours
            if found._value is neighbours._value:  # type: ignore[attr-defined]
                return found
            return neighbours
        first = next(iter(neighbours))
        found = self._larger.get(first)
        if found is None:
            self._larger[first] = neighbours
            return neighbours
        return found if _same(found, neighbours) else neighbours


def _same(a: Mapping[Any, Any], b: Mapping[Any, Any]) -> bool:
    """The same neighbour objects with the same key dict objects, in the same order."""
    if a is b:
        return True
    if len(a) != len(b):
        return False
    return all(x is y and kx is ky for (x, kx), (y, ky) in zip(a.items(), b.items(), strict=True))


def shared_node(attrs: Mapping[str, Any], share: Interner) -> Attributes:
    """A node's attributes as :func:`compact` leaves them (shared values, one tuple of
    them: :mod:`graph.attributes`), made when the node is added so the build never holds
    a plain dict.

    >>> share = Interner()
    >>> a = shared_node({"kind": "Task", "path": "".join(["一"])}, share)
    >>> b = shared_node({"kind": "Task", "path": "".join(["一"])}, share)
    >>> a == b == {"kind": "Task", "path": "一"}, a["path"] is b["path"], a is b
    (True, True, False)
    """
    strings, by_type = share._strings, share._by_type
    values: dict[str, Any] = {}
    new_label = None
    # Interner.__call__'s common cases inline: a call per value was most of adding a node
    for name, value in attrs.items():
        kind = type(value)
        if kind is str:
            if name == "label" and value not in strings:
                new_label = value
            values[name] = strings.setdefault(value, value)
        elif value is None:
            values[name] = None
        else:
            table = by_type.get(kind)
            values[name] = table.setdefault(value, value) if table is not None else share(value)
    found = laid_out(values, share.layouts, NO_SIDES)
    if new_label is not None and not any(v is new_label for v in tuple.__iter__(found)):
        # a label made when read (a section's, a target's) is not kept: shared until the
        # build's end, it was freed then among the snapshot's strings of its size
        del strings[new_label]
    return found


def shared_data(data: dict[str, Any], share: Interner) -> Mapping[str, Any]:
    """An edge's data as :func:`compact` leaves it: the build's one read-only mapping of
    these values (:mod:`graph.attributes`; a plain dict with shared values when one is
    unhashable).

    >>> share = Interner()
    >>> shared_data({"type": "CITES", "citation": "cites"}, share) is shared_data(
    ...     {"type": "CITES", "citation": "".join(["cites"])}, share)
    True
    """
    return _shared_data(data, share, share.datas)


def shared_key_dict(key: Any, data: Mapping[str, Any], share: Interner) -> One:
    """The read-only key dict of a node pair joined by the one edge ``key`` with shared
    ``data``: one for every such pair of the build, a :class:`graph.neighbours.One`
    (most such data is one edge's own: a unit's role and position in one task).

    >>> share = Interner()
    >>> data = shared_data({"type": "PART_OF"}, share)
    >>> shared_key_dict("PART_OF", data, share) is shared_key_dict("PART_OF", data, share)
    True
    >>> shared_key_dict("PART_OF", data, share) == {"PART_OF": {"type": "PART_OF"}}
    True
    """
    found = share.singles.get((key, id(data)))
    if found is None:
        found = share.singles[(key, id(data))] = One(key, data)
    return found


def _shared_data(data: Mapping[str, Any], share: Interner,
                 datas: dict[tuple[Any, ...], Mapping[str, Any]]) -> Mapping[str, Any]:
    """The edge's data with shared values, itself shared when another edge has it too."""
    values = {share(k): share(v) for k, v in data.items()}
    try:  # typed, so a confidence of 1.0 never shares with one of 1; flat, one tuple
        signature = tuple(x for k, v in values.items() for x in (k, type(v), v))
        hash(signature)
    except TypeError:
        return values
    # one tuple of values, as a node's attributes (graph.attributes)
    shared = data if isinstance(data, (SharedData, Attributes)) else laid_out(values, share.layouts)
    return datas.setdefault(signature, shared)
