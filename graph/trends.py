"""Trends: how many obligations were due, done and overdue at the end of each month.

Time travel as a series: each month's point is what the agenda would answer as of that
month's last day (:mod:`graph.agenda`, :mod:`graph.status`), counting

``due``
    instances due on or before the month's end;
``done``
    instances done (on time or late) by the month's end, whatever their due date;
``overdue``
    instances OVERDUE at the month's end (due before it and not done).

As everywhere, an instance exists from its document's issue day, yearly work without a
stated end counts through the asked day's year only, and open work of a withdrawn
document is no longer owed after that day.

Nothing is judged per month: a done day never moves once reported, so each instance is
judged once, as of the last month's end, and its counts change only on the months its
issue, due, done and withdrawal days fall in; each instance adds its few constant
stretches to running sums.  The cost is one judgement per instance plus one step per
month, whatever the range (at most :data:`MAX_MONTHS` months).

>>> from graph.sample import sample_graph
>>> from graph.status import StatusReport
>>> # 二(二)1 is due 2018-07-31; its document is issued on 2018-12-07
>>> points = trend(sample_graph(), (), start=dt.date(2018, 11, 1), end=dt.date(2019, 1, 31))
>>> [(p.month.isoformat(), p.due, p.done, p.overdue) for p in points]
[('2018-11-01', 0, 0, 0), ('2018-12-01', 1, 0, 1), ('2019-01-01', 1, 0, 1)]
>>> done = [StatusReport("deadline:000/二(二)1/1", dt.date(2019, 1, 10))]
>>> [(p.due, p.done, p.overdue) for p in trend(sample_graph(), done, start=dt.date(2019, 1, 1),
...                                            end=dt.date(2019, 1, 1))]
[(1, 1, 0)]
>>> [(p.as_of.isoformat(), p.done) for p in trend(sample_graph(), done, start=dt.date(2019, 1, 1),
...                                              end=dt.date(2019, 2, 1),
...                                              as_of=dt.date(2019, 1, 5))]
[('2019-01-05', 0), ('2019-01-05', 0)]
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
from dataclasses import dataclass

import networkx as nx

from graph.agenda import Reports
from graph.build import CONCERNS, MEMBER_OF, within
from graph.obligations import Obligation, expand, planning_year
from graph.shares import judge_obligation
from graph.status import Report

MAX_MONTHS = 120
"""The longest series one question may ask for: ten years of months."""


class RangeTooLong(ValueError):
    """A series longer than :data:`MAX_MONTHS` months (``count``), or ending before it
    starts (``count`` < 1); ``start`` and ``end`` are the months asked for."""

    def __init__(self, start: dt.date, end: dt.date, count: int) -> None:
        self.start, self.end, self.count = start, end, count
        super().__init__(
            f"a trend's end ({end:%Y-%m}) comes before its start ({start:%Y-%m})" if count < 1
            else f"a trend covers at most {MAX_MONTHS} months; "
                 f"{start:%Y-%m} to {end:%Y-%m} is {count}")


@dataclass(frozen=True)
class TrendPoint:
    """The counts at the end of one month."""

    month: dt.date  # the month's first day
    as_of: dt.date  # the day the counts are judged on: its last day, or the day asked on
    due: int
    done: int
    overdue: int


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from ``start``'s to ``end``'s, both included.

    >>> [m.isoformat() for m in months(dt.date(2018, 11, 15), dt.date(2019, 1, 2))]
    ['2018-11-01', '2018-12-01', '2019-01-01']
    >>> len(months(dt.date(2010, 1, 1), dt.date(2019, 12, 31)))
    120
    >>> months(dt.date(2010, 1, 1), dt.date(2020, 1, 1))
    Traceback (most recent call last):
    ...
    graph.trends.RangeTooLong: a trend covers at most 120 months; 2010-01 to 2020-01 is 121
    >>> months(dt.date(2019, 2, 1), dt.date(2019, 1, 1))
    Traceback (most recent call last):
    ...
    graph.trends.RangeTooLong: a trend's end (2019-01) comes before its start (2019-02)
    """
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    if not 1 <= count <= MAX_MONTHS:
        raise RangeTooLong(start, end, count)
    first = start.year * 12 + start.month - 1
    return [dt.date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(count)]


