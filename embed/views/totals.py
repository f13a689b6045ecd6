"""The totals widget: targets committed vs reached, grouped, in one base unit each.

Reads :func:`graph.totals.totals` on the reading's graph and reports (those dated on or
before the day asked about).  ``groupBy=unit,year`` (default ``unit``) names the
dimensions; ``unit=``, ``place=``, ``document=``, ``year=`` and ``jurisdiction=`` filter
as in the GraphQL ``targetTotals`` field.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.asof import AsOfContext, BadParameter
from graph.names import resolve_jurisdiction, resolve_place, resolve_unit
from graph.selection import resolve_document
from graph.totals import DIMENSIONS, TotalRow, totals
from i18n import t

MAX_ROWS = 200
"""The most rows the widget shows (the GraphQL field pages further)."""


@dataclass(frozen=True)
class TotalsLine:
    """One row as shown: its group keys, unit of measure and figures as text."""

    keys: list[str]
    measure: str
    committed: str
    reached: str
    share: str
    ratio: float | None  # for the progress bar
    count: int


@dataclass(frozen=True)
class TotalsTable:
    """What the totals widget shows."""

    as_of: str
    group_by: list[str]
    filters: dict[str, str]
    lines: list[TotalsLine]
    more: int  # rows left off beyond MAX_ROWS


def parse_group_by(value: str | None) -> list[str]:
    """``groupBy``: dimension names, comma-separated; ``unit`` when unsaid.

    >>> parse_group_by(None), parse_group_by(" unit , year,unit")
    (['unit'], ['unit', 'year'])
    >>> parse_group_by("colour")
    Traceback (most recent call last):
    ...
    graph.asof.BadParameter: groupBy 只能是 metric、unit、place、document、year,收到的是“colour”。
    """
    names = [n.strip() for n in (value or "unit").split(",") if n.strip()]
    for name in names:
        if name not in DIMENSIONS:
            raise BadParameter(t("widget.error.bad_group_by", names="、".join(DIMENSIONS),
                                 value=name[:20]))
    return list(dict.fromkeys(names))


def parse_year(value: str | None) -> int | None:
    """``year``: a four-digit year, or nothing.

    >>> parse_year("2019"), parse_year(""), parse_year(None)
    (2019, None, None)
    >>> parse_year("20199")
    Traceback (most recent call last):
    ...
    graph.asof.BadParameter: year 须为四位数的年份,收到的是“20199”。
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    if not (len(text) == 4 and text.isdigit()):
        raise BadParameter(t("widget.error.bad_year", value=text[:20]))
    return int(text)


def number(value: float | None) -> str:
    """A figure with thousands separators, without a needless fraction.

    >>> number(1200000.0), number(237.7), number(None)
    ('1,200,000', '237.7', '—')
    """
    if value is None:
        return "—"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def totals_table(context: AsOfContext, *, group_by: str | None = None, unit: str | None = None,
                 place: str | None = None, document: str | None = None,
                 year: str | None = None, jurisdiction: str | None = None) -> TotalsTable:
    """The totals of the reading's day, grouped.

    Raises
    ------
    graph.names.UnknownName
        When a filter names nothing known.
    BadParameter
        An unknown dimension or an unreadable year.
    """
    graph = context.graph
    dimensions = parse_group_by(group_by)
    unit_node = resolve_unit(graph, unit, jurisdiction) if unit and unit.strip() else None
    where = (resolve_jurisdiction(graph, jurisdiction)
             if jurisdiction and jurisdiction.strip() and unit_node is None else None)
    rows = totals(graph, context.reports, as_of=context.as_of, group_by=dimensions,
                  unit=unit_node,
                  place=resolve_place(graph, place) if place and place.strip() else None,
                  document=resolve_document(graph, document)
                  if document and document.strip() else None,
                  year=parse_year(year), jurisdiction=where)
    filters = {k: v for k, v in (("unit", unit), ("place", place), ("document", document),
                                 ("year", year), ("jurisdiction", jurisdiction)) if v}
    return TotalsTable(as_of=context.as_of.isoformat(), group_by=dimensions, filters=filters,
                       lines=[_line(graph, r, dimensions) for r in rows[:MAX_ROWS]],
                       more=max(0, len(rows) - MAX_ROWS))


def _line(graph: nx.MultiDiGraph, row: TotalRow, dimensions: list[str]) -> TotalsLine:
    keys = []
    for name in dimensions:
        node = getattr(row, name)
        if name in ("unit", "place"):
            keys.append(str(graph.nodes[node]["name"]))
        elif name == "document":
            data = graph.nodes[node]
            keys.append(str(data.get("number") or data.get("title") or data.get("key")))
        else:
            keys.append("" if node is None else str(node))
    share = row.share
    return TotalsLine(keys=keys, measure=row.measure, committed=number(row.committed),
                      reached=number(row.reached),
                      share="—" if share is None else f"{share:.1%}",
                      ratio=None if share is None else min(1.0, share), count=row.count)
