"""Read-only mappings of a few entries: a snapshot's small neighbour and key dicts.

Most nodes of a built graph have one or two predecessors (an obligation or target its
task, a task its section) and many pairs are joined by one edge whose data is its own
(a unit's ``RESPONSIBLE_FOR`` with its role and position), so no two of their dicts are
equal and :mod:`graph.compact` cannot share them.  CPython gives every dict at least
eight slots: a one-entry dict weighs 184 bytes, the 2-slot :class:`One` 56 and the
4-slot :class:`Two` 72.  At scale M (117,131 nodes) they replace about 110,000 dicts.
A node with three to eight neighbours (a task's section, owners, targets and places)
is a :class:`Many`, one tuple of its keys and values: 88 to 168 bytes instead of a
dict's 184 or 272 (about 42,000 of them at scale M).  Larger ones stay dicts: their
look-ups would walk the keys.

Every reader (NetworkX's views and algorithms, :mod:`graph.sizes`) reads them as
mappings: subscript, ``get``, ``in``, iteration in insertion order, ``len``, ``items``.
Writing raises :class:`TypeError` as :class:`graph.shared_values.SharedData` does, and
copies (``copy``, :mod:`copy`, pickling) are plain dicts, so ``graph.copy()`` may be
changed.

Examples
--------
>>> one = small({"section:1": "PART_OF"})
>>> type(one).__name__, one["section:1"], one.get("task:9"), "section:1" in one, len(one)
('One', 'PART_OF', None, True, 1)
>>> two = small({"a": 1, "b": 2})
>>> list(two.items()), dict(two) == {"a": 1, "b": 2}, two == {"b": 2, "a": 1}
([('a', 1), ('b', 2)], True, True)
>>> two["c"]
Traceback (most recent call last):
...
KeyError: 'c'
>>> two["c"] = 3
Traceback (most recent call last):
...
TypeError: a built graph's neighbour and key dicts are shared and read-only
>>> type(small({"a": 1, "b": 2, "c": 3})).__name__
'Many'
>>> type(small({str(n): n for n in range(MANY + 1)})).__name__  # more stay dicts
'dict'
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, KeysView, Mapping, ValuesView
from typing import Any, NoReturn

__all__ = ["MANY", "Many", "One", "Two", "small"]

MANY = 8
"""The most entries a :class:`Many` holds; a larger mapping stays a dict."""

_MISSING = object()


class _Small(Mapping[Any, Any]):
    """What :class:`One` and :class:`Two` share: read-only, copied as dicts."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a built graph's neighbour and key dicts are shared and read-only")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def keys(self) -> KeysView[Any]:
        return KeysView(self)

    def values(self) -> ValuesView[Any]:
        return ValuesView(self)

    def copy(self) -> dict[Any, Any]:
        return dict(self.items())

    def __copy__(self) -> dict[Any, Any]:
        return dict(self.items())

    def __deepcopy__(self, memo: dict[int, object]) -> dict[Any, Any]:
        return copy.deepcopy(dict(self.items()), memo)

    def __reduce__(self) -> tuple[type, tuple[dict[Any, Any]]]:
        return (dict, (dict(self.items()),))

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class One(_Small):
    """A read-only mapping of one entry.

    >>> One("a", 1) == {"a": 1}, list(One("a", 1)), One("a", 1).copy()
    (True, ['a'], {'a': 1})
    """

    __slots__ = ("_key", "_value")

    def __init__(self, key: Any, value: Any) -> None:
        self._key = key
        self._value = value

    def __getitem__(self, key: Any) -> Any:
        if key is self._key or key == self._key:
            return self._value
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        return self._value if key is self._key or key == self._key else default

    def __contains__(self, key: object) -> bool:
        return key is self._key or key == self._key

    def __iter__(self) -> Iterator[Any]:
        return iter((self._key,))

    def __len__(self) -> int:
        return 1

    def items(self) -> tuple[tuple[Any, Any], ...]:  # type: ignore[override]
        return ((self._key, self._value),)