def month_end(month: dt.date) -> dt.date:
    """The last day of ``month``'s month.

    >>> month_end(dt.date(2019, 2, 1)), month_end(dt.date(2020, 2, 9))
    (datetime.date(2019, 2, 28), datetime.date(2020, 2, 29))
    """
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def trend(graph: nx.MultiDiGraph, reports: Reports, *, start: dt.date,
          end: dt.date, unit: str | None = None, place: str | None = None,
          jurisdiction: int | None = None, as_of: dt.date | None = None) -> list[TrendPoint]:
    """One point per month from ``start``'s month to ``end``'s.

    Parameters
    ----------
    graph
        A built graph.
    reports
        Progress reports (a report counts from its day on), or a function giving those of
        the obligation ids it is passed.
    start, end
        Any days of the first and last months; at most :data:`MAX_MONTHS` months.
    unit
        A Unit node: only the obligations it owns (as :func:`graph.agenda.assess`).
    place
        A Place node: what its collectives own or its tasks name
        (as :func:`graph.places.obligations_of_place`).
    jurisdiction
        A jurisdiction id: only obligations of documents issued in it or inside it.
    as_of
        The day the series is asked on (the edge's today): no point is judged after it,
        a month that ends later is judged on that day.

    Raises
    ------
    RangeTooLong
        More than :data:`MAX_MONTHS` months, or an end before the start.
    """
    firsts = months(start, end)
    # The day each point is judged on: its month's end, or ``as_of`` if that comes first
    # (what is not known yet is not counted: a month still running counts up to today).
    ends = [min(month_end(m), as_of) if as_of else month_end(m) for m in firsts]
    chosen = _chosen(graph, unit=unit, place=place, jurisdiction=jurisdiction,
                     last=ends[-1])
    wanted = {ob.id for ob in chosen}
    if callable(reports):  # read only the reports of the obligations in the series
        reports = reports(sorted(wanted))
    by_obligation: dict[str, list[Report]] = {}
    for report in reports:
        if report.obligation_id in wanted:
            by_obligation.setdefault(report.obligation_id, []).append(report)
    size = len(ends)
    steps = {"due": [0] * (size + 1), "done": [0] * (size + 1), "overdue": [0] * (size + 1)}
    for ob in chosen:
        done_on = judge_obligation(graph, ob, as_of=ends[-1],
                                   reports=by_obligation.get(ob.id, ())).done_on
        # The months where a comparison of this instance's days with the month's end flips.
        bounds = {0, size}
        for day in (ob.issued_on, ob.due, done_on, ob.ends_on,
                    dt.date(ob.year, 1, 1) if ob.open_ended and ob.year else None):
            if day is not None:
                bounds.update((bisect.bisect_left(ends, day), bisect.bisect_right(ends, day)))
        edges = sorted(b for b in bounds if b <= size)
        for left, right in itertools.pairwise(edges):
            state = _state(ob, done_on, ends[left])
            for name, counted in state.items():
                if counted:
                    steps[name][left] += 1
                    steps[name][right] -= 1
    running = {name: 0 for name in steps}
    points = []
    for i, (first, last) in enumerate(zip(firsts, ends, strict=True)):
        for name in running:
            running[name] += steps[name][i]
        points.append(TrendPoint(first, last, running["due"], running["done"],
                                 running["overdue"]))
    return points


def _state(ob: Obligation, done_on: dt.date | None, day: dt.date) -> dict[str, bool]:
    """Which counts ``ob`` is in as of ``day``, by the agenda's rules."""
    if ob.issued_on is not None and ob.issued_on > day:
        return {}  # its document was not issued yet
    if ob.year is not None and ob.year > day.year and ob.item.open_ended:
        return {}  # open-ended yearly work: expanded through the asked day's year only
    done = done_on is not None and done_on <= day
    overdue = not done and ob.due < day
    if overdue and ob.ends_on is not None and ob.ends_on < day:
        return {}  # withdrawn: open work is no longer owed
    return {"due": ob.due <= day, "done": done, "overdue": overdue}


def _chosen(graph: nx.MultiDiGraph, *, unit: str | None, place: str | None,
            jurisdiction: int | None, last: dt.date) -> list[Obligation]:
    """The instances the series is about that may exist by ``last``."""
    units: set[str] = set()
    tasks: set[str] = set()
    if place is not None:
        units = {v for _, v, k in graph.out_edges(place, keys=True) if k == MEMBER_OF}
        tasks = {u for u, _, k in graph.in_edges(place, keys=True) if k == CONCERNS}
    tree = graph.graph.get("jurisdictions", {})
    chosen = []
    for ob in expand(graph, through_year=planning_year(graph)):
        if ob.issued_on is not None and ob.issued_on > last:
            continue
        if unit is not None and all(o.unit != unit for o in ob.owners):
            continue
        if place is not None and ob.task not in tasks and all(o.unit not in units
                                                              for o in ob.owners):
            continue
        if jurisdiction is not None and not within(
                tree, graph.nodes[ob.document].get("jurisdiction_id"), jurisdiction):
            continue
        chosen.append(ob)
    return chosen
