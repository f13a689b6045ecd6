"""The build's shared objects: one object per equal value, read-only dicts many edges share.

A built graph is held for as long as its process serves it, so equal values and edge
payloads are made one object (:mod:`graph.compact`, and the build as it adds nodes and
edges).  :class:`Interner` finds the one object of a value for the life of one build;
:class:`SharedData` is a dict shared by many edges or node pairs, which refuses writes
so that a reader changing one edge could never change them all.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any, NoReturn

from graph.neighbours import One

# Immutable values worth sharing (bool is an int: the table keys by type, so True and 1
# stay apart).
_SHAREABLE = (str, int, float, dt.date, tuple)


class SharedData(dict[Any, Any]):
    """A dict shared by many edges (or node pairs): reading as usual, writing raises.

    Copies (``copy``, :mod:`copy`, pickling) are plain dicts again, so ``graph.copy()``
    and ``graph.to_undirected()`` give graphs that may be changed.

    >>> d = SharedData(type="PART_OF")
    >>> d["type"], dict(d) == {"type": "PART_OF"}
    ('PART_OF', True)
    >>> d["type"] = "CITES"
    Traceback (most recent call last):
    ...
    TypeError: a built graph's edge data is shared by many edges and read-only
    >>> type(copy.deepcopy(d)).__name__, type(d.copy()).__name__
    ('dict', 'dict')
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a built graph's edge data is shared by many edges and read-only")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def copy(self) -> dict[Any, Any]:
        return dict(self)

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, object]) -> dict[Any, Any]:
        return copy.deepcopy(dict(self), memo)

    def __reduce__(self) -> tuple[type, tuple[dict[Any, Any]]]:
        return (dict, (dict(self),))


NOBODY: Mapping[Any, Any] = SharedData()
"""The neighbours of a node without any (on that side): one read-only empty mapping for
every node and graph."""

NO_SIDES = (NOBODY, NOBODY)
"""A built node record's successors and predecessors until :func:`graph.sides.fold` puts
its own there: the record is made with room for them, so it is never made again."""

BUILD_SHARE = "building: share"
"""Where ``graph.graph`` keeps the build's :class:`Interner` until
:func:`graph.compact.compact` drops it: edges added without one (by :mod:`graph.obligation_ids`) then name their nodes by
the same id objects as the rest (:func:`graph.edges.add_edge`)."""


class Interner:
    """One object per equal immutable value, for the life of one build.

    >>> share = Interner()
    >>> a, b = share("".join(["年", "度"])), share("".join(["年", "度"]))
    >>> a is b, share(1) is share(True), share(None) is None
    (True, False, True)
    >>> share(("x", "".join(["y"]))) is share(("x", "y"))
    True
    >>> share(int("70000")) is share(int("70000")), share(1.0) is share(1), share(1.0) == 1
    (True, False, True)
    >>> share(dt.date(2020, 1, 1)) is share(dt.date(2020, 1, 1))
    True
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[type, Hashable], Any] = {}
        # strings, ints and dates, most values by far, each keyed by themselves in a
        # table of their type: a (type, value) key is a small tuple per value, held
        # for the whole build among the snapshot's own objects and freed at its end,
        # which left the heap's 64-byte blocks half free (28 MB of them at scale M)
        self._strings: dict[str, str] = {}
        self._by_type: dict[type, dict[Any, Any]] = {int: {}, dt.date: {}, float: {}}
        # the build's other sharing tables, filled as nodes and edges are added
        # (shared_node, shared_data, shared_key_dict) and by compact: node key layouts,
        # edge data by value, and single-edge key dicts by key and data
        self.layouts: dict[tuple[str, ...], type] = {}
        self.datas: dict[tuple[Any, ...], Mapping[str, Any]] = {}
        self.singles: dict[tuple[Any, int], One] = {}

    def __call__(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return self._strings.setdefault(value, value)
        table = self._by_type.get(kind)
        if table is not None:  # exactly int, date or float: True and 1.0 stay apart
            return table.setdefault(value, value)
        if not isinstance(value, _SHAREABLE):
            return value
        if isinstance(value, tuple):
            value = tuple(self(v) for v in value)
        try:
            return self._seen.setdefault((type(value), value), value)
        except TypeError:  # a tuple holding something unhashable
            return value
