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
>>> overdue(graph, as_of=dt.date(2018, 8, 15))  # before the document was issued
[]
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.agenda_index import AgendaIndex, agenda_index
from graph.obligations import Obligation
from graph.shares import judge_obligation
from graph.status import DEFAULT_DUE_SOON_DAYS, Report, Status, dated_status

Reports = Iterable[Report] | Callable[[list[str]], Iterable[Report]]
"""Progress reports, or a function giving those of the obligation ids it is passed."""


@dataclass(frozen=True)
class Assessed:
    """An obligation instance and its status on one day."""

    obligation: Obligation
    status: Status


def assess(graph: nx.MultiDiGraph, *, as_of: dt.date, reports: Reports = (),
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
    index = agenda_index(graph)
    chosen = index.expanded if unit is None else index.by_unit.get(unit, ())
    return _judge(graph, _through(chosen, index, year), as_of=as_of, reports=reports,
                  due_soon_days=due_soon_days)


def assess_among(graph: nx.MultiDiGraph, *, as_of: dt.date, units: Iterable[str] = (),
                 tasks: Iterable[str] = (), reports: Reports = (),
                 due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
                 through_year: int | None = None) -> list[Assessed]:
    """Like :func:`assess`, for the obligations ``units`` own or ``tasks`` carry, read
    from the per-unit and per-task lists instead of a scan of every obligation.

    >>> import datetime as dt
    >>> from graph.sample import sample_graph
    >>> found = assess_among(sample_graph(), as_of=dt.date(2019, 1, 1), units=["unit:4"])
    >>> [(a.obligation.path, a.status.value) for a in found]  # unit:4 is 结对县(市、区)党委、政府
    [('二(二)1', 'OVERDUE'), ('二(三)4', 'OPEN')]
    """
    year = through_year if through_year is not None else as_of.year
    index = agenda_index(graph)
    chosen = {ob.id: ob for unit in units for ob in index.by_unit.get(unit, ())}
    chosen.update((ob.id, ob) for task in tasks for ob in index.by_task.get(task, ()))
    ordered = sorted(chosen.values(), key=lambda o: (o.due, o.path, o.id))
    return _judge(graph, _through(ordered, index, year), as_of=as_of, reports=reports,
                  due_soon_days=due_soon_days)


def _through(obligations: Sequence[Obligation], index: AgendaIndex,
             year: int) -> Sequence[Obligation]:
    """``obligations`` without open-ended instances after ``year`` (the index may reach
    further than the question)."""
    if index.through_year <= year:
        return obligations
    # the year first, then the shared item's flag: read for every instance judged
    return [ob for ob in obligations if not (ob.year is not None and ob.year > year
                                             and ob.item.open_ended)]


def _judge(graph: nx.MultiDiGraph, obligations: Iterable[Obligation], *, as_of: dt.date,
           reports: Reports, due_soon_days: int,
           exists_by: dt.date | None = None) -> list[Assessed]:
    """Status of each obligation under the graph's progress rule (its owners' shares,
    :mod:`graph.shares`); reports are grouped by obligation once, not scanned once per
    obligation.  ``reports`` may be a function of the obligation ids judged, so a caller
    reading reports from a database reads only those."""
    if callable(reports):
        obligations = list(obligations)
        reports = reports([ob.id for ob in obligations])
    by_obligation: dict[str, list[Report]] = {}
    for report in reports:
        by_obligation.setdefault(report.obligation_id, []).append(report)
    day = exists_by or as_of
    judged = []
    # the hot loop of totals, trends, standings and exports: each id made once, and
    # the shared item's fields read directly rather than through the properties
    for ob in obligations:
        item = ob.item
        if item.issued_on is not None and item.issued_on > day:
            continue  # not issued yet: exists_on
        oid = ob.id
        found = by_obligation.get(oid)
        status = (judge_obligation(graph, ob, as_of=as_of, reports=found,
                                   due_soon_days=due_soon_days).status if found else
                  dated_status(ob.due, as_of, due_soon_days))
        # A withdrawn or superseded document's work still open is no longer owed after
        # that day.
        if status is Status.OVERDUE and item.ends_on is not None and item.ends_on < as_of:
            continue
        judged.append(Assessed(ob, status))
    return judged


def status_on(graph: nx.MultiDiGraph, obligation: Obligation, *, as_of: dt.date,
              reports: Iterable[Report], due_soon_days: int) -> Status:
    """``obligation``'s status on ``as_of`` given its own ``reports``.

    Without reports the dates alone decide (as :func:`graph.status.judge` finds too),
    so most instances skip reading owners, rules and targets.

    >>> from graph.sample import sample_graph
    >>> from graph.obligations import expand
    >>> graph = sample_graph()
    >>> park = next(o for o in expand(graph, through_year=2019) if o.path == "二(二)1")
    >>> status_on(graph, park, as_of=dt.date(2019, 1, 1), reports=(), due_soon_days=30).value
    'OVERDUE'
    """
    reports = list(reports)
    if not reports:  # most instances: no id made, no judgement built
        return dated_status(obligation.due, as_of, due_soon_days)
    return judge_obligation(graph, obligation, as_of=as_of, reports=reports,
                            due_soon_days=due_soon_days).status


def exists_on(obligation: Obligation, day: dt.date) -> bool:
    """Whether the obligation's document had been issued by ``day`` (time travel to an
    earlier day shows nothing of it).

    >>> from graph.sample import sample_graph
    >>> from graph.obligations import expand
    >>> park = next(o for o in expand(sample_graph(), through_year=2019) if o.path == "二(二)1")
    >>> exists_on(park, dt.date(2018, 8, 15)), exists_on(park, dt.date(2018, 12, 7))
    (False, True)
    """
    issued = obligation.item.issued_on
    return issued is None or issued <= day


def overdue(graph: nx.MultiDiGraph, *, as_of: dt.date, unit: str | None = None,
            reports: Reports = ()) -> list[Assessed]:
    """The obligations OVERDUE on ``as_of`` (optionally those ``unit`` owns)."""
    index = agenda_index(graph)
    if unit is None:
        # only instances due before as_of can be overdue: the sorted prefix
        chosen: list[Obligation] = index.expanded[:bisect.bisect_left(index.dues, as_of)]
    else:
        chosen = [ob for ob in index.by_unit.get(unit, ()) if ob.due < as_of]
    return [a for a in _judge(graph, chosen, as_of=as_of, reports=reports,
                              due_soon_days=DEFAULT_DUE_SOON_DAYS)
            if a.status is Status.OVERDUE]


def due_between(graph: nx.MultiDiGraph, *, start: dt.date, end: dt.date,
                as_of: dt.date | None = None, reports: Reports = (),
                due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> list[Assessed]:
    """The obligation instances due from ``start`` to ``end`` inclusive.

    Status is assessed as of ``as_of`` (default: ``start``).  Without ``as_of`` the
    window shows what exists by its ``end`` (a document issued inside the window counts);
    with it, only what exists on that day.
    """
    day = as_of or start
    index = agenda_index(graph)
    window = index.expanded[bisect.bisect_left(index.dues, start):
                            bisect.bisect_right(index.dues, end)]
    return _judge(graph, window, as_of=day, reports=reports, due_soon_days=due_soon_days,
                  exists_by=as_of or end)
