"""Obligations with their status as of a day: what is overdue, what falls due when.

Examples
--------
>>> import datetime as dt
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> [(a.obligation.path, a.obligation.due.isoformat(), a.status.value)
...  for a in overdue(graph, as_of=dt.date(2019, 1, 1))]
[('二(二)1', '2018-07-31', 'OVERDUE')]
>>> [a.obligation.id for a in due_between(graph, start=dt.date(2020, 1, 1),
...                                       end=dt.date(2020, 12, 31))]
['deadline:000/三(二)/1@2020', 'target:000/二(三)4/1']
>>> overdue(graph, as_of=dt.date(2019, 1, 1), unit="unit:3")
[]
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.obligations import Obligation, expand
from graph.status import DEFAULT_DUE_SOON_DAYS, Report, Status, status_of


@dataclass(frozen=True)
class Assessed:
    """An obligation instance and its status on one day."""

    obligation: Obligation
    status: Status


def assess(graph: nx.MultiDiGraph, *, as_of: dt.date, reports: Iterable[Report] = (),
           due_soon_days: int = DEFAULT_DUE_SOON_DAYS, through_year: int | None = None,
           unit: str | None = None) -> list[Assessed]:
    """Every obligation instance with its status on ``as_of``.

    Parameters
    ----------
    graph
        A built graph.
    as_of
        The day asked about; recurring obligations without a horizon are expanded
        through ``through_year`` (default: ``as_of``'s year).
    reports
        Progress reports; only those dated on or before ``as_of`` count.
    due_soon_days
        The DUE_SOON window.
    unit
        A Unit node id: keep only obligations it owns (directly, not via memberships).

    Returns
    -------
    list of Assessed
        In due-date order.
    """
    year = through_year if through_year is not None else as_of.year
    index = _index(graph, year)
    chosen = index.expanded if unit is None else index.by_unit.get(unit, [])
    return _judge(chosen, as_of=as_of, reports=reports, due_soon_days=due_soon_days)


@dataclass(frozen=True)
class _Index:
    """One snapshot's expansion, in due order, with each unit's share (built once)."""

    expanded: list[Obligation]
    dues: list[dt.date]
    by_unit: dict[str, list[Obligation]]


def _index(graph: nx.MultiDiGraph, year: int) -> _Index:
    cache: dict[int, _Index] = graph.graph.setdefault("agenda_index", {})
    if year not in cache:
        expanded = expand(graph, through_year=year)
        by_unit: dict[str, list[Obligation]] = {}
        for ob in expanded:
            for owner in {o.unit for o in ob.owners}:
                by_unit.setdefault(owner, []).append(ob)
        cache[year] = _Index(expanded, [ob.due for ob in expanded], by_unit)
    return cache[year]


def _judge(obligations: Iterable[Obligation], *, as_of: dt.date, reports: Iterable[Report],
           due_soon_days: int) -> list[Assessed]:
    """Status of each obligation; reports are grouped by obligation once, not scanned
    once per obligation."""
    by_obligation: dict[str, list[Report]] = {}
    for report in reports:
        by_obligation.setdefault(report.obligation_id, []).append(report)
    return [Assessed(ob, status_of(ob.id, ob.due, as_of=as_of,
                                   reports=by_obligation.get(ob.id, ()),
                                   due_soon_days=due_soon_days))
            for ob in obligations]


def overdue(graph: nx.MultiDiGraph, *, as_of: dt.date, unit: str | None = None,
            reports: Iterable[Report] = ()) -> list[Assessed]:
    """The obligations OVERDUE on ``as_of`` (optionally those ``unit`` owns)."""
    index = _index(graph, as_of.year)
    if unit is None:
        # only instances due before as_of can be overdue: the sorted prefix
        chosen: list[Obligation] = index.expanded[:bisect.bisect_left(index.dues, as_of)]
    else:
        chosen = [ob for ob in index.by_unit.get(unit, []) if ob.due < as_of]
    return [a for a in _judge(chosen, as_of=as_of, reports=reports,
                              due_soon_days=DEFAULT_DUE_SOON_DAYS)
            if a.status is Status.OVERDUE]


def due_between(graph: nx.MultiDiGraph, *, start: dt.date, end: dt.date,
                as_of: dt.date | None = None, reports: Iterable[Report] = (),
                due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> list[Assessed]:
    """The obligation instances due from ``start`` to ``end`` inclusive.

    Status is assessed as of ``as_of`` (default: ``start``).
    """
    day = as_of or start
    index = _index(graph, end.year)
    window = index.expanded[bisect.bisect_left(index.dues, start):
                            bisect.bisect_right(index.dues, end)]
    return _judge(window, as_of=day, reports=reports, due_soon_days=due_soon_days)
