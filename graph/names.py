"""Find graph nodes by the names people use: unit names and aliases, places, task paths.

Examples
--------
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> resolve_unit(graph, "经合办")
'unit:1'
>>> resolve(graph, "泰顺县")
'place:2'
>>> resolve(graph, "温政发〔2018〕26号 二(三)4")
'task:2'
>>> try:
...     resolve_unit(graph, "市招商")
... except UnknownName as error:
...     error.suggestions[0]
'市招商局'
"""

from __future__ import annotations

import difflib

import networkx as nx

from store.names import normalise_name


class UnknownName(LookupError):
    """No entity of the wanted kind has this name; ``suggestions`` are the closest ones."""

    def __init__(self, name: str, kind: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {kind} named {name[:60]!r}{hint}")  # a prefix: names can be long
        self.name = name
        self.kind = kind
        self.suggestions = suggestions


class AmbiguousName(LookupError):
    """Several entities answer to this name; ``candidates`` are qualified names."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(f"{name!r} names several entities; use one of {', '.join(candidates)}")
        self.name = name
        self.candidates = candidates


def _names(graph: nx.MultiDiGraph, kinds: tuple[str, ...]) -> dict[str, list[str]]:
    """Every name (canonical, alias, task path, qualified task path) → node ids.

    Built once per graph and kinds (a built graph never changes), not per look-up.
    """
    cache: dict[tuple[str, ...], dict[str, list[str]]] = graph.graph.setdefault("names", {})
    if kinds not in cache:
        cache[kinds] = _build_names(graph, kinds)
    return cache[kinds]


def _build_names(graph: nx.MultiDiGraph, kinds: tuple[str, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for nid, data in graph.nodes(data=True):
        kind = data["kind"]
        if kind not in kinds:
            continue
        if kind == "Unit":
            names = [data["name"], *data.get("aliases", ())]
        elif kind == "Place":
            names = [data["name"]]
        else:
            qualifier = data.get("document_number") or f"document {data['document_id']}"
            names = [data["path"], f"{qualifier} {data['path']}"]
        for name in names:
            index.setdefault(normalise_name(name), []).append(nid)
    return index


def _lookup(graph: nx.MultiDiGraph, name: str, kinds: tuple[str, ...], what: str) -> str:
    index = _names(graph, kinds)
    wanted = normalise_name(name)  # look-alikes and zero-width characters: one spelling
    found = index.get(wanted)
    if found and len(found) == 1:
        return found[0]
    if found:
        candidates = sorted(n for n, ids in index.items() if n != wanted and
                            len(ids) == 1 and ids[0] in found)
        raise AmbiguousName(wanted, candidates)
    raise UnknownName(wanted, what, suggest(list(index), wanted))


def suggest(known: list[str], name: str, *, limit: int = 5) -> list[str]:
    """The known names closest to ``name``: difflib's ratio, then substring matches.

    >>> suggest(["市招商局", "市商务局", "市农业局"], "招商局")
    ['市招商局']
    """
    close = difflib.get_close_matches(name, known, n=limit, cutoff=0.6)
    contained = [k for k in known if (name in k or k in name) and k not in close]
    return (close + sorted(contained, key=len))[:limit]


def resolve_unit(graph: nx.MultiDiGraph, name: str) -> str:
    """The Unit node named (canonically or by alias) ``name``.

    Raises
    ------
    UnknownName
        With the closest unit names as suggestions.
    """
    return _lookup(graph, name, ("Unit",), "unit")


def resolve_place(graph: nx.MultiDiGraph, name: str) -> str:
    """The Place node named ``name``; raises :class:`UnknownName`."""
    return _lookup(graph, name, ("Place",), "place")


def resolve(graph: nx.MultiDiGraph, name: str) -> str:
    """A unit, place or task (by path, optionally prefixed with the document number)."""
    return _lookup(graph, name, ("Unit", "Place", "Task"), "unit, place or task")
