"""What a live subscriber watches, and how its obligations' statuses changed.

A :class:`Watch` picks obligations the way the queries do: a unit's
(:func:`graph.agenda.assess`), a place's (:func:`graph.places.obligations_of_place`), a
jurisdiction's documents', or every one; a token scoped to a jurisdiction further keeps
only obligations of documents inside it.  :func:`watched` judges them with the same rules
as the queries, :func:`changes` diffs them against what the subscriber last saw.

Examples
--------
>>> import datetime as dt
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> before = statuses(watched(graph, Watch(unit="unit:4"), as_of=dt.date(2020, 1, 2)))
>>> after = watched(graph, Watch(unit="unit:4"), as_of=dt.date(2021, 1, 2))
>>> [(c.path, c.before.value, c.after.value) for c in changes(before, after)]
[('二(三)4', 'OPEN', 'OVERDUE')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.agenda import Assessed, Reports, assess
from graph.build import within
from graph.obligations import Obligation
from graph.places import obligations_of_place
from graph.status import DEFAULT_DUE_SOON_DAYS, Status


@dataclass(frozen=True)
class Watch:
    """The obligations one subscription follows (node ids and jurisdiction ids).

    ``unit`` wins over ``place``, which wins over ``jurisdiction``; none of them means
    every obligation.  ``scope`` is the caller's token's jurisdiction (``None``: all).
    """

    unit: str | None = None
    place: str | None = None
    jurisdiction: int | None = None
    scope: int | None = None


@dataclass(frozen=True)
class StatusChange:
    """One obligation's status moving from ``before`` to ``after``, seen on ``on``."""

    obligation_id: str
    path: str
    before: Status
    after: Status
    on: dt.date


def in_jurisdiction(graph: nx.MultiDiGraph, obligation: Obligation,
                    jurisdiction: int | None) -> bool:
    """Whether the obligation's document belongs to ``jurisdiction`` or one inside it
    (``None``: any)."""
    if jurisdiction is None:
        return True
    home = graph.nodes[obligation.document].get("jurisdiction_id") \
        if obligation.document in graph else None
    return within(graph.graph.get("jurisdictions", {}), home, jurisdiction)


def watched(graph: nx.MultiDiGraph, watch: Watch, *, as_of: dt.date, reports: Reports = (),
            due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> list[Assessed]:
    """The watched obligations with their status on ``as_of`` (the queries' rules)."""
    if watch.unit is not None:
        found = assess(graph, as_of=as_of, unit=watch.unit, reports=reports,
                       due_soon_days=due_soon_days)
    elif watch.place is not None:
        found = obligations_of_place(graph, watch.place, as_of=as_of, reports=reports,
                                     due_soon_days=due_soon_days)
    else:
        found = [a for a in assess(graph, as_of=as_of, reports=reports,
                                   due_soon_days=due_soon_days)
                 if in_jurisdiction(graph, a.obligation, watch.jurisdiction)]
    return [a for a in found if in_jurisdiction(graph, a.obligation, watch.scope)]


def statuses(assessed: Iterable[Assessed]) -> dict[str, Status]:
    """Obligation id → status, what a subscriber remembers between two looks."""
    return {a.obligation.id: a.status for a in assessed}


def changes(before: Mapping[str, Status], after: Iterable[Assessed], *,
            on: dt.date | None = None) -> list[StatusChange]:
    """The obligations of ``after`` whose status differs from ``before``, in ``after``'s
    order.  An obligation ``before`` did not know (a new document, a new year's instance)
    is its first sighting, not a change.

    >>> import datetime as dt
    >>> from graph.sample import sample_graph
    >>> now = watched(sample_graph(), Watch(unit="unit:4"), as_of=dt.date(2019, 1, 1))
    >>> changes(statuses(now), now), changes({}, now)
    ([], [])
    """
    found = []
    for a in after:
        seen = before.get(a.obligation.id)
        if seen is not None and seen is not a.status:
            found.append(StatusChange(a.obligation.id, a.obligation.path, seen, a.status,
                                      on or dt.date.min))
    return found