class Two(_Small):
    """A read-only mapping of two entries (in the order given).

    >>> t = Two("a", 1, "b", 2)
    >>> t["b"], t.get("a"), t.get("z", 0), list(t), len(t)
    (2, 1, 0, ['a', 'b'], 2)
    """

    __slots__ = ("_k1", "_k2", "_v1", "_v2")

    def __init__(self, k1: Any, v1: Any, k2: Any, v2: Any) -> None:
        self._k1, self._v1, self._k2, self._v2 = k1, v1, k2, v2

    def get(self, key: Any, default: Any = None) -> Any:
        if key is self._k1 or key == self._k1:
            return self._v1
        if key is self._k2 or key == self._k2:
            return self._v2
        return default

    def __getitem__(self, key: Any) -> Any:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return key is self._k1 or key is self._k2 or key == self._k1 or key == self._k2

    def __iter__(self) -> Iterator[Any]:
        return iter((self._k1, self._k2))

    def __len__(self) -> int:
        return 2

    def items(self) -> tuple[tuple[Any, Any], ...]:  # type: ignore[override]
        return ((self._k1, self._v1), (self._k2, self._v2))


class Many(tuple, _Small):
    """A read-only mapping of three to :data:`MANY` entries (in the order given): one
    tuple, its keys then its values, searched by :meth:`tuple.index` (identity first).

    >>> m = Many(("a", "b", "c"), (1, 2, 3))
    >>> m["c"], m.get("a"), m.get("z", 0), "b" in m, "z" in m, list(m), len(m)
    (3, 1, 0, True, False, ['a', 'b', 'c'], 3)
    >>> m == {"c": 3, "b": 2, "a": 1}, {"a": 1, "b": 2, "c": 3} == m, m != {"a": 1}
    (True, True, True)
    >>> m, list(m.values()), m.copy()
    ({'a': 1, 'b': 2, 'c': 3}, [1, 2, 3], {'a': 1, 'b': 2, 'c': 3})
    >>> m[1]  # a value is no key
    Traceback (most recent call last):
    ...
    KeyError: 1
    """

    __slots__ = ()

    def __new__(cls, keys: tuple[Any, ...], values: tuple[Any, ...]) -> Many:
        return tuple.__new__(cls, keys + values)

    def halves(self) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """(the keys, the values), in order."""
        half = tuple.__len__(self) >> 1
        return tuple.__getitem__(self, slice(0, half)), tuple.__getitem__(self, slice(half, None))

    def _where(self, key: Any) -> int:
        """The index of ``key``'s value in the tuple, or -1."""
        half = tuple.__len__(self) >> 1
        try:
            return half + tuple.index(self, key, 0, half)
        except ValueError:
            return -1

    def __getitem__(self, key: Any) -> Any:
        at = self._where(key)
        if at < 0:
            raise KeyError(key)
        return tuple.__getitem__(self, at)

    def get(self, key: Any, default: Any = None) -> Any:
        at = self._where(key)
        return default if at < 0 else tuple.__getitem__(self, at)

    def __contains__(self, key: object) -> bool:
        return self._where(key) >= 0

    def __iter__(self) -> Iterator[Any]:
        return iter(tuple.__getitem__(self, slice(0, tuple.__len__(self) >> 1)))

    def __len__(self) -> int:
        return tuple.__len__(self) >> 1

    def items(self) -> tuple[tuple[Any, Any], ...]:  # type: ignore[override]
        return tuple(zip(*self.halves(), strict=True))

    def values(self) -> ValuesView[Any]:
        return self.halves()[1]  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # as a dict's: equal to unequal tuples

    def __repr__(self) -> str:
        return repr(dict(self.items()))


def small(entries: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """``entries`` as a :class:`One`, :class:`Two` or :class:`Many` when it has at most
    :data:`MANY`, else itself."""
    if len(entries) == 1:
        ((key, value),) = entries.items()
        return One(key, value)
    if len(entries) == 2:
        ((k1, v1), (k2, v2)) = entries.items()
        return Two(k1, v1, k2, v2)
    if len(entries) <= MANY:
        return Many(tuple(entries), tuple(entries.values()))
    return entries
