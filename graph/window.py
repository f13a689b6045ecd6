"""The days a question may be about: the documents' span of years plus a margin.

Every answer "as of" a day expands recurring obligations up to that day's year, so a far
future day (``9000-06-01``) costs an expansion of its own, and one past year 9998 does
not fit in a :class:`datetime.date` at all.  The documents plan for a few years; a day
far outside them is a typo or an attack.  This module says, in one place, which days
and which obligation-instance years are accepted; GraphQL, the widgets, the feeds and
the mutations all ask it.

The window runs from ``margin`` years before the earliest year the documents name
(issue dates, due dates, horizons) or today, to ``margin`` years after the latest one
or today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from graph.obligations import planning_year
from i18n import t

DEFAULT_MARGIN_YEARS = 10


class OutOfWindow(ValueError):
    """A day or an instance year outside the window; the message says the accepted range."""


@dataclass(frozen=True)
class Window:
    """The accepted days, both ends included."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    def check(self, day: dt.date, argument: str) -> dt.date:
        """``day`` itself, or :class:`OutOfWindow` naming ``argument`` and the range.

        >>> w = Window(dt.date(2008, 1, 1), dt.date(2030, 12, 31))
        >>> w.check(dt.date(2019, 1, 1), "asOf")
        datetime.date(2019, 1, 1)
        >>> w.check(dt.date(9000, 6, 1), "asOf")
        Traceback (most recent call last):
        ...
        graph.window.OutOfWindow: `asOf` must lie from 2008-01-01 to 2030-12-31; got 9000-06-01.
        """
        if day not in self:
            raise OutOfWindow(t("error.out_of_window.day", argument=argument,
                                first=self.first.isoformat(), last=self.last.isoformat(),
                                day=day.isoformat()))
        return day

    def check_obligation_id(self, obligation_id: str, argument: str = "obligationId") -> str:
        """``obligation_id``, unless its ``@year`` suffix is not a year inside the window.

        >>> w = Window(dt.date(2008, 1, 1), dt.date(2030, 12, 31))
        >>> w.check_obligation_id("deadline:000/三(二)/1@2019")
        'deadline:000/三(二)/1@2019'
        >>> w.check_obligation_id("deadline:000/三(二)/1@99999")
        Traceback (most recent call last):
        ...
        graph.window.OutOfWindow: `obligationId` names the year 99999; instances exist from 2008 to 2030.
        """
        _, at, year = obligation_id.rpartition("@")
        if not at:
            return obligation_id
        # a bounded prefix: int() of thousands of digits is itself refused by Python
        if not (year.isascii() and year.isdigit() and len(year) <= 4
                and self.first.year <= int(year) <= self.last.year):
            raise OutOfWindow(t("error.out_of_window.year", argument=argument, year=year[:12],
                                first=self.first.year, last=self.last.year))
        return obligation_id


def document_years(graph: nx.MultiDiGraph) -> tuple[int, int] | None:
    """The earliest and latest year the documents name (issue, due and horizon dates,
    programme horizons), or ``None`` for an empty graph; cached on the graph.

    Found by :func:`graph.obligations.planning_year`'s walk of the nodes, which the
    snapshot's build makes anyway (the agenda index needs the planning year), not by a
    walk of its own: at province scale that walk cost the first request 0.86 s.

    >>> from graph.sample import sample_graph
    >>> document_years(sample_graph())
    (2018, 2020)
    """
    cached: tuple[int, int] | None = graph.graph.get("document_years")
    if cached is None and "planning_year" not in graph.graph:
        planning_year(graph)
        cached = graph.graph.get("document_years")
    return cached


def allowed_window(graph: nx.MultiDiGraph, *, today: dt.date,
                   margin_years: int = DEFAULT_MARGIN_YEARS) -> Window:
    """The days questions about ``graph`` may name.

    Parameters
    ----------
    graph
        A graph snapshot.
    today
        The current day (the window always reaches ``margin_years`` either side of it).
    margin_years
        Years accepted before the earliest and after the latest year named.

    Returns
    -------
    Window
        Clamped to what :class:`datetime.date` holds, with a year to spare at the top
        (a calendar through next year must still fit).

    Examples
    --------
    >>> from graph.sample import sample_graph
    >>> w = allowed_window(sample_graph(), today=dt.date(2019, 5, 1), margin_years=10)
    >>> w.first.isoformat(), w.last.isoformat()
    ('2008-01-01', '2030-12-31')
    >>> allowed_window(sample_graph(), today=dt.date(2026, 5, 1), margin_years=0).last.year
    2026
    """
    span = document_years(graph) or (today.year, today.year)
    first = max(dt.MINYEAR, min(span[0], today.year) - margin_years)
    last = min(dt.MAXYEAR - 1, max(span[1], today.year) + margin_years)
    return Window(dt.date(first, 1, 1), dt.date(last, 12, 31))
