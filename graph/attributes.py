"""A node's attributes as one tuple of values, its names kept once per layout.

A snapshot keeps one attribute mapping per node for as long as it serves.  A dict that
shares its key table with the nodes of the same names (CPython's key-sharing dicts,
PEP 412) still keeps a values array sized for the table's growth, not for its keys: a
task's twelve values cost 272 bytes, a section's eight 192.  A :class:`Attributes` is a
tuple of the values alone (40 bytes and 8 a value: 136 and 104), its class holding the
names and where each is: one class per layout, made by :func:`laid_out` the first time
a layout is met.

Two values are not kept per node, as every node of a layout gives them: its ``kind``
(the class keeps it) and a ``label`` that is one of its other values (a task's path, an
obligation's phrase, a unit's name: the class reads that value for it).  Dropping the
two takes a node's tuple one 16-byte size class down (a section 112 → 96 bytes, a
task 128 → 112).  An obligation's ``basis`` and ``recurrence`` are words of a few
(:data:`CLASS_KEPT`): their values are part of the layout and kept by its class
(:class:`Fixed`), one size class less per obligation.  A label the build makes from two other values (a section's path and
heading, a target's value and unit) is not kept either: :class:`Labelled` makes it
again when it is read, as the build made it.

Readers see a read-only mapping, as they saw the dict: ``graph.nodes[n]["kind"]``,
``get`` with a default, ``in``, iteration in the order given, ``len``, ``items``,
``**`` and equality with dicts.  Writing raises :class:`TypeError` (the graph is frozen
anyway); copies (``copy``, :mod:`copy`, pickling) are plain dicts, so ``graph.copy()``
may be changed.

Examples
--------
>>> layouts = {}
>>> a = laid_out({"kind": "Task", "path": "二(一)", "start": 4}, layouts)
>>> b = laid_out({"kind": "Task", "path": "二(二)", "start": 9}, layouts)
>>> type(a) is type(b), len(layouts), a["path"], a.get("due"), "start" in a, list(a)
(True, 1, '二(一)', None, True, ['kind', 'path', 'start'])
>>> tuple.__len__(a), a["kind"], a.get("kind"), len(a)  # the kind is the class's
(2, 'Task', 'Task', 3)
>>> a == {"kind": "Task", "path": "二(一)", "start": 4}, {**b}["start"], a != b
(True, 9, True)
>>> a["due"]
Traceback (most recent call last):
...
KeyError: 'due'
>>> a["kind"] = "Unit"
Traceback (most recent call last):
...
TypeError: a built graph's node attributes are read-only
>>> a, type(a.copy()).__name__
({'kind': 'Task', 'path': '二(一)', 'start': 4}, 'dict')
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, NoReturn

__all__ = ["CLASS_KEPT", "Attributes", "Fixed", "Kinded", "Labelled", "laid_out"]


class Attributes(tuple, Mapping[str, Any]):
    """A node's attribute values in the order of its class's ``_names`` (those its class
    gives are not in the tuple: see :class:`Kinded`)."""

    __slots__ = ()
    _names: ClassVar[tuple[str, ...]] = ()
    _stored: ClassVar[int] = 0  # values in the tuple (any after them are not attributes)
    _at: ClassVar[dict[str, int]] = {}

    def __getitem__(self, name: str) -> Any:  # type: ignore[override]
        return tuple.__getitem__(self, self._at[name])

    def get(self, name: str, default: Any = None) -> Any:
        at = self._at.get(name)
        return default if at is None else tuple.__getitem__(self, at)

    def __contains__(self, name: object) -> bool:
        return name in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def keys(self) -> tuple[str, ...]:  # type: ignore[override]
        return self._names

    def values(self) -> tuple[Any, ...]:  # type: ignore[override]
        return tuple(self[name] for name in self._names)

    def items(self) -> tuple[tuple[str, Any], ...]:  # type: ignore[override]
        return tuple((name, self[name]) for name in self._names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # as a dict's

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a built graph's node attributes are read-only")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def copy(self) -> dict[str, Any]:
        return dict(self.items())

    def __copy__(self) -> dict[str, Any]:
        return dict(self.items())

    def __deepcopy__(self, memo: dict[int, object]) -> dict[str, Any]:
        return copy.deepcopy(dict(self.items()), memo)

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return (dict, (dict(self.items()),))


class Kinded(Attributes):
    """The attributes of a node whose ``kind`` its class keeps (every node of a layout
    has the same): one value fewer per node, and the most read one found without a
    look-up."""

    __slots__ = ()
    _kind: ClassVar[str] = ""

    def __getitem__(self, name: str) -> Any:  # type: ignore[override]
        if name == "kind":
            return self._kind
        return tuple.__getitem__(self, self._at[name])

    def get(self, name: str, default: Any = None) -> Any:
        if name == "kind":
            return self._kind
        at = self._at.get(name)
        return default if at is None else tuple.__getitem__(self, at)


class Labelled(Kinded):
    """The attributes of a node whose ``label`` its class makes from two of its other
    values, as the build made it (:data:`_LABEL_MADE`): a section's path and heading, a
    target's value and unit.  One string fewer per node (about 100 bytes a section),
    made again on each read of the label."""

    __slots__ = ()

    def _made_label(self) -> str:
        raise NotImplementedError  # each layout's class has its own (laid_out)

    def __getitem__(self, name: str) -> Any:  # type: ignore[override]
        if name == "label":
            return self._made_label()
        return Kinded.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        if name == "label":
            return self._made_label()
        return Kinded.get(self, name, default)


class Fixed(Kinded):
    """The attributes of a node some of whose values its class keeps (:data:`CLASS_KEPT`:
    every node of the layout has the same), read from ``_fixed`` (which holds its kind
    too: one look-up for either)."""

    __slots__ = ()
    _fixed: ClassVar[dict[str, Any]] = {}

    # not through Kinded's: a super() call per read costs more than the look-up
    def __getitem__(self, name: str) -> Any:  # type: ignore[override]
        fixed = self._fixed
        if name in fixed:
            return fixed[name]
        return tuple.__getitem__(self, self._at[name])

    def get(self, name: str, default: Any = None) -> Any:
        fixed = self._fixed
        if name in fixed:
            return fixed[name]
        at = self._at.get(name)
        return default if at is None else tuple.__getitem__(self, at)


CLASS_KEPT = frozenset({"basis", "recurrence"})
"""Names whose string values are part of a node's layout, kept by its class: an
obligation's basis (deadline, target) and recurrence (once, yearly, …), a handful of
words each."""

# Where a label is one of a node's other values, the names looked at, in this order.
_LABEL_FROM = ("path", "raw", "name", "number", "title")


def _path_and_heading(node: Mapping[str, Any]) -> str:
    return f"{node['path']} {node['heading']}".strip()  # as graph.build labels a section


def _value_and_unit(node: Mapping[str, Any]) -> str:
    return f"{node['value']:g}{node['unit']}"  # as graph.build labels a target


# Labels made from other values, by the names of the values: a node's label is left out
# only where its function gives that very text (a section's heading with spaces of its
# own at an end does not, and keeps its label).
_LABEL_MADE = {"path heading": _path_and_heading, "value unit": _value_and_unit}


def _made_from(attrs: Mapping[str, Any], label: str) -> str | None:
    """The :data:`_LABEL_MADE` entry that makes ``label`` from ``attrs``, if any."""
    for source, make in _LABEL_MADE.items():
        try:
            if make(attrs) == label:
                return source
        except (KeyError, TypeError, ValueError):  # a value missing or not a number
            continue
    return None


def laid_out(attrs: Mapping[str, Any], layouts: dict[tuple[Any, ...], type],
             extra: tuple[Any, ...] = ()) -> Attributes:
    """``attrs`` as an :class:`Attributes` of the class of its names (made once per
    layout in ``layouts``): a string ``kind`` kept by the class, and a ``label`` that
    is the very object of one of the other values (:data:`_LABEL_FROM`) read there.
    ``extra`` values follow the attributes' own, unnamed (a node's neighbours:
    :mod:`graph.sides`)."""
    names = tuple(attrs)
    kind = attrs.get("kind")
    kind = kind if type(kind) is str else None
    label = attrs.get("label")
    source = None
    if type(label) is str:
        source = next((n for n in _LABEL_FROM if attrs.get(n) is label), None)
        if source is None and kind is not None:
            source = _made_from(attrs, label)
    # not with a label made when read (a section's, a target's: none has either name)
    fixed = tuple((n, v) for n, v in attrs.items() if n in CLASS_KEPT and type(v) is str) \
        if kind is not None and source not in _LABEL_MADE else ()
    kept = {n for n, _ in fixed}
    key = (names, kind, source, fixed)
    holder = layouts.get(key)
    if holder is None:
        stored = [n for n in names if not (n == "kind" and kind is not None)
                  and not (n == "label" and source is not None) and n not in kept]
        at: dict[str, Any] = {name: i for i, name in enumerate(stored)}
        if source is not None:
            at["label"] = at.get(source)  # None when made (Labelled), listed for ``in``
        if kind is not None:
            at["kind"] = None  # read from the class (Kinded), listed for ``in``
        for name in kept:
            at[name] = None  # read from the class (Fixed), listed for ``in``
        body: dict[str, Any] = {"__slots__": (), "_names": names, "_stored": len(stored),
                                "_at": {name: at[name] for name in names}}
        base: type = Attributes
        if kind is not None:
            body["_kind"] = kind
            base = Kinded
            if source in _LABEL_MADE:
                body["_made_label"] = _LABEL_MADE[source]
                base = Labelled
        if fixed:
            body["_fixed"] = {"kind": kind, **dict(fixed)}
            base = Fixed
        holder = layouts[key] = type("NodeAttributes", (base,), body)
    found: Attributes = tuple.__new__(holder, tuple(
        value for name, value in attrs.items()
        if not (name == "kind" and kind is not None) and not (name == "label" and source is not None)
        and name not in kept
    ) + extra)
    return found
