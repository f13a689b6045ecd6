"""Totals of obligation lists counted from the sorted index rather than walked.

A list's ``totalCount`` (the ``obligations`` connection, ``overdue``, ``dueBetween``, a
place's obligations) is the length of the list :mod:`graph.pages` cuts pages from.
Everyone's list is counted from the due-date tallies kept in the index
(:class:`graph.tally.DueTally`) and only the instances whose reports or withdrawn
document may change their status are judged; a unit's or a task's list is short and
walked.

Examples
--------
>>> import datetime as dt
>>> from graph.sample import sample_graph
>>> from graph.status import Status
>>> graph = sample_graph()
>>> later = Wanted(as_of=dt.date(2021, 6, 1))
>>> count(graph, later), count(graph, Wanted(as_of=dt.date(2021, 6, 1), status=Status.OVERDUE))
(5, 4)
>>> count(graph, Wanted(as_of=dt.date(2021, 6, 1), units=("unit:3",)))  # 市商务局's one target
1
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import networkx as nx

from graph.agenda import Reports, exists_on
from graph.agenda_index import AgendaIndex, agenda_index
from graph.batch_judging import judged, no_longer_owed, report_reader, reports_by_obligation
from graph.cancel import checkpoint
from graph.obligations import Obligation
from graph.pages import Wanted, candidates, due_range, due_within
from graph.status import Report, Status

WALK_AT_MOST = 2000
"""A total with a status over a date range of at most this many instances reads the
reports of those instances only, rather than every report (a request reads every report
anyway when asked about more: :data:`schema.report_cache.READ_ALL_ABOVE`)."""


def count(graph: nx.MultiDiGraph, wanted: Wanted, *, reports: Reports = (),
          every_report: Callable[[], Iterable[Report]] | None = None) -> int:
    """How many instances ``wanted`` shows, from counts kept in the index.

    Everyone's list is counted by :class:`graph.tally.DueTally` (due in the range,
    issued by the day, open-ended years after the one asked about taken off); in its
    status's date range an unreported instance has that status (OVERDUE, DUE_SOON and
    OPEN are date cuts, DONE and DONE_LATE need a report), so only the instances whose
    reports or withdrawn document may change that are judged: the reported ones and
    the overdue-looking work of a withdrawn document (dropped when OVERDUE).  A unit's
    or a task's list is short and walked (:func:`walked_count`).

    ``reports`` may be a function of ids; a count with a status then needs every report
    (the reported instances are few, but only the reports say which):
    ``every_report`` gives them, else (or when the range holds at most
    :data:`WALK_AT_MOST` instances) the instances of the range are walked and only their
    reports read.
    """
    index = agenda_index(graph)
    low, high = due_range(wanted)
    if wanted.units is not None or wanted.tasks:
        return walked_count(graph, wanted, reports=reports)
    undone = wanted.status in (None, Status.OVERDUE, Status.DUE_SOON, Status.OPEN)
    special = {ob.id: ob for ob in due_within(index.ending, [ob.due for ob in index.ending],
                                              low, high)
               if no_longer_owed(ob, wanted.as_of) and _shown(ob, wanted, index)}
    if wanted.status is None:
        read = report_reader(reports)
    else:
        if callable(reports):
            if every_report is None or _span(index, low, high) <= WALK_AT_MOST:
                return walked_count(graph, wanted, reports=reports)
            reports = every_report()
        grouped = reports_by_obligation(reports)
        special.update((ob.id, ob) for ob in _reported(graph, index, grouped)
                       if (low is None or low <= ob.due) and (high is None or ob.due <= high)
                       and _shown(ob, wanted, index))
        read = lambda batch: grouped  # noqa: E731
    checkpoint()
    quiet = _tallied(index, wanted, low, high) - len(special) if undone else 0
    return quiet + sum(1 for _ in judged(graph, wanted, list(special.values()), read))


def _span(index: AgendaIndex, low: dt.date | None, high: dt.date | None) -> int:
    """How many instances of the index fall due from ``low`` to ``high``."""
    begin = 0 if low is None else bisect.bisect_left(index.dues, low)
    stop = len(index.dues) if high is None else bisect.bisect_right(index.dues, high)
    return max(0, stop - begin)


def _tallied(index: AgendaIndex, wanted: Wanted, low: dt.date | None,
             high: dt.date | None) -> int:
    """The candidates (:func:`candidates`) of everyone's list, counted, not walked."""
    day = wanted.exists_by or wanted.as_of
    year = wanted.through_year if wanted.through_year is not None else wanted.as_of.year
    found = index.tally.count(low, high, day)
    if index.through_year > year:  # the index may reach further than the question
        found -= sum(tally.count(low, high, day)
                     for later, tally in index.open_tallies.items() if later > year)
    return found


def _shown(ob: Obligation, wanted: Wanted, index: AgendaIndex) -> bool:
    """Whether an instance of the date range is a candidate: issued by then, within the
    year asked about (:func:`candidates`'s filters)."""
    year = wanted.through_year if wanted.through_year is not None else wanted.as_of.year
    later = index.through_year > year
    return exists_on(ob, wanted.exists_by or wanted.as_of) and not (
        later and ob.year is not None and ob.year > year and ob.item.open_ended)


def _reported(graph: nx.MultiDiGraph, index: AgendaIndex,
              grouped: dict[str, list[Report]]) -> Iterator[Obligation]:
    """The index's instances that reports name (an id naming none is skipped): found
    through their task's list, or the list of instances of no task."""
    for obligation_id in grouped:
        base, _, suffix = obligation_id.partition("@")
        node = f"obligation:{base}"
        if not graph.has_node(node):
            continue
        task_id = graph.nodes[node].get("task_id")
        kin = index.by_task.get(f"task:{task_id}", ()) if task_id else ()
        for ob in (*kin, *index.taskless.get(node, ())):
            if ob.node == node and ob.suffix == suffix:
                yield ob
                break


def walked_count(graph: nx.MultiDiGraph, wanted: Wanted, *, reports: Reports = ()) -> int:
    """:func:`count` by walking the candidates: without a status filter only the
    overdue-looking work of a withdrawn document is judged (it is dropped when
    OVERDUE); with one, the reports of the instances in the status's date range are
    read in one call and only the reported instances are judged.

    >>> import datetime as dt
    >>> from graph.sample import sample_graph
    >>> from graph.status import Status
    >>> graph = sample_graph()
    >>> overdue = Wanted(as_of=dt.date(2021, 6, 1), status=Status.OVERDUE)
    >>> walked_count(graph, overdue), count(graph, overdue)
    (4, 4)
    """
    if wanted.status is None:
        found = 0
        doubtful: list[Obligation] = []
        for ob in candidates(graph, wanted):
            if no_longer_owed(ob, wanted.as_of):
                doubtful.append(ob)
            else:
                found += 1
        if not doubtful:
            return found
        return found + sum(1 for _ in judged(graph, wanted, doubtful, report_reader(reports)))
    chosen = list(candidates(graph, wanted))
    checkpoint()
    if not chosen:
        return 0
    grouped = report_reader(reports)(chosen)
    reported = [ob for ob in chosen if ob.id in grouped]
    # Unreported work is not done, and the status's date range holds only instances
    # whose dates give that status: each of them counts unless it is dropped.
    undone = wanted.status in (Status.OVERDUE, Status.DUE_SOON, Status.OPEN)
    quiet = sum(1 for ob in chosen if ob.id not in grouped and not (
        wanted.status is Status.OVERDUE and no_longer_owed(ob, wanted.as_of))) if undone else 0
    return quiet + sum(1 for _ in judged(graph, wanted, reported, lambda batch: grouped))
