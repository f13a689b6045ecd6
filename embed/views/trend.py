"""The trend widget: due, done and overdue obligations at each month's end, as a chart.

``from=2018-06&to=2019-03`` (months, ``YYYY-MM``; default the twelve months up to the
day asked about) with ``unit=``, ``place=`` or ``jurisdiction=``; the counts come from
:func:`graph.trends.trend` with the reports known on the reading's day, and no month is
judged after that day (the month it falls in counts up to it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from embed.svg.trend import Point, trend_svg
from graph.asof import AsOfContext, BadParameter
from graph.names import resolve_jurisdiction, resolve_place, resolve_unit
from graph.trends import MAX_MONTHS, RangeTooLong, TrendPoint, trend
from i18n import t

DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class TrendChart:
    """What the trend widget shows."""

    as_of: str
    start: str  # YYYY-MM
    end: str
    filters: dict[str, str]
    points: list[TrendPoint]
    svg: str


def parse_month(value: str | None, argument: str) -> dt.date | None:
    """A month ``YYYY-MM`` (or any day ``YYYY-MM-DD`` of it) as its first day.

    >>> parse_month("2018-06", "from"), parse_month("2019-03-15", "to"), parse_month("", "to")
    (datetime.date(2018, 6, 1), datetime.date(2019, 3, 1), None)
    >>> parse_month("June", "from")
    Traceback (most recent call last):
    ...
    graph.asof.BadParameter: from 须为形如 2019-01 的月份,收到的是“June”。
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        day = dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise BadParameter(t("widget.error.bad_month", argument=argument,
                             value=text[:20])) from None
    return day.replace(day=1)


def months_before(month: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months before ``month``'s.

    >>> months_before(dt.date(2019, 3, 1), 11)
    datetime.date(2018, 4, 1)
    """
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def trend_chart(context: AsOfContext, *, start: str | None = None, end: str | None = None,
                unit: str | None = None, place: str | None = None,
                jurisdiction: str | None = None) -> TrendChart:
    """The series for the filters, with its SVG.

    Raises
    ------
    graph.names.UnknownName
        When a filter names nothing known.
    BadParameter
        An unreadable month, or a range of more than :data:`graph.trends.MAX_MONTHS`.
    """
    graph = context.graph
    last = parse_month(end, "to") or context.as_of.replace(day=1)
    first = parse_month(start, "from") or months_before(last, DEFAULT_MONTHS - 1)
    unit_node = resolve_unit(graph, unit, jurisdiction) if unit and unit.strip() else None
    place_node = resolve_place(graph, place) if place and place.strip() else None
    where = (resolve_jurisdiction(graph, jurisdiction)
             if jurisdiction and jurisdiction.strip() and unit_node is None else None)
    try:
        points = trend(graph, context.reports, start=first, end=last, unit=unit_node,
                       place=place_node, jurisdiction=where, as_of=context.as_of)
    except RangeTooLong as error:
        key = "error.trend.backwards" if error.count < 1 else "error.trend.too_long"
        raise BadParameter(t(key, max=MAX_MONTHS, months=error.count,
                             start=f"{error.start:%Y-%m}", end=f"{error.end:%Y-%m}")) from None
    filters = {k: v for k, v in (("unit", unit), ("place", place),
                                 ("jurisdiction", jurisdiction)) if v}
    subject = "、".join(filters.values()) or t("trend.subject.all")
    title = t("trend.svg_title", subject=subject, start=f"{first:%Y-%m}", end=f"{last:%Y-%m}")
    labels = {name: t(f"trend.series.{name}") for name in ("due", "done", "overdue")}
    empty = t("trend.empty") if all(p.due == p.done == 0 for p in points) else ""
    svg = trend_svg([Point(f"{p.month:%Y-%m}", p.due, p.done, p.overdue) for p in points],
                    title=title, labels=labels, empty=empty)
    return TrendChart(as_of=context.as_of.isoformat(), start=f"{first:%Y-%m}",
                      end=f"{last:%Y-%m}", filters=filters, points=points, svg=svg)
