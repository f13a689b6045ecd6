"""Totals against targets: what the targets commit, and what progress reports say was
reached, summed by metric, unit, place, document and year.

One *item* is one target of one obligation instance (a yearly target counts once per
year: 每年不少于40亿元 over 2018–2020 commits 120亿元), or a target without a time bound
(no obligation, never reported on: committed only).  Items are grouped by the chosen
dimensions and, always, by the base unit of measure (:mod:`graph.measures`): values are
only ever added to values of the same base, so 亿元 and 万元 add up in 万元 and 个 never
meets 人次.  Rates (%) are counted, never summed.

*Reached* is the latest value reported on the instance on or before ``as_of``, counted
for the target nearest its scale (:func:`graph.report_reach.goal_for`, as the ``progress``
field reads it).  Grouped or filtered by place, an item's reached value is the latest
one reported *about that county* (a county's report on its share); otherwise only reports
naming no county count, as a county's report never completes the whole obligation
(:mod:`graph.status`).  Grouped by unit, an item counts for every owner (lead and co-owners), so unit
rows do not add up to the total.  An instance exists from its document's issue day; open
work of a withdrawn document is no longer owed after that day, and yearly work without a
stated end counts through ``as_of``'s year only, as everywhere else (:mod:`graph.agenda`).

>>> import datetime as dt
>>> from graph.sample import sample_graph
>>> from graph.status import StatusReport
>>> graph = sample_graph()
>>> [(r.measure, r.committed, r.reached, r.count)
...  for r in totals(graph, (), as_of=dt.date(2019, 1, 1), group_by=())]
[('个', 30.0, 0.0, 1)]
>>> reached = [StatusReport("target:000/二(三)4/1", dt.date(2019, 6, 1), complete=False,
...                           value=12.0)]
>>> [(r.year, r.committed, r.reached, r.share)
...  for r in totals(graph, reached, as_of=dt.date(2019, 7, 1), group_by=("year",))]
[(2020, 30.0, 12.0, 0.4)]
>>> [(graph.nodes[r.unit]["name"], r.committed)
...  for r in totals(graph, reached, as_of=dt.date(2019, 7, 1), group_by=("unit",))][:2]
[('市农业局', 30.0), ('市商务局', 30.0)]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.agenda import Reports
from graph.build import CONCERNS, HAS_TARGET, RESPONSIBLE_FOR, node_id, within
from graph.kinds import of_kind
from graph.measures import measure
from graph.obligations import Obligation, expand, planning_year
from graph.report_reach import goal_for
from graph.shares import collective_members
from graph.status import Report

DIMENSIONS = ("metric", "unit", "place", "document", "year")
"""What totals may be grouped by, in the order rows are sorted."""


@dataclass(frozen=True)
class _Item:
    """One target of one obligation instance (or a target without one)."""

    target: str  # Target node
    obligation: Obligation | None
    metric: str
    value: float  # as written
    unit_of_measure: str
    document: str  # Document node
    year: int | None
    owners: tuple[str, ...]  # Unit nodes
    places: tuple[str, ...]  # Place nodes: members of collective owners, places the task names


@dataclass(frozen=True)
class TotalRow:
    """One group's total: its keys (``None`` where not grouped by), its base unit, what
    its targets commit and what was reached, in that unit."""

    metric: str | None
    unit: str | None  # Unit node
    place: str | None  # Place node
    document: str | None  # Document node
    year: int | None
    measure: str  # the base unit of measure
    additive: bool  # False: a rate, counted only (committed and reached are None)
    committed: float | None
    reached: float | None
    count: int  # targets (target instances) in the group

    @property
    def share(self) -> float | None:
        """reached / committed (1.0 = every target met in sum), ``None`` without a sum."""
        if not self.committed or self.reached is None:
            return None
        return round(self.reached / self.committed, 4)


def totals(graph: nx.MultiDiGraph, reports: Reports, *, as_of: dt.date,
           group_by: Sequence[str], unit: str | None = None, place: str | None = None,
           document: str | None = None, year: int | None = None,
           jurisdiction: int | None = None) -> list[TotalRow]:
    """Committed and reached totals of the targets, grouped.

    Parameters
    ----------
    graph
        A built graph.
    reports
        Progress reports (only those dated on or before ``as_of`` with a value count), or
        a function giving those of the obligation ids it is passed.
    as_of
        The day asked about.
    group_by
        Names from :data:`DIMENSIONS`; the base unit of measure is always a key.
    unit, place, document
        Keep only targets this Unit node owns, this Place node's (see the module
        docstring), of this Document node.
    year
        Keep only that year's instances.
    jurisdiction
        Keep only targets of documents issued in this jurisdiction or inside it.

    Returns
    -------
    list of TotalRow
        Sorted by the group keys, then the unit of measure.
    """
    unknown = [d for d in group_by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension {unknown[0]!r}; known: {', '.join(DIMENSIONS)}")
    items = [i for i in _items(graph, as_of)
             if (unit is None or unit in i.owners) and (place is None or place in i.places)
             and (document is None or i.document == document)
             and (year is None or i.year == year)
             and (jurisdiction is None or _issued_in(graph, i.document, jurisdiction))]
    wanted = {i.obligation.id for i in items if i.obligation}
    if callable(reports):  # read only the reports of the obligations that carry targets
        reports = reports(sorted(wanted))
    valued = _values(reports, as_of, wanted)
    groups: dict[tuple[str | None, str | None, str | None, str | None, int | None, str, bool],
                 list[tuple[float, float]]] = {}
    by_place = "place" in group_by
    for item in items:
        owners = ((unit,) if unit else item.owners) if "unit" in group_by else (None,)
        places = ((p,) if (p := place) else item.places) if by_place else (place,)
        if by_place and not places:
            continue  # grouped by place, a target of no county has no row
        size = measure(item.unit_of_measure)
        for where in places:
            got = _reached(graph, item, valued, where)
            for owner in owners:
                key = (item.metric if "metric" in group_by else None, owner,
                       where if by_place else None,
                       item.document if "document" in group_by else None,
                       item.year if "year" in group_by else None, size.base, size.additive)
                groups.setdefault(key, []).append((item.value * size.factor,
                                                   (got or 0.0) * size.factor))
    rows = [TotalRow(metric, owner, where, doc, year_, base, additive,
                     committed=_sum(c for c, _ in values) if additive else None,
                     reached=_sum(r for _, r in values) if additive else None, count=len(values))
            for (metric, owner, where, doc, year_, base, additive), values in groups.items()]
    return sorted(rows, key=lambda r: (_name(graph, r.metric), _name(graph, r.unit),
                                       _name(graph, r.place), _name(graph, r.document),
                                       r.year or 0, r.measure))


def _sum(values: Iterable[float]) -> float:
    return round(math.fsum(values), 6)


def _name(graph: nx.MultiDiGraph, key: str | None) -> str:
    if key is None:
        return ""
    return str(graph.nodes[key].get("name") or graph.nodes[key].get("label") or key) \
        if key in graph else key


def _issued_in(graph: nx.MultiDiGraph, document: str, jurisdiction: int) -> bool:
    return within(graph.graph.get("jurisdictions", {}),
                  graph.nodes[document].get("jurisdiction_id"), jurisdiction)


def _values(reports: Iterable[Report], as_of: dt.date,
            wanted: Collection[str]) -> dict[str, list[Report]]:
    """The reports carrying a value, by obligation, oldest first (stable for a day)."""
    found: dict[str, list[Report]] = {}
    for report in reports:
        if (report.obligation_id in wanted and report.reported_on <= as_of
                and getattr(report, "value", None) is not None):
            found.setdefault(report.obligation_id, []).append(report)
    for rows in found.values():
        rows.sort(key=lambda r: r.reported_on)
    return found


def _reached(graph: nx.MultiDiGraph, item: _Item, valued: dict[str, list[Report]],
             place: str | None) -> float | None:
    """The latest value reported for the item's target (about ``place`` when given)."""
    if item.obligation is None:
        return None
    goals = [float(graph.nodes[t]["value"]) for t in item.obligation.targets
             if (graph.nodes[t].get("value") or 0) > 0]
    latest = None
    for report in valued.get(item.obligation.id, ()):
        if getattr(report, "place", None) != place:
            continue  # a county's report is about its share; the whole's names no county
        value = float(getattr(report, "value", 0.0))
        if goal_for(value, goals) == item.value:
            latest = value
    return latest


