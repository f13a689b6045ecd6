"""The timeline widget: deadlines of the selection as Gantt-like bars."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from embed.svg.timeline import Bar, timeline_svg
from graph.agenda import Assessed
from graph.asof import AsOfContext
from graph.obligations import period_start
from graph.rows import ObligationRow, assessed_rows, obligation_row
from graph.selection import Selection, keep, resolve_selection


@dataclass(frozen=True)
class Timeline:
    """What the timeline widget shows: the SVG and the same rows as a table."""

    as_of: str
    filters: dict[str, str]
    rows: list[ObligationRow]
    svg: str


def bar_start(graph: nx.MultiDiGraph, assessed: Assessed) -> dt.date:
    """When an obligation instance's bar begins.

    A recurring instance starts with its period (1 January of its year, the first day of
    its half year, quarter or month); a one-off one on its document's issue day; either is
    clipped so a bar never starts after it ends.
    """
    ob = assessed.obligation
    period = period_start(ob)
    if period is not None:
        start = period
    else:
        issued = graph.nodes[ob.document].get("issued_on")
        start = issued or dt.date(ob.due.year, 1, 1)
    return min(start, ob.due)


def timeline(context: AsOfContext, *, unit: str | None = None, place: str | None = None,
             document: str | None = None, width: int = 600,
             jurisdiction: str | None = None) -> Timeline:
    """The deadlines of a unit, place or document (everything when unfiltered).

    Raises
    ------
    graph.names.UnknownName
        When a filter names nothing known.
    """
    graph = context.graph
    selection: Selection = resolve_selection(graph, unit=unit, place=place, document=document,
                                             jurisdiction=jurisdiction)
    chosen = keep(graph, selection, assessed_rows(context))
    bars = [Bar(label=f"{a.obligation.path} {a.obligation.raw}"[:16], start=bar_start(graph, a),
                due=a.obligation.due, status=a.status.value,
                title=f"{a.obligation.due.isoformat()} {a.status.value}: {a.obligation.text}")
            for a in chosen]
    filters = {k: v for k, v in (("unit", unit), ("place", place), ("document", document)) if v}
    return Timeline(as_of=context.as_of.isoformat(), filters=filters,
                    rows=[obligation_row(graph, a) for a in chosen],
                    svg=timeline_svg(bars, as_of=context.as_of, width=width))
