"""The ``unit=``, ``place=`` and ``document=`` filters shared by lists, timeline and network.

Names are resolved with :mod:`graph.names` (canonical names and aliases); a document is
found by its key (file stem), its number (温政发〔2018〕26号) or its title.  An unknown
name raises :class:`graph.names.UnknownName` with suggestions, which the routes turn into
a 404 page a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.agenda import Assessed
from graph.build import CONCERNS, MEMBER_OF
from graph.kinds import of_kind
from graph.names import UnknownName, resolve_place, resolve_unit, suggest


def resolve_document(graph: nx.MultiDiGraph, name: str) -> str:
    """The stored Document node with this key, number or title.

    Raises
    ------
    UnknownName
        With the closest known keys and numbers as suggestions.
    """
    wanted = name.strip()
    known: list[str] = []
    for nid in of_kind(graph, "Document"):
        data = graph.nodes[nid]
        if data.get("stub"):
            continue  # cited documents that are not in the store have nothing to show
        names = [str(v) for v in (data.get("key"), data.get("number"), data.get("title")) if v]
        if wanted in names:
            return str(nid)
        known += names
    raise UnknownName(wanted, "document", suggest(known, wanted))


@dataclass(frozen=True)
class Selection:
    """Resolved filters: node ids, ``None`` where no filter was given."""

    unit: str | None = None
    place: str | None = None
    document: str | None = None

    @property
    def empty(self) -> bool:
        """True when nothing was filtered on."""
        return self.unit is None and self.place is None and self.document is None


def resolve_selection(graph: nx.MultiDiGraph, *, unit: str | None = None,
                      place: str | None = None, document: str | None = None,
                      jurisdiction: str | None = None) -> Selection:
    """Resolve the filter parameters a person typed (blank ones are ignored); the unit
    name in ``jurisdiction`` when given (:func:`graph.names.resolve_unit`)."""
    return Selection(
        unit=resolve_unit(graph, unit, jurisdiction) if unit and unit.strip() else None,
        place=resolve_place(graph, place) if place and place.strip() else None,
        document=resolve_document(graph, document) if document and document.strip() else None)


def place_tasks(graph: nx.MultiDiGraph, place: str) -> set[str]:
    """Tasks whose text names the place."""
    return {u for u, _, k in graph.in_edges(place, keys=True) if k == CONCERNS}


def place_units(graph: nx.MultiDiGraph, place: str) -> set[str]:
    """Collective units the place belongs to (结对县(市、区)党委、政府 for a paired county)."""
    return {v for _, v, k in graph.out_edges(place, keys=True) if k == MEMBER_OF}


def keep(graph: nx.MultiDiGraph, selection: Selection, rows: list[Assessed]) -> list[Assessed]:
    """The assessed obligations that pass every filter of ``selection``.

    A unit keeps what it owns directly; a place keeps what its collectives own or what
    its tasks mention; a document keeps its own obligations.
    """
    result = rows
    if selection.unit is not None:
        result = [a for a in result if any(o.unit == selection.unit for o in a.obligation.owners)]
    if selection.place is not None:
        tasks = place_tasks(graph, selection.place)
        units = place_units(graph, selection.place)
        result = [a for a in result if a.obligation.task in tasks
                  or any(o.unit in units for o in a.obligation.owners)]
    if selection.document is not None:
        result = [a for a in result if a.obligation.document == selection.document]
    return result