def _items(graph: nx.MultiDiGraph, as_of: dt.date) -> list[_Item]:
    """Every target instance that exists on ``as_of``."""
    members = collective_members(graph)
    carried: set[str] = set()
    items: list[_Item] = []
    for ob in expand(graph, through_year=planning_year(graph)):
        if not ob.targets:
            continue
        carried.update(ob.targets)
        if ob.issued_on is not None and ob.issued_on > as_of:
            continue  # its document was not issued yet
        if ob.year is not None and ob.year > as_of.year and ob.item.open_ended:
            continue
        if ob.ends_on is not None and ob.ends_on < as_of and ob.due > ob.ends_on:
            continue  # withdrawn: no longer owed
        owners = tuple(dict.fromkeys(o.unit for o in ob.owners))
        places = _places(graph, ob.task, owners, members)
        for target in ob.targets:
            items.append(_item(graph, target, ob, ob.year or ob.due.year, owners, places))
    for node in of_kind(graph, "Target"):
        data = graph.nodes[node]
        if node in carried or not (data.get("value") or 0) > 0:
            continue
        document = node_id("document", data["document_id"])
        issued = graph.nodes[document].get("issued_on") if document in graph else None
        if issued is not None and issued > as_of:
            continue
        task = _task_of(graph, node)
        owners = tuple(u for u, _, k in graph.in_edges(task, keys=True)
                       if k == RESPONSIBLE_FOR) if task else ()
        due = data.get("due")
        items.append(_item(graph, node, None, due.year if due else None, owners,
                           _places(graph, task, owners, members)))
    return [i for i in items if i.value > 0]


def _item(graph: nx.MultiDiGraph, target: str, ob: Obligation | None, year: int | None,
          owners: tuple[str, ...], places: tuple[str, ...]) -> _Item:
    data = graph.nodes[target]
    return _Item(target, ob, str(data.get("metric") or ""), float(data.get("value") or 0),
                 str(data.get("unit") or ""), node_id("document", data["document_id"]), year,
                 owners, places)


def _task_of(graph: nx.MultiDiGraph, target: str) -> str | None:
    return next((u for u, _, k in graph.in_edges(target, keys=True)
                 if k == HAS_TARGET and graph.nodes[u]["kind"] == "Task"), None)


def _places(graph: nx.MultiDiGraph, task: str | None, owners: tuple[str, ...],
            members: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    found = [p for o in owners for p in members.get(o, ())]
    if task is not None:
        found += [p for _, p, k in graph.out_edges(task, keys=True) if k == CONCERNS]
    return tuple(dict.fromkeys(found))
