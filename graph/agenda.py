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
    report_list = list(reports)
    year = through_year if through_year is not None else as_of.year
    result = []
    for ob in expand(graph, through_year=year):
        if unit is not None and all(o.unit != unit for o in ob.owners):
            continue
        status = status_of(ob.id, ob.due, as_of=as_of, reports=report_list,
                           due_soon_days=due_soon_days)
        result.append(Assessed(ob, status))
    return result


def overdue(graph: nx.MultiDiGraph, *, as_of: dt.date, unit: str | None = None,
            reports: Iterable[Report] = ()) -> list[Assessed]:
    """The obligations OVERDUE on ``as_of`` (optionally those ``unit`` owns)."""
    return [a for a in assess(graph, as_of=as_of, unit=unit, reports=reports)
            if a.status is Status.OVERDUE]


def due_between(graph: nx.MultiDiGraph, *, start: dt.date, end: dt.date,
                as_of: dt.date | None = None, reports: Iterable[Report] = (),
                due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> list[Assessed]:
    """The obligation instances due from ``start`` to ``end`` inclusive.

    Status is assessed as of ``as_of`` (default: ``start``).
    """
    day = as_of or start
    return [a for a in assess(graph, as_of=day, reports=reports, through_year=end.year,
                              due_soon_days=due_soon_days)
            if start <= a.obligation.due <= end]
