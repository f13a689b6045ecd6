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

A unit is one government's (its ``jurisdiction_id``): a name resolves in the jurisdiction
asked for (full name 浙江省温州市, short name 温州市 when unique, or GB/T 2260 code), in
the division it starts with (温州市发改委 → 温州市's 市发展和改革委员会), else when it names
one unit; two governments' 市发改委 are :class:`AmbiguousName`, each candidate qualified
by its jurisdiction's full name.  Every spelling counts: the standard name, an alias, a
lexicon variant (市发改委, 市发展改革委) and a bracket variant (〈〉（）).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
from rapidfuzz import fuzz, process

from extract.jurisdictions import leading_divisions
from graph.task_names import NameUnion, TaskNames
from store.crud.units import unit_key
from store.names import normalise_name

#: The least similarity (0–100) of a suggested name, as difflib's cutoff of 0.6 was.
SUGGESTION_CUTOFF = 60.0


class UnknownName(LookupError):
    """No entity of the wanted kind has this name; ``suggestions`` are the closest ones."""

    def __init__(self, name: str, kind: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {kind} named {name[:60]!r}{hint}")  # a prefix: names can be long
        self.name = name
        self.kind = kind
        self.suggestions = suggestions


class AmbiguousName(LookupError):
    """Several entities answer to this name; ``candidates`` are qualified names.

    ``kind`` is what they are: ``unit`` (qualified by jurisdiction), ``jurisdiction``
    (full names), ``successor`` (a split bureau's successors) or ``other`` (task paths).
    """

    def __init__(self, name: str, candidates: list[str], kind: str = "other") -> None:
        super().__init__(f"{name!r} names several entities; use one of {', '.join(candidates)}")
        self.name = name
        self.candidates = candidates
        self.kind = kind


def name_index(graph: nx.MultiDiGraph, kinds: tuple[str, ...]) -> Mapping[str, Sequence[str]]:
    """Every name (canonical, alias, task path, qualified task path) → node ids.

    Built once per graph and kinds (a built graph never changes), not per look-up.  Task
    names are kept compactly (:class:`graph.task_names.TaskNames`); with other kinds
    beside them the index reads those kinds' own indexes and the tasks' as one.

    >>> from graph.sample import sample_graph
    >>> name_index(sample_graph(), ("Unit",))["经合办"]  # an alias of 市招商局
    ['unit:1']
    """
    cache: dict[tuple[str, ...], Mapping[str, Sequence[str]]] = graph.graph.setdefault(
        "names", {})
    if kinds not in cache:
        if "Task" not in kinds:
            cache[kinds] = _build_names(graph, kinds)
        else:
            others = tuple(k for k in kinds if k != "Task")
            tasks = TaskNames.of(graph)
            cache[kinds] = (NameUnion([*(name_index(graph, (k,)) for k in others), tasks])
                            if others else tasks)
    return cache[kinds]


def _build_names(graph: nx.MultiDiGraph, kinds: tuple[str, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for nid, data in graph.nodes(data=True):
        kind = data["kind"]
        if kind not in kinds:
            continue
        if kind == "Unit":
            names = _spellings(data["name"], *data.get("aliases", ()))
        else:
            names = [data["name"], *([data["full_name"]] if data.get("full_name") else [])]
        for name in dict.fromkeys(normalise_name(n) for n in names):
            index.setdefault(name, []).append(nid)
    return index


def _spellings(*names: str) -> list[str]:
    """Every spelling a unit answers to: as written and standard (brackets folded).

    >>> _spellings("市发改委")
    ['市发改委', '市发展和改革委员会']
    """
    return list(dict.fromkeys(s for n in names for s in (normalise_name(n), unit_key(n)) if s))


def _lookup(graph: nx.MultiDiGraph, name: str, kinds: tuple[str, ...], what: str) -> str:
    index = name_index(graph, kinds)
    wanted = normalise_name(name)  # look-alikes and zero-width characters: one spelling
    found = _found(index, _spellings(name) if "Unit" in kinds else [wanted])
    if "Unit" in kinds and len(found) > 1 and all(graph.nodes[n]["kind"] == "Unit" for n in found):
        raise AmbiguousName(wanted, [qualified(graph, n) for n in found], "unit")
    if found and len(found) == 1:
        return found[0]
    if found:
        # the found entities' other names that each name one of them
        names_of = getattr(index, "names_of", None)
        pairs = index.items() if names_of is None else names_of(found)
        candidates = sorted({n for n, ids in pairs if n != wanted and
                             len(ids) == 1 and ids[0] in found})
        raise AmbiguousName(wanted, candidates)
    raise UnknownName(wanted, what, _one_name_each(index, suggest(list(index), wanted, limit=10)))


def _one_name_each(index: Mapping[str, Sequence[str]], names: list[str], limit: int = 5) -> list[str]:
    """The first of ``names`` for each entity (泰顺县, not also 浙江省温州市泰顺县)."""
    seen: set[str] = set()
    kept = []
    for name in names:
        if not set(index[name]) <= seen:
            seen.update(index[name])
            kept.append(name)
    return kept[:limit]


def _found(index: Mapping[str, Sequence[str]], spellings: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(n for s in spellings for n in index.get(s, ())))


def jurisdiction_of(graph: nx.MultiDiGraph, node: str) -> dict | None:
    """The jurisdiction record (``id, code, name, full_name, level, parent_id``) of a node."""
    found: dict | None = graph.graph.get("jurisdictions", {}).get(graph.nodes[node].get(
        "jurisdiction_id"))
    return found


def qualified(graph: nx.MultiDiGraph, unit: str) -> str:
    """A unit's name with its jurisdiction's full name, as candidates are listed.

    >>> from graph.sample import sample_graph
    >>> qualified(sample_graph(), "unit:1")
    '市招商局（浙江省温州市）'
    """
    jurisdiction = jurisdiction_of(graph, unit)
    where = jurisdiction["full_name"] if jurisdiction else "?"
    return f"{graph.nodes[unit]['name']}（{where}）"


def resolve_jurisdiction(graph: nx.MultiDiGraph, name: str) -> int:
    """The id of the jurisdiction named by its full name (浙江省温州市), its GB/T 2260 code
    or its short name (温州市) when only one has it.

    Raises
    ------
    UnknownName
        No jurisdiction has the name (suggestions: the closest full names).
    AmbiguousName
        Several share the short name (two 鼓楼区); candidates are their full names.
    """
    records = graph.graph.get("jurisdictions", {}).values()
    wanted = normalise_name(name)
    exact = [j for j in records if wanted in (j["full_name"], j["code"])]
    found = exact or [j for j in records if j["name"] == wanted]
    if len(found) == 1:
        return int(found[0]["id"])
    if found:
        raise AmbiguousName(wanted, sorted(j["full_name"] for j in found), "jurisdiction")
    raise UnknownName(wanted, "jurisdiction",
                      suggest([j["full_name"] for j in records] + [j["name"] for j in records],
                              wanted))


def _units_in(graph: nx.MultiDiGraph, name: str, jurisdiction: int) -> list[str]:
    """The Unit nodes of one government answering to ``name`` (no suggestions made)."""
    return [n for n in _found(name_index(graph, ("Unit",)), _spellings(name))
            if graph.nodes[n].get("jurisdiction_id") == jurisdiction]


def _in_jurisdiction(graph: nx.MultiDiGraph, name: str, jurisdiction: int) -> str:
    found = _units_in(graph, name, jurisdiction)
    if len(found) == 1:
        return found[0]
    if found:  # two units of one government answering to one alias: name both
        raise AmbiguousName(normalise_name(name), [qualified(graph, n) for n in found], "unit")
    own = [normalise_name(d["name"]) for _, d in graph.nodes(data=True)
           if d["kind"] == "Unit" and d.get("jurisdiction_id") == jurisdiction]
    raise UnknownName(normalise_name(name), "unit", suggest(own, normalise_name(name)))


def _by_leading_division(graph: nx.MultiDiGraph, name: str) -> str | None:
    """The unit a name starting with a division names in that division's government:
    温州市发改委 is 温州市's 市发展和改革委员会 (or a unit stored as 温州市发展和改革委员会)."""
    chain = leading_divisions(normalise_name(name))
    if not chain:
        return None
    division = chain[-1]
    records = graph.graph.get("jurisdictions", {}).values()
    jurisdiction = next((j["id"] for j in records if j["code"] == division.code), None)
    if jurisdiction is None:
        return None
    # the name's own division words, then the rest read relative to it (温州市 → 市…)
    rest = normalise_name(name)[sum(len(d.name) for d in chain):]
    for candidate in (name, division.name[-1] + rest, rest):
        # tried quietly: a miss costs no suggestions (a fuzzy pass over every unit name
        # and a scan of the graph, which grew with the province)
        found = _units_in(graph, candidate, jurisdiction)
        if found:
            return _in_jurisdiction(graph, candidate, jurisdiction)  # one, else AMBIGUOUS
    return None


def suggest(known: list[str], name: str, *, limit: int = 5) -> list[str]:
    """The known names closest to ``name``: a similarity of 0.6 or more (rapidfuzz's
    ``ratio``, the measure difflib's ``get_close_matches`` used), then substring matches.

    Ties are ordered as ``get_close_matches`` ordered them (the larger string first), so
    the suggestions did not change when rapidfuzz replaced difflib.

    >>> suggest(["市招商局", "市商务局", "市农业局"], "招商局")
    ['市招商局']
    """
    scored = process.extract(name, known, scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF,
                             limit=None)
    scored.sort(key=lambda hit: (hit[1], hit[0]), reverse=True)
    close = list(dict.fromkeys(choice for choice, _, _ in scored))[:limit]
    taken = set(close)
    contained = [k for k in known if (name in k or k in name) and k not in taken]
    return (close + sorted(contained, key=len))[:limit]


def resolve_unit(graph: nx.MultiDiGraph, name: str, jurisdiction: str | None = None) -> str:
    """The Unit node named (canonically, by alias or variant) ``name``.

    Parameters
    ----------
    graph
        A built graph.
    name
        Any spelling of the unit's name; one starting with a division (温州市发改委)
        resolves in that division's government.
    jurisdiction
        Resolve in this jurisdiction (:func:`resolve_jurisdiction`); ``None``: the name
        must name one unit.

    Raises
    ------
    UnknownName
        With the closest unit names as suggestions.
    AmbiguousName
        Several governments have a unit of this name; candidates carry their
        jurisdictions' full names.
    """
    if jurisdiction is not None and jurisdiction.strip():
        return _in_jurisdiction(graph, name, resolve_jurisdiction(graph, jurisdiction))
    if not _found(name_index(graph, ("Unit",)), _spellings(name)):
        # unknown as written: a leading division (温州市招商局) is tried before any
        # suggestions are made for the error
        found = _by_leading_division(graph, name)
        if found is not None:
            return found
    try:
        return _lookup(graph, name, ("Unit",), "unit")
    except (UnknownName, AmbiguousName):
        found = _by_leading_division(graph, name)
        if found is None:
            raise
        return found


def resolve_place(graph: nx.MultiDiGraph, name: str) -> str:
    """The Place node named ``name``; raises :class:`UnknownName`."""
    return _lookup(graph, name, ("Place",), "place")


def resolve(graph: nx.MultiDiGraph, name: str) -> str:
    """A unit, place or task (by path, optionally prefixed with the document number)."""
    kinds = ("Unit", "Place", "Task")
    if not _found(name_index(graph, kinds), _spellings(name)):
        # unknown as written: a leading division (温州市商务局) is tried before the
        # suggestions for the error, a fuzzy pass over every name (task paths included)
        found = _by_leading_division(graph, name)
        if found is not None:
            return found
    try:
        return _lookup(graph, name, kinds, "unit, place or task")
    except UnknownName:
        found = _by_leading_division(graph, name)
        if found is None:
            raise
        return found
