"""Task names without a string per task: the look-up behind "a unit, place or task".

A task answers to its path (``二(三)4``) and to its path qualified by its document's
number (``温政发〔2018〕26号 二(三)4``, or ``document 7 二(三)4`` for a document without
one).  Kept as a dict of every such string, the names took two strings and two lists
per task: 11 MB at the bench's scale M and 66 MB at L, made by the first look-up that
needed them and held for as long as the snapshot served.  :class:`TaskNames` keeps, per
distinct path, the ids of its tasks and each one's qualifier (one string per document,
shared), and reads a qualified name by splitting it at a space: the same answers, 11 MB
at L.

Listing every name (suggestions for an unknown name, the other names of an ambiguous
one) makes the qualified strings again, for that error only.

Examples
--------
>>> from graph.sample import sample_graph
>>> names = TaskNames.of(sample_graph())
>>> names["温政发〔2018〕26号 二(三)4"], names.get("温政发〔2018〕26号 九(九)9")
(('task:2',), None)
>>> "二(三)4" in names, "温政发〔2018〕26号 二(三)4" in list(names)
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import networkx as nx

from store.names import normalise_name


class TaskNames(Mapping[str, Sequence[str]]):
    """Normalised task names → task ids, in the graph's node order (see the module)."""

    __slots__ = ("_by_path", "_qualifiers")

    def __init__(self, by_path: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        # normalised path → (task ids, each one's normalised qualifier): two tuples of
        # references a path, the qualifier strings shared by a document's tasks
        self._by_path = by_path
        self._qualifiers = frozenset(q for _, qs in by_path.values() for q in qs)

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> TaskNames:
        """The names of ``graph``'s Task nodes."""
        by_path: dict[str, tuple[list[str], list[str]]] = {}
        qualifiers: dict[str, str] = {}  # one normalised string per qualifier
        for nid, data in graph.nodes(data=True):
            if data["kind"] != "Task":
                continue
            raw = data.get("document_number") or f"document {data['document_id']}"
            qualifier = qualifiers.get(raw)
            if qualifier is None:
                qualifier = qualifiers[raw] = normalise_name(raw)
            ids, of = by_path.setdefault(normalise_name(data["path"]), ([], []))
            ids.append(nid)
            of.append(qualifier)
        return cls({p: (tuple(ids), tuple(of)) for p, (ids, of) in by_path.items()})

    def __getitem__(self, name: str) -> tuple[str, ...]:
        found = self._by_path.get(name, ((), ()))[0]
        space = name.find(" ")
        while space != -1:  # a qualifier may hold spaces (document 7): try each one
            qualifier = name[:space]
            if qualifier in self._qualifiers:
                ids, of = self._by_path.get(name[space + 1:], ((), ()))
                found += tuple(t for t, q in zip(ids, of, strict=True) if q == qualifier)
            space = name.find(" ", space + 1)
        if not found:
            raise KeyError(name)
        return tuple(dict.fromkeys(found))

    def __iter__(self) -> Iterator[str]:
        yield from self._by_path
        seen: set[str] = set()
        for path, (_, of) in self._by_path.items():
            for qualifier in of:
                qualified = f"{qualifier} {path}"
                if qualified not in seen and qualified not in self._by_path:
                    seen.add(qualified)
                    yield qualified

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def names_of(self, ids: Iterable[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Each name of the tasks ``ids`` with every task answering to it: what an
        ambiguous name's other names are chosen from, without listing every name."""
        wanted = set(ids)
        for path, (tasks, of) in self._by_path.items():
            for task, qualifier in zip(tasks, of, strict=True):
                if task in wanted:
                    for name in (path, f"{qualifier} {path}"):
                        yield name, self[name]


class NameUnion(Mapping[str, Sequence[str]]):
    """Several name mappings read as one: a name's ids from each, in order, once each.

    >>> union = NameUnion([{"a": ["x"]}, {"a": ["y", "x"], "b": ["z"]}])
    >>> union["a"], union.get("c"), sorted(union)
    (('x', 'y'), None, ['a', 'b'])
    """

    __slots__ = ("_parts",)

    def __init__(self, parts: Sequence[Mapping[str, Sequence[str]]]) -> None:
        self._parts = tuple(parts)

    def __getitem__(self, name: str) -> tuple[str, ...]:
        found = [i for part in self._parts for i in part.get(name, ())]
        if not found:
            raise KeyError(name)
        return tuple(dict.fromkeys(found))

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for part in self._parts:
            for name in part:
                if name not in seen:
                    seen.add(name)
                    yield name

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def names_of(self, ids: Iterable[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Each name of ``ids`` with every id answering to it (see
        :meth:`TaskNames.names_of`); a part without that method is read whole."""
        wanted = set(ids)
        for part in self._parts:
            names_of = getattr(part, "names_of", None)
            pairs = part.items() if names_of is None else names_of(wanted)
            for name, ids in pairs:
                if any(i in wanted for i in ids):
                    yield name, self[name]
