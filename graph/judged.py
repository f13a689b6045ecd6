"""Obligations with their status on a day, judged with the progress reports stored so far.

The stored reports are converted by :func:`graph.stored_reports.status_reports`, the
one conversion the API and the widgets use too, so the alert engine and the feeds
judge an obligation the same way.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from sqlmodel import Session

from graph.agenda import Assessed, assess
from graph.status import DEFAULT_DUE_SOON_DAYS, StatusReport
from graph.stored_reports import status_reports
from store.progress.reports import reports_as_of


def stored_reports(*, session: Session, as_of: dt.date) -> list[StatusReport]:
    """The unretracted progress reports dated on or before ``as_of``, in the graph's shape.

    Parameters
    ----------
    session
        An open session.
    as_of
        Reports dated after this day do not count yet.

    Returns
    -------
    list of graph.status.StatusReport
        ``complete`` is the stored report's ``done``.
    """
    return list(status_reports(reports_as_of(session=session, as_of=as_of)))


def assess_with_reports(
    graph: nx.MultiDiGraph,
    *,
    session: Session,
    as_of: dt.date,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    through_year: int | None = None,
    unit: str | None = None,
) -> list[Assessed]:
    """Every obligation instance with its status on ``as_of``, stored reports applied.

    Parameters
    ----------
    graph
        A built graph.
    session
        Where the progress reports are read from.
    as_of
        The day asked about.
    due_soon_days
        The DUE_SOON window (the longest reminder lead time for the alert engine).
    through_year
        Expand recurring obligations through this year (default: ``as_of``'s year).
    unit
        A Unit node id: only obligations it owns.

    Returns
    -------
    list of graph.agenda.Assessed
        In due-date order.
    """
    return assess(
        graph,
        as_of=as_of,
        reports=stored_reports(session=session, as_of=as_of),
        due_soon_days=due_soon_days,
        through_year=through_year,
        unit=unit,
    )


def section_heading(graph: nx.MultiDiGraph, *, document: str, path: str) -> str:
    """The heading of the section at ``path`` in ``document``, without its closing 。.

    Falls back to the path itself when the section is unknown (a stub document).
    """
    db_id = graph.nodes[document].get("db_id")
    node = graph.graph.get("section_by_path", {}).get((db_id, path))
    if node is None:
        return path
    heading = str(graph.nodes[node].get("heading") or "").strip()
    return heading.rstrip("。.") or path
