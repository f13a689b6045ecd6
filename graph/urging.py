"""What a 催办 names: a unit's own obligations that are overdue or due soon on a day.

Each owner answers for its own share (:func:`graph.shares.judge_obligation`): a co-owner
that reported its part done is not urged while the lead's is still open.  Pure: the day
and the progress reports are arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from graph.agenda import assess_among
from graph.obligations import Obligation
from graph.shares import judge_obligation
from graph.status import DEFAULT_DUE_SOON_DAYS, Report, Status

OVERDUE, DUE_SOON = "overdue", "due_soon"
_KINDS = {Status.OVERDUE: OVERDUE, Status.DUE_SOON: DUE_SOON}


@dataclass(frozen=True)
class Urgent:
    """One obligation a unit is urged about, and how late (or how soon) it is."""

    obligation: Obligation
    kind: str  # overdue / due_soon
    days: int  # days past due (overdue) or left (due_soon)


def urgent_for(graph: nx.MultiDiGraph, *, unit: str, as_of: dt.date,
               reports: Callable[[list[str]], Iterable[Report]],
               due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> list[Urgent]:
    """The Unit node ``unit``'s overdue and due-soon obligations on ``as_of``, most late
    first, then by due date.

    Parameters
    ----------
    graph
        A built graph.
    unit
        The Unit node urged (``unit:7``).
    as_of
        The day judged on (the caller reads the clock).
    reports
        The progress reports of the obligation ids it is passed.
    due_soon_days
        How many days ahead counts as due soon.

    Returns
    -------
    list of Urgent

    Examples
    --------
    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> farm = next(n for n, d in graph.nodes(data=True) if d.get("name") == "市农业局")
    >>> [(u.obligation.path, u.kind, u.days) for u in
    ...  urgent_for(graph, unit=farm, as_of=dt.date(2020, 12, 1), reports=lambda ids: ())]
    [('二(三)4', 'due_soon', 30)]
    >>> urgent_for(graph, unit=farm, as_of=dt.date(2019, 1, 1), reports=lambda ids: ())
    []
    """
    through = (as_of + dt.timedelta(days=due_soon_days)).year  # due soon may reach next year
    found: list[Urgent] = []
    for assessed in assess_among(graph, as_of=as_of, units=[unit], reports=reports,
                                 due_soon_days=due_soon_days, through_year=through):
        ob = assessed.obligation
        if assessed.status not in _KINDS:
            continue
        judged = judge_obligation(graph, ob, as_of=as_of, reports=reports([ob.id]),
                                  due_soon_days=due_soon_days)
        share = judged.share_of(unit)
        status = share.status if share is not None else assessed.status
        if status not in _KINDS:
            continue  # this unit's own part is done
        days = (as_of - ob.due).days if status is Status.OVERDUE else (ob.due - as_of).days
        found.append(Urgent(ob, _KINDS[status], days))
    found.sort(key=lambda u: (u.kind != OVERDUE, u.obligation.due, u.obligation.path,
                              u.obligation.id))
    return found
