"""Judge an obligation of the graph: its owners, its goal and the configured rule, read
from the graph, handed to the pure :func:`graph.status.judge`.

The rule is a setting (``POLICYGRAPH_PROGRESS_RULE``, ``lead`` or ``all``), read once per
graph and kept on ``graph.graph["progress_rule"]``, so the API, the widgets, the feeds and
the alerts answering from one graph judge every obligation the same way (a test or a
caller may stamp another rule there).  Likewise the collective rule
(``POLICYGRAPH_COLLECTIVE_RULE``, ``all`` or ``share:0.8``: how many member counties of a
collective owner must be done), kept on ``graph.graph["collective_rule"]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

import networkx as nx

from graph.build import MEMBER_OF, node_id
from graph.obligations import Obligation
from graph.report_reach import REACHABLE
from graph.rules import CollectiveRule, ProgressRule
from graph.status import DEFAULT_DUE_SOON_DAYS, Judgement, Report, StatusReport, judge


def reporter_node(unit_id: int | None) -> str | None:
    """The Unit node of a stored report's unit (``None``: reported on nobody's behalf).

    >>> reporter_node(12), reporter_node(None)
    ('unit:12', None)
    """
    return None if unit_id is None else node_id("unit", unit_id)


def place_node(place_id: int | None) -> str | None:
    """The Place node of a stored report's county (``None``: about no single county).

    >>> place_node(4), place_node(None)
    ('place:4', None)
    """
    return None if place_id is None else node_id("place", place_id)


def collective_rule_of(graph: nx.MultiDiGraph) -> CollectiveRule:
    """The collective rule of ``graph``: stamped on it when built, else ``all``.

    >>> g = nx.MultiDiGraph()
    >>> g.graph["collective_rule"] = "share:0.8"
    >>> collective_rule_of(g).share
    0.8
    """
    return CollectiveRule.parse(graph.graph.get("collective_rule") or "all")


def rule_of(graph: nx.MultiDiGraph) -> ProgressRule:
    """The progress rule of ``graph``: stamped on it when built, else ``lead``.

    >>> g = nx.MultiDiGraph()
    >>> g.graph["progress_rule"] = "all"
    >>> rule_of(g).value
    'all'
    """
    return ProgressRule(graph.graph.get("progress_rule") or ProgressRule.LEAD)


def collective_units(graph: nx.MultiDiGraph) -> frozenset[str]:
    """Unit nodes that places are members of (the pairing's collective units)."""
    found: frozenset[str] | None = graph.graph.get("collective_units")
    if found is None:
        found = frozenset(v for _, v, k in graph.edges(keys=True) if k == MEMBER_OF)
        graph.graph["collective_units"] = found
    return found


def collective_members(graph: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """Each collective Unit node's member Place nodes, by division code then full name.

    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> [[graph.nodes[p]["name"] for p in ps] for ps in collective_members(graph).values()]
    [['鹿城区', '泰顺县']]
    """
    found: dict[str, tuple[str, ...]] | None = graph.graph.get("collective_members")
    if found is None:
        members: dict[str, list[str]] = {}
        for place, unit, kind in graph.edges(keys=True):
            if kind == MEMBER_OF:
                members.setdefault(unit, []).append(place)
        def order(place: str) -> tuple[str, str]:
            data = graph.nodes[place]
            return (data.get("code") or "", data.get("full_name") or data["name"])

        found = {u: tuple(sorted(ps, key=order)) for u, ps in members.items()}
        graph.graph["collective_members"] = found
    return found


def member_of(graph: nx.MultiDiGraph, collective: str, jurisdiction_id: int | None) -> str | None:
    """The member Place node of ``collective`` whose jurisdiction is ``jurisdiction_id``
    (a county government unit's county), if any."""
    if jurisdiction_id is None:
        return None
    return next((p for p in collective_members(graph).get(collective, ())
                 if graph.nodes[p].get("jurisdiction_id") == jurisdiction_id), None)


def goals_of(graph: nx.MultiDiGraph, obligation: Obligation) -> list[float]:
    """The values that complete ``obligation``: those of its targets a reached value can
    meet (a floor, an exact figure, a range's lower end)."""
    return [float(data["value"]) for data in (graph.nodes[t] for t in obligation.targets)
            if data.get("comparator") in REACHABLE and (data.get("value") or 0) > 0]


def scales_of(graph: nx.MultiDiGraph, obligation: Obligation) -> list[tuple[float, str]]:
    """The figures (and units) a reported value of ``obligation`` may be measured
    against: its targets with a positive value, whatever their comparator."""
    return [(float(data["value"]), str(data.get("unit") or ""))
            for data in (graph.nodes[t] for t in obligation.targets)
            if (data.get("value") or 0) > 0]


def _placed(graph: nx.MultiDiGraph, obligation: Obligation, reports: list[Report]) -> list[Report]:
    """Reports of a member county's unit that name no county (stored before counties had
    shares) are about that county's share: the unit's jurisdiction says which."""
    members = collective_members(graph)
    collectives = [o.unit for o in obligation.owners if members.get(o.unit)]
    if not collectives:
        return reports
    owners = {o.unit for o in obligation.owners}
    placed: list[Report] = []
    for report in reports:
        unit = getattr(report, "unit", None)
        if (isinstance(report, StatusReport) and report.place is None and unit is not None
                and unit not in owners and unit in graph):
            home = graph.nodes[unit].get("jurisdiction_id")
            place = next((p for c in collectives if (p := member_of(graph, c, home))), None)
            report = replace(report, place=place) if place else report
        placed.append(report)
    return placed


def judge_obligation(graph: nx.MultiDiGraph, obligation: Obligation, *, as_of: dt.date,
                     reports: Iterable[Report] = (),
                     due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
                     rule: ProgressRule | None = None) -> Judgement:
    """``obligation``'s status and its owners' shares on ``as_of``.

    >>> from graph.sample import sample_graph
    >>> from graph.obligations import expand
    >>> from graph.status import StatusReport
    >>> graph = sample_graph()
    >>> park = next(o for o in expand(graph, through_year=2019) if o.path == "二(二)1")
    >>> [o.name for o in park.owners]  # the collective's alone
    ['结对县(市、区)党委、政府']
    >>> taishun = next(n for n, d in graph.nodes(data=True) if d.get("name") == "泰顺县")
    >>> county = StatusReport(park.id, dt.date(2018, 7, 20), unit="unit:99", place=taishun)
    >>> judged = judge_obligation(graph, park, as_of=dt.date(2018, 8, 1), reports=[county])
    >>> [(graph.nodes[c.place]["name"], c.status.value) for c in judged.shares[0].counties]
    [('鹿城区', 'OVERDUE'), ('泰顺县', 'DONE')]
    >>> judged.status.value
    'OVERDUE'
    """
    reports = _placed(graph, obligation, list(reports))
    valued = any(getattr(r, "value", None) is not None for r in reports)
    return judge(obligation.id, obligation.due, as_of=as_of, reports=reports,
                 owners=[(o.unit, o.role) for o in obligation.owners],
                 rule=rule or rule_of(graph),
                 goals=goals_of(graph, obligation) if valued else (),
                 collectives=collective_units(graph), members=collective_members(graph),
                 collective_rule=collective_rule_of(graph), due_soon_days=due_soon_days)
