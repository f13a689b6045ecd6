"""分类分档考核: units and counties scored, ranked and banded as of a day.

Pure: the graph, the progress reports and the day in, :class:`Standing` rows out.  Each
subject is judged on its **own share** of every obligation instance due by the day
(:mod:`graph.shares`): a unit on its share as lead or co-owner, a county on its county
share of the pairing's collective obligations.  The weights, points and band cut-offs
come from :class:`graph.assessment_config.AssessmentConfig`; ``data/assessment.yaml`` and
docs/assessment.md state the formula.

Examples
--------
On the sample, 二(二)1 (due 2018-07-31, the collective's alone) is the only work due by
2019-01-01; 泰顺县 reported its share done on 2018-07-20, 鹿城区 did not:

>>> import datetime as dt
>>> from graph.assessment_config import AssessmentConfig
>>> from graph.obligations import expand
>>> from graph.sample import sample_graph
>>> from graph.status import StatusReport
>>> graph = sample_graph()
>>> park = next(o for o in expand(graph, through_year=2019) if o.path == "二(二)1")
>>> taishun = next(n for n, d in graph.nodes(data=True) if d.get("name") == "泰顺县")
>>> done = [StatusReport(park.id, dt.date(2018, 7, 20), place=taishun)]
>>> rows = standings(graph, done, as_of=dt.date(2019, 1, 1), config=AssessmentConfig(),
...                  kind="place")
>>> [(s.name, s.due, s.on_time, s.overdue, s.mean_days_overdue, s.score, s.rank, s.band)
...  for s in rows]  # doctest: +NORMALIZE_WHITESPACE
[('泰顺县', 1, 1, 0, None, 100.0, 1, 'A'),
 ('鹿城区', 1, 0, 1, 154.0, 0.0, 2, 'D')]
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from cachetools import LRUCache

from graph.agenda import exists_on
from graph.assessment_config import AssessmentConfig, load_config
from graph.build import within
from graph.names import resolve_jurisdiction
from graph.obligations import expand, planning_year
from graph.report_reach import goal_for
from graph.shares import collective_members, goals_of, judge_obligation
from graph.status import Status, StatusReport

__all__ = ["KINDS", "Standing", "load_config", "standings"]

KINDS = ("unit", "place")
CACHED = 16
"""Standings kept per snapshot (days, kinds, jurisdictions and report sets asked lately)."""
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Standing:
    """One subject's assessment on a day (see docs/assessment.md)."""

    kind: str                 # "unit" or "place"
    name: str                 # a unit's standard name or a place's name
    jurisdiction: str         # full name of the subject's jurisdiction, e.g. 浙江省温州市
    due: int                  # obligation instances due on or before as_of
    on_time: int              # done on or before their due date
    late: int                 # done after their due date (on or before as_of)
    overdue: int              # due before as_of and not done
    mean_days_overdue: float | None
    targets_reached: int
    targets_committed: int
    score: float
    rank: int                 # 1 = best
    band: str                 # 档次 "A".."D"


@dataclass
class _Tally:
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    days_overdue: list[int] = field(default_factory=list)
    points: float = 0.0  # sum of role weight x points
    weight: float = 0.0  # sum of role weights of scored instances
    reached: int = 0
    committed: int = 0


def standings(graph: nx.MultiDiGraph, reports: Iterable[StatusReport], *, as_of: dt.date,
              config: AssessmentConfig, kind: str = "unit",
              jurisdiction: str | int | None = None) -> list[Standing]:
    """Every unit's (or county's) standing on ``as_of``, best first.

    Parameters
    ----------
    graph
        The snapshot's graph.
    reports
        Progress reports in the graph's shape (:mod:`graph.stored_reports`); those dated
        after ``as_of`` are ignored.
    as_of
        The day asked about.
    config
        Weights, points and band cut-offs.
    kind
        ``unit`` or ``place`` (counties, through their shares of collective obligations).
    jurisdiction
        Only subjects of this jurisdiction or inside it: an id, or a name
        :func:`graph.names.resolve_jurisdiction` reads (``UnknownName`` otherwise).

    Returns
    -------
    list of Standing
        Ranked; a subject with nothing scored by ``as_of`` is not listed.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be unit or place, not {kind!r}")
    region = (resolve_jurisdiction(graph, jurisdiction) if isinstance(jurisdiction, str)
              and jurisdiction.strip() else jurisdiction if isinstance(jurisdiction, int)
              else None)
    known: dict[str, list[StatusReport]] = {}
    for report in reports:
        if report.reported_on <= as_of:
            known.setdefault(report.obligation_id, []).append(report)
    key = (as_of, kind, region, config, tuple(r for rs in known.values() for r in rs))
    cache = _cache(graph)
    with _LOCK:
        found = cache.get(key)
    if found is None:
        found = _ranked(graph, _tallies(graph, known, as_of, config, kind), kind, region,
                        config)
        with _LOCK:
            cache[key] = found
    return list(found)


def _cache(graph: nx.MultiDiGraph) -> LRUCache[Any, list[Standing]]:
    """Standings already worked out on this snapshot (a snapshot never changes; a new
    report changes the key), so the desk's widgets and the API share one computation."""
    with _LOCK:
        found: LRUCache[Any, list[Standing]] | None = graph.graph.get("assessment_cache")
        if found is None:
            found = graph.graph["assessment_cache"] = LRUCache(maxsize=CACHED)
    return found


