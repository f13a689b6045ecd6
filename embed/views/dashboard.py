"""The supervisor's desk at ``/``: for a day and a jurisdiction, the counts by status, the
most overdue units and what falls due next; the template frames the ranking, totals, trend
and county map widgets for the same day and jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from graph.agenda import Assessed, assess
from graph.asof import AsOfContext
from graph.build import within
from graph.kinds import nodes_of, of_kind
from graph.names import jurisdiction_of, resolve_jurisdiction
from graph.rows import ObligationRow, assessed_rows, obligation_row
from graph.status import Status

UPCOMING_DAYS = 90


@dataclass(frozen=True)
class UnitLateness:
    """A unit and how many of its obligation instances are overdue."""

    name: str
    overdue: int
    oldest_due: str  # the earliest due date among them
    jurisdiction: str = ""  # its government's full name: two cities' 市发改委 are two units


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard shows."""

    as_of: str
    counts: dict[str, int]  # every Status value, zeros included
    total: int
    most_overdue: list[UnitLateness]
    upcoming: list[ObligationRow]
    units: list[tuple[str, str]]  # (name, jurisdiction's full name), for the widget links
    places: list[str]
    documents: list[tuple[str, str]]  # (key, label)
    jurisdiction: str = ""  # the chosen one's full name, "" for everything
    jurisdictions: list[str] = field(default_factory=list)  # provinces and cities to choose


def dashboard(context: AsOfContext, *, top: int = 10, upcoming_days: int = UPCOMING_DAYS,
              jurisdiction: str | None = None) -> Dashboard:
    """The desk as of the day asked about.

    Parameters
    ----------
    context
        Graph, day and reports.
    jurisdiction
        Count only obligations owned by a unit of this government or one inside it
        (full name, short name when unique, or code); ``None`` or blank: everything.
    top
        How many units to list as most overdue.
    upcoming_days
        Obligations due after the day and within this many days are "upcoming".

    Raises
    ------
    graph.names.UnknownName, graph.names.AmbiguousName
        ``jurisdiction`` names none or several.
    """
    graph = context.graph
    records = graph.graph.get("jurisdictions", {})
    region = (resolve_jurisdiction(graph, jurisdiction) if jurisdiction and jurisdiction.strip()
              else None)

    def inside(a: Assessed) -> bool:
        return region is None or any(
            within(records, graph.nodes[o.unit].get("jurisdiction_id"), region)
            for o in a.obligation.owners)

    rows = [a for a in assessed_rows(context) if inside(a)]
    counts = {s.value: 0 for s in Status}
    counts.update(Counter(a.status.value for a in rows))
    late: Counter[str] = Counter()  # by Unit node: units of two governments may share a name
    oldest: dict[str, dt.date] = {}
    for a in rows:
        if a.status is Status.OVERDUE:
            for o in a.obligation.owners:
                if region is not None and not within(
                        records, graph.nodes[o.unit].get("jurisdiction_id"), region):
                    continue  # a co-owner of another government
                late[o.unit] += 1
                oldest[o.unit] = min(oldest.get(o.unit, a.obligation.due), a.obligation.due)
    name = {u: graph.nodes[u]["name"] for u in late}
    ranking = sorted(late.items(), key=lambda kv: (-kv[1], oldest[kv[0]], name[kv[0]]))[:top]
    horizon = context.as_of + dt.timedelta(days=upcoming_days)
    # assessed_rows stops at the as-of year; look into next year for a late-December day.
    upcoming = [obligation_row(graph, a) for a in assess(
        graph, as_of=context.as_of, reports=context.reports,
        due_soon_days=context.due_soon_days, through_year=horizon.year)
        if context.as_of <= a.obligation.due <= horizon and inside(a)]
    units = [(graph.nodes[n]["name"], _government(graph, n)) for n in of_kind(graph, "Unit")]
    places = [graph.nodes[n]["name"] for n in of_kind(graph, "Place")]
    documents = [(d["key"], d["label"])  # number, title or first line
                 for d in nodes_of(graph, of_kind(graph, "Document"))
                 if not d.get("stub")]
    return Dashboard(as_of=context.as_of.isoformat(), counts=counts, total=len(rows),
                     most_overdue=[UnitLateness(name[u], c, oldest[u].isoformat(),
                                                _government(graph, u)) for u, c in ranking],
                     upcoming=upcoming, units=sorted(units),
                     places=sorted(places), documents=sorted(documents),
                     jurisdiction=records[region]["full_name"] if region is not None else "",
                     jurisdictions=sorted(j["full_name"] for j in records.values()
                                          if j["level"] in ("province", "city")))


def _government(graph: nx.MultiDiGraph, unit: str) -> str:
    """The full name of a unit's jurisdiction ("" when the graph has none)."""
    found = jurisdiction_of(graph, unit)
    return found["full_name"] if found else ""
