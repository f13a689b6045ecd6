"""A batch of a list's obligation instances judged: their reports read once, their status,
the overdue work of a withdrawn document left out.

:mod:`graph.pages` judges a page's candidates a batch at a time, as far as the page needs;
:mod:`graph.counts` judges only the few instances of a total whose reports or withdrawn
document may change their status.  Both read a batch's reports through
:func:`report_reader` and keep what :func:`judged` keeps.

Examples
--------
>>> import datetime as dt
>>> from graph.agenda_index import agenda_index
>>> from graph.pages import Wanted
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> batch = agenda_index(graph).expanded[:4]
>>> [(a.obligation.path, a.status.value)
...  for a in judged(graph, Wanted(as_of=dt.date(2020, 12, 1)), batch, report_reader(()))]
[('二(二)1', 'OVERDUE'), ('三(二)', 'OVERDUE'), ('三(二)', 'OVERDUE'), ('二(三)4', 'DUE_SOON')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import networkx as nx

from graph.agenda import Assessed, Reports, status_on
from graph.obligations import Obligation
from graph.status import Report, Status

if TYPE_CHECKING:  # graph.pages imports this module
    from graph.pages import Wanted


def no_longer_owed(ob: Obligation, as_of: dt.date) -> bool:
    """Whether the instance may be left out of every list: a withdrawn or superseded
    document's work is no longer owed after that day, so it shows unless OVERDUE.

    Examples
    --------
    >>> import dataclasses
    >>> from graph.agenda_index import agenda_index
    >>> from graph.sample import sample_graph
    >>> ob = agenda_index(sample_graph()).expanded[0]  # due 2018-07-31
    >>> withdrawn = dataclasses.replace(
    ...     ob, item=dataclasses.replace(ob.item, ends_on=dt.date(2019, 3, 1)))
    >>> no_longer_owed(withdrawn, dt.date(2019, 6, 1)), no_longer_owed(ob, dt.date(2019, 6, 1))
    (True, False)
    >>> no_longer_owed(withdrawn, dt.date(2019, 3, 1))  # the day it ends: still owed
    False
    """
    ends = ob.item.ends_on
    return ends is not None and ends < as_of and ob.due < as_of


def reports_by_obligation(reports: Iterable[Report]) -> dict[str, list[Report]]:
    """The reports by the id of the obligation instance they are about, in their order.

    Examples
    --------
    >>> from graph.status import StatusReport
    >>> grouped = reports_by_obligation([StatusReport("a@2019", dt.date(2019, 3, 1)),
    ...                                  StatusReport("b", dt.date(2019, 4, 1)),
    ...                                  StatusReport("a@2019", dt.date(2019, 5, 1))])
    >>> {key: [r.reported_on.month for r in found] for key, found in grouped.items()}
    {'a@2019': [3, 5], 'b': [4]}
    """
    grouped: dict[str, list[Report]] = {}
    for report in reports:
        grouped.setdefault(report.obligation_id, []).append(report)
    return grouped


def report_reader(reports: Reports) -> Callable[[list[Obligation]], dict[str, list[Report]]]:
    """Each batch's reports by obligation (:func:`reports_by_obligation`): read for the
    batch when ``reports`` is a function of ids, else grouped once.

    Examples
    --------
    >>> from graph.agenda_index import agenda_index
    >>> from graph.sample import sample_graph
    >>> from graph.status import StatusReport
    >>> batch = agenda_index(sample_graph()).expanded[:2]
    >>> asked = []
    >>> def read(ids):  # a store read of the batch's reports
    ...     asked.append(ids)
    ...     return [StatusReport(ids[0], dt.date(2019, 1, 2))]
    >>> list(report_reader(read)(batch)), asked
    (['deadline:000/二(二)1/1'], [['deadline:000/二(二)1/1', 'deadline:000/三(二)/1@2019']])
    >>> report_reader([])(batch)
    {}
    """
    if callable(reports):
        read = reports
        return lambda batch: reports_by_obligation(read([ob.id for ob in batch]))
    grouped = reports_by_obligation(reports)
    return lambda batch: grouped


def judged(graph: nx.MultiDiGraph, wanted: Wanted, batch: list[Obligation],
           read: Callable[[list[Obligation]], dict[str, list[Report]]]
           ) -> Iterator[Assessed]:
    """The instances of ``batch`` that ``wanted`` shows, with their status, in order.

    Parameters
    ----------
    graph
        A built graph.
    wanted
        The list asked for; its status filter, if any, is applied here.
    batch
        Candidate instances (:func:`graph.pages.candidates`).
    read
        The batch's reports by obligation (:func:`report_reader`), called once.

    Returns
    -------
    Iterator of Assessed
        Without the overdue work of a withdrawn document (:func:`no_longer_owed`).

    Examples
    --------
    >>> from graph.agenda_index import agenda_index
    >>> from graph.pages import Wanted
    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> batch = agenda_index(graph).expanded[:3]
    >>> wanted = Wanted(as_of=dt.date(2020, 1, 1), status=Status.OVERDUE)
    >>> [(a.obligation.path, a.status.value)
    ...  for a in judged(graph, wanted, batch, report_reader(()))]
    [('二(二)1', 'OVERDUE'), ('三(二)', 'OVERDUE')]
    """
    grouped = read(batch)
    for ob in batch:
        # no report read (the common case): the instance's id need not be made
        status = status_on(graph, ob, as_of=wanted.as_of,
                           reports=grouped.get(ob.id, ()) if grouped else (),
                           due_soon_days=wanted.due_soon_days)
        if wanted.status is not None and status is not wanted.status:
            continue
        if status is Status.OVERDUE and no_longer_owed(ob, wanted.as_of):
            continue
        yield Assessed(ob, status)