def _tallies(graph: nx.MultiDiGraph, known: dict[str, list[StatusReport]], as_of: dt.date,
             config: AssessmentConfig, kind: str) -> dict[str, _Tally]:
    """Each subject's tally over the instances due by ``as_of``."""
    members = collective_members(graph)
    tallies: dict[str, _Tally] = {}
    # the planning year's expansion holds every instance due by then: shared, not rebuilt
    for ob in expand(graph, through_year=max(as_of.year, planning_year(graph))):
        if ob.due > as_of:
            break  # sorted by due date
        if not exists_on(ob, as_of) or (kind == "place" and not any(
                members.get(o.unit) for o in ob.owners)):
            continue
        mine = known.get(ob.id, [])
        judged = judge_obligation(graph, ob, as_of=as_of, reports=mine)
        ended = ob.ends_on is not None and ob.ends_on < as_of
        goals = goals_of(graph, ob)
        # A reached value completes every share it speaks for (graph.status): a report
        # about no county speaks for every owner, one about a county for that one alone.
        everyone = [r.value for r in mine if r.value is not None and r.place is None]
        for share in judged.shares:
            weight = config.roles.weight(share.role)
            if kind == "unit":
                _count(tallies, share.unit, share.status, ended, weight, ob.due, as_of,
                       config, _reached(goals, everyone), len(goals))
                continue
            for county in share.counties:
                values = everyone + [r.value for r in mine
                                     if r.value is not None and r.place == county.place]
                _count(tallies, county.place, county.status, ended, weight, ob.due, as_of,
                       config, _reached(goals, values), len(goals))
    return tallies


def _reached(goals: list[float], values: list[float]) -> int:
    """How many of ``goals`` a value reaches (measured against the goal nearest its scale).

    >>> _reached([20.0, 1000.0], [25.0]), _reached([20.0, 1000.0], []), _reached([], [5.0])
    (1, 0, 0)
    """
    if not goals or not values:
        return 0
    return sum(1 for g in goals if any(v >= g and goal_for(v, goals) == g for v in values))


def _count(tallies: dict[str, _Tally], subject: str, status: Status, ended: bool,
           weight: float, due: dt.date, as_of: dt.date, config: AssessmentConfig,
           reached: int, committed: int) -> None:
    """Add one share of one due instance to ``subject``'s tally."""
    if ended and status is Status.OVERDUE:
        return  # a withdrawn document's open work is no longer owed
    tally = tallies.get(subject)
    if tally is None:
        tally = tallies[subject] = _Tally()
    tally.due += 1
    tally.committed += committed
    tally.reached += reached
    if status is Status.DONE:
        tally.on_time += 1
        points = config.points.on_time
    elif status is Status.DONE_LATE:
        tally.late += 1
        points = config.points.late
    elif status is Status.OVERDUE:
        tally.overdue += 1
        tally.days_overdue.append((as_of - due).days)
        points = config.points.overdue
    else:
        return  # due today and not done yet: scored from tomorrow
    tally.points += weight * points
    tally.weight += weight


def score_of(tally: _Tally, config: AssessmentConfig) -> float:
    """The score of a tally with something scored (``tally.weight > 0``).

    >>> config = AssessmentConfig()
    >>> score_of(_Tally(points=150.0, weight=1.5), config)  # 1 lead on time, 1 co on time
    100.0
    >>> score_of(_Tally(points=100.0, weight=2.0, reached=1, committed=2), config)
    50.0
    """
    obligations = tally.points / tally.weight
    if tally.committed:
        targets = 100 * tally.reached / tally.committed
        obligations = ((1 - config.targets_weight) * obligations
                       + config.targets_weight * targets)
    return round(obligations, 2)


def _ranked(graph: nx.MultiDiGraph, tallies: dict[str, _Tally], kind: str,
            region: int | None, config: AssessmentConfig) -> list[Standing]:
    jurisdictions = graph.graph.get("jurisdictions", {})
    rows: list[tuple[float, str, str, _Tally]] = []
    for subject, tally in tallies.items():
        home = graph.nodes[subject].get("jurisdiction_id")
        if tally.weight <= 0 or (region is not None and not within(jurisdictions, home,
                                                                    region)):
            continue
        where = str(jurisdictions.get(home, {}).get("full_name") or "")
        rows.append((score_of(tally, config), where, str(graph.nodes[subject]["name"]), tally))
    rows.sort(key=lambda row: (-row[0], row[1], row[2]))
    found: list[Standing] = []
    for position, (score, where, name, tally) in enumerate(rows):
        # equal scores share a rank; the next rank skips (1, 1, 3)
        rank = position + 1 if position == 0 or score != rows[position - 1][0] else found[-1].rank
        mean = (round(sum(tally.days_overdue) / len(tally.days_overdue), 2)
                if tally.days_overdue else None)
        found.append(Standing(kind, name, where, tally.due, tally.on_time, tally.late,
                              tally.overdue, mean, tally.reached, tally.committed, score,
                              rank, config.bands.band(score)))
    return found
