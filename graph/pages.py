"""Pages of obligation instances cut from the sorted index before anything is built.

A list of obligations (the ``obligations`` connection, ``overdue``, ``dueBetween``, a
place's obligations) shows the instances of the agenda index
(:func:`graph.agenda_index.agenda_index`) in due order (due date, path, id), narrowed by
:class:`Wanted`.  At province scale there are tens of thousands of instances: judging all
of them and building every GraphQL object before cutting a page of 100 cost a fifth of a
second.  Here the date range is found with :mod:`bisect` on the index's due dates (a
status narrows it too: OVERDUE on ``d`` is due before ``d``, DUE_SOON within
``[d, d + due_soon_days]``, OPEN after that), the cheap filters (issued by then, within
the year asked about) are applied while walking it, and status is judged in batches
(:mod:`graph.batch_judging`) only as far as the page needs.  :func:`graph.counts.count`
counts the whole list from the index, judging only what a status filter (or a withdrawn
document's overdue work, which is dropped) makes necessary.

Examples
--------
>>> import datetime as dt
>>> from graph.sample import sample_graph
>>> from graph.status import Status
>>> graph = sample_graph()
>>> later = Wanted(as_of=dt.date(2021, 6, 1))
>>> [a.obligation.path for a in page(graph, later, offset=0, limit=2)]
['二(二)1', '三(二)']
>>> [a.obligation.id for a in page(graph, later, offset=2, limit=2)]
['deadline:000/三(二)/1@2020', 'target:000/二(三)4/1']
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from graph.agenda import Assessed, Reports, exists_on
from graph.agenda_index import agenda_index
from graph.batch_judging import judged, report_reader
from graph.cancel import checkpoint
from graph.kinds import of_kind
from graph.obligations import Obligation
from graph.status import DEFAULT_DUE_SOON_DAYS, Status

FIRST_BATCH = 32
"""Instances judged at least at once (one read of their reports); later batches double."""
MAX_BATCH = 2000
"""Instances judged at most at once: a batch's reports are read in one query."""


@dataclass(frozen=True)
class Wanted:
    """Which obligation instances a list shows: every filter given must hold.

    ``units`` and ``tasks``: the instances the units own or the tasks carry (``units``
    ``None`` and no tasks: everyone's).  ``start``/``end``: due in that range, inclusive.
    ``exists_by``: the day whose issued documents count (default ``as_of``).
    ``through_year``: open-ended recurrences are shown up to this year (default
    ``as_of``'s).
    """

    as_of: dt.date
    units: tuple[str, ...] | None = None
    tasks: tuple[str, ...] = ()
    status: Status | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    exists_by: dt.date | None = None
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    through_year: int | None = None


def due_range(wanted: Wanted) -> tuple[dt.date | None, dt.date | None]:
    """The due dates ``wanted`` can show (inclusive; ``None``: unbounded): its range,
    narrowed by its status.

    >>> day = dt.date(2019, 6, 30)
    >>> due_range(Wanted(as_of=day, status=Status.OVERDUE))
    (None, datetime.date(2019, 6, 29))
    >>> due_range(Wanted(as_of=day, status=Status.DUE_SOON, end=dt.date(2019, 7, 10)))
    (datetime.date(2019, 6, 30), datetime.date(2019, 7, 10))
    >>> due_range(Wanted(as_of=day, status=Status.OPEN, due_soon_days=10))
    (datetime.date(2019, 7, 11), None)
    >>> due_range(Wanted(as_of=day, status=Status.DONE, start=day))
    (datetime.date(2019, 6, 30), None)
    """
    low, high = wanted.start, wanted.end
    soon = wanted.as_of + dt.timedelta(days=wanted.due_soon_days)
    if wanted.status is Status.OVERDUE:  # due before the day
        high = _earlier(high, wanted.as_of - dt.timedelta(days=1))
    elif wanted.status is Status.DUE_SOON:
        low, high = _later(low, wanted.as_of), _earlier(high, soon)
    elif wanted.status is Status.OPEN:
        low = _later(low, soon + dt.timedelta(days=1))
    return low, high


def _earlier(a: dt.date | None, b: dt.date) -> dt.date:
    return b if a is None else min(a, b)


def _later(a: dt.date | None, b: dt.date) -> dt.date:
    return b if a is None else max(a, b)


def _order(ob: Obligation) -> tuple[dt.date, str, str]:
    return (ob.due, ob.path, ob.id)  # the expansion's own order


