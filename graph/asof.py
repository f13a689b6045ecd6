"""What one widget request reads: the graph snapshot, the day asked about, the reports.

Every widget answers "as of" a day (``?asOf=2019-01-01``, default today) from the
server's current graph snapshot and the progress reports dated on or before that day.
An :class:`AsOfContext` bundles the three so the view functions stay pure.

Named for what it is, a request's as-of context, and not "reading": extract's
``readings`` are a deadline phrase's alternative dates, and the two met in the same
functions (a view reading a deadline's readings as of the request's day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.status import DEFAULT_DUE_SOON_DAYS, StatusReport
from graph.stored_reports import status_reports
from graph.window import OutOfWindow, Window
from i18n import t


class BadParameter(ValueError):
    """A query parameter a person typed could not be read; the message says which."""


def parse_as_of(value: str | None, *, today: dt.date,
                window: Window | None = None) -> dt.date:
    """The ``asOf`` day: ISO ``YYYY-MM-DD``, default ``today`` (the edge's clock), inside
    ``window`` if given.

    >>> today = dt.date(2020, 5, 4)
    >>> parse_as_of("2019-01-01", today=today)
    datetime.date(2019, 1, 1)
    >>> parse_as_of(None, today=today)
    datetime.date(2020, 5, 4)
    >>> parse_as_of("1/1/2019", today=today)
    Traceback (most recent call last):
    ...
    graph.asof.BadParameter: asOf 须为形如 2019-01-01 的日期,收到的是“1/1/2019”。
    >>> parse_as_of("9999-12-29", today=today,
    ...             window=Window(dt.date(2008, 1, 1), dt.date(2030, 12, 31)))
    Traceback (most recent call last):
    ...
    graph.asof.BadParameter: `asOf` 须在 2008-01-01 至 2030-12-31 之间;收到的是 9999-12-29。
    """
    if not value:
        return today
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadParameter(t("widget.error.bad_as_of", value=value[:40])) from None
    try:
        return window.check(day, "asOf") if window is not None else day
    except OutOfWindow as error:
        raise BadParameter(str(error)) from None


@dataclass(frozen=True)
class AsOfContext:
    """The inputs of every view: graph, day, reports known by then, quantities reached."""

    graph: nx.MultiDiGraph
    as_of: dt.date
    reports: tuple[StatusReport, ...] = ()
    reached: dict[str, float] = field(default_factory=dict)  # obligation id → latest value
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS


def load_reports(engine: Engine, as_of: dt.date) -> tuple[tuple[StatusReport, ...],
                                                          dict[str, float]]:
    """The progress reports dated on or before ``as_of``, as the status function wants them.

    Returns
    -------
    tuple
        The reports (``complete`` = the stored ``done``), and for each obligation id the
        latest ``value_reached`` reported (for the progress bars).
    """
    from store.progress.reports import reports_as_of

    with Session(engine) as session:
        rows = reports_as_of(session=session, as_of=as_of)
        reports = status_reports(rows)
        reached: dict[str, float] = {}
        for r in rows:  # ordered by obligation then day: the last one wins
            if r.value_reached is not None:
                reached[r.obligation_id] = r.value_reached
    return reports, reached


@dataclass(frozen=True)
class UrgeLine:
    """One 催办 of the unit, as the card lists it."""

    at: str  # Beijing time to the minute
    sender: str
    count: int  # obligations it named
    note: str


def urge_lines(engine: Engine, unit_id: int, limit: int = 5) -> list[UrgeLine]:
    """A unit's latest urges (催办) as the unit card lists them, newest first."""
    from store.urges import aware, recent_urges

    china = dt.timezone(dt.timedelta(hours=8))
    with Session(engine) as session:
        return [UrgeLine(at=aware(u.created_at).astimezone(china).strftime("%Y-%m-%d %H:%M"),
                         sender=u.sender, count=n, note=u.note)
                for u, n in recent_urges(session=session, unit_id=unit_id, limit=limit)]


def as_of_context(graph: nx.MultiDiGraph, engine: Engine | None, as_of: dt.date, *,
                 due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> AsOfContext:
    """A :class:`AsOfContext`; without an engine (pure tests) there are no reports."""
    reports, reached = load_reports(engine, as_of) if engine is not None else ((), {})
    return AsOfContext(graph=graph, as_of=as_of, reports=reports, reached=reached,
                       due_soon_days=due_soon_days)