def due_within(found: Sequence[Obligation], dues: Sequence[dt.date], low: dt.date | None,
               high: dt.date | None) -> Iterator[Obligation]:
    """The part of a due-ordered list due from ``low`` to ``high``, without a copy.

    Parameters
    ----------
    found
        Obligation instances in due order.
    dues
        Their due dates, in the same order (found with :mod:`bisect`).
    low, high
        The first and last due dates wanted, inclusive; ``None``: unbounded.

    Examples
    --------
    >>> from graph.agenda_index import agenda_index
    >>> from graph.sample import sample_graph
    >>> index = agenda_index(sample_graph())
    >>> [ob.id for ob in due_within(index.expanded, index.dues, dt.date(2020, 1, 1),
    ...                             dt.date(2020, 12, 31))]
    ['deadline:000/三(二)/1@2020', 'target:000/二(三)4/1']
    >>> [ob.path for ob in due_within(index.expanded, index.dues, None, dt.date(2019, 12, 1))]
    ['二(二)1', '三(二)']
    """
    begin = 0 if low is None else bisect.bisect_left(dues, low)
    stop = len(dues) if high is None else bisect.bisect_right(dues, high)
    return (found[i] for i in range(begin, stop))


def candidates(graph: nx.MultiDiGraph, wanted: Wanted) -> Iterator[Obligation]:
    """The instances ``wanted`` may show, in order, before any status is judged: due in
    its range, issued by then, within the year asked about.

    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> [o.path for o in candidates(graph, Wanted(as_of=dt.date(2019, 1, 1),
    ...                                           status=Status.OVERDUE))]
    ['二(二)1']
    >>> [o.path for o in candidates(graph, Wanted(as_of=dt.date(2021, 6, 1),
    ...                                           units=("unit:4",), tasks=("task:2",)))]
    ['二(二)1', '二(三)4']
    """
    index = agenda_index(graph)
    low, high = due_range(wanted)
    if wanted.units is None and not wanted.tasks:
        found = due_within(index.expanded, index.dues, low, high)
    else:
        parts = [due_within(index.by_unit[u], index.unit_dues[u], low, high)
                 for u in dict.fromkeys(wanted.units or ()) if u in index.by_unit]
        parts += [due_within(index.by_task[t], index.task_dues[t], low, high)
                  for t in dict.fromkeys(wanted.tasks) if t in index.by_task]
        found = _distinct(heapq.merge(*parts, key=_order)) if len(parts) > 1 else (
            parts[0] if parts else iter(()))
    year = wanted.through_year if wanted.through_year is not None else wanted.as_of.year
    later = index.through_year > year  # the index may reach further than the question
    day = wanted.exists_by or wanted.as_of
    return (ob for ob in found
            if exists_on(ob, day)
            and not (later and ob.year is not None and ob.year > year and ob.item.open_ended))


def _distinct(merged: Iterator[Obligation]) -> Iterator[Obligation]:
    """An instance both a unit and a task lead to appears once (the copies are adjacent)."""
    last = None
    for ob in merged:
        if ob.id != last:
            last = ob.id
            yield ob


def assessed(graph: nx.MultiDiGraph, wanted: Wanted, *, reports: Reports = (),
             first_batch: int = FIRST_BATCH) -> Iterator[Assessed]:
    """The instances ``wanted`` shows with their status, in order, judged lazily in
    batches (the first ``first_batch`` long, then doubling up to :data:`MAX_BATCH`):
    stop reading and nothing further is judged.  ``reports`` may be a function of the
    ids judged (it is called once a batch)."""
    found, read = candidates(graph, wanted), report_reader(reports)
    size = max(1, min(first_batch, MAX_BATCH))
    while batch := list(islice(found, size)):
        checkpoint()  # an abandoned request judges no further batch
        yield from judged(graph, wanted, batch, read)
        size = min(size * 2, MAX_BATCH)


def page(graph: nx.MultiDiGraph, wanted: Wanted, *, offset: int, limit: int | None,
         reports: Reports = ()) -> list[Assessed]:
    """The instances ``wanted`` shows from ``offset`` (0-based), at most ``limit`` of
    them (``None``: all that follow): the slice ``[offset:offset + limit]`` of the whole
    list, judging only up to its end."""
    stop = None if limit is None else offset + limit
    if stop is not None and stop <= offset:
        return []
    return list(islice(assessed(graph, wanted, reports=reports,
                                first_batch=stop if stop is not None else MAX_BATCH),
                       offset, stop))


def jurisdiction_units(graph: nx.MultiDiGraph, jurisdiction_id: int) -> tuple[str, ...]:
    """The Unit nodes of one government, for :attr:`Wanted.units`.

    >>> from graph.sample import sample_graph
    >>> jurisdiction_units(sample_graph(), 3)  # 温州市's
    ('unit:1', 'unit:2', 'unit:3', 'unit:4')
    """
    return tuple(n for n in of_kind(graph, "Unit")
                 if graph.nodes[n].get("jurisdiction_id") == jurisdiction_id)
