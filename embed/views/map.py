"""The county map widget: a province's or a city's counties coloured by assessment band.

The outlines are the bundled ones (:mod:`embed.boundaries`); bands come from
:func:`graph.assessment.standings` of the counties (``kind="place"``) as of the day; the
pairings (山海协作) from the graph's PAIRED_WITH edges.

Examples
--------
>>> import datetime as dt
>>> from graph.asof import AsOfContext
>>> from graph.assessment_config import AssessmentConfig
>>> from graph.sample import sample_graph
>>> graph = sample_graph()
>>> area = map_region(graph, None)  # the city of the graph's counties
>>> (area.full_name, region_pairs(graph, area))
('浙江省温州市', [MapPair(developed='鹿城区', accelerated='泰顺县', confidence='stated')])
>>> view = county_map(AsOfContext(graph, dt.date(2019, 1, 1)), "温州市", config=AssessmentConfig())
>>> [(row.name, row.band, row.paired_with) for row in view.rows]  # nothing reported: overdue
[('泰顺县', 'D', '鹿城区'), ('鹿城区', 'D', '泰顺县')]
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from embed.boundaries import Region, region, regions
from embed.svg.map import MapLabels, MapPair, county_map_svg
from graph.asof import AsOfContext, BadParameter
from graph.assessment import Standing, standings
from graph.assessment_config import AssessmentConfig
from graph.build import PAIRED_WITH
from graph.names import UnknownName, resolve_jurisdiction, suggest
from i18n import t

MAP_LEVELS = ("province", "city")


@dataclass(frozen=True)
class MapRow:
    """One assessed county of the map, in rank order."""

    name: str
    band: str
    rank: int
    score: float
    paired_with: str  # the county it is paired with, "" when none


@dataclass(frozen=True)
class CountyMap:
    """What the map widget shows: the picture and, for screen readers and print, a table."""

    as_of: str
    jurisdiction: str  # the region's full name
    counties: int  # how many the map draws
    rows: list[MapRow]
    pairs: list[MapPair]
    svg: str


def map_region(graph: nx.MultiDiGraph, jurisdiction: str | None) -> Region:
    """The bundled region to draw for ``jurisdiction`` (a province or a city).

    Without one: the city of the graph's county-level jurisdictions when they share one
    (the corpus' 温州市), else the first bundled province.

    Raises
    ------
    graph.names.UnknownName
        Neither the graph nor the bundled boundaries know the name (suggestions: the
        bundled provinces and cities closest to it).
    BadParameter
        The name is a county's (or another level's): the map draws provinces and cities.
    """
    records = graph.graph.get("jurisdictions", {})
    if not jurisdiction or not jurisdiction.strip():
        cities = {j["parent_id"] for j in records.values() if j["level"] == "county"}
        only = [records[c] for c in cities if c in records]
        if len(only) == 1 and only[0].get("code"):
            try:
                return region(only[0]["code"])
            except UnknownName:
                pass
        return next(r for r in regions() if r.city is None)
    try:
        record = records[resolve_jurisdiction(graph, jurisdiction)]
    except UnknownName:
        return _bundled(jurisdiction, graph)
    if record["level"] not in MAP_LEVELS:
        raise BadParameter(t("map.error.level", name=record["full_name"]))
    return _bundled(record["code"] or record["full_name"], graph, shown=record["full_name"])


def _bundled(name: str, graph: nx.MultiDiGraph, shown: str | None = None) -> Region:
    try:
        return region(name)
    except UnknownName as error:
        known = [r.full_name for r in regions()] + [r.city for r in regions() if r.city]
        known += [j["full_name"] for j in graph.graph.get("jurisdictions", {}).values()
                  if j["level"] in MAP_LEVELS and j["full_name"] not in known]
        raise UnknownName(shown or error.name, "jurisdiction",
                          suggest(known, shown or error.name)) from None


def region_pairs(graph: nx.MultiDiGraph, area: Region) -> list[MapPair]:
    """The pairings between two places of ``area`` (developed first, each pair once)."""
    names = {c.name for c in area.counties}
    found: dict[frozenset[str], MapPair] = {}
    for a, b, key, data in graph.edges(keys=True, data=True):
        if key != PAIRED_WITH:
            continue
        first, second = graph.nodes[a], graph.nodes[b]
        inside = all(str(n.get("full_name", "")).startswith(area.full_name)
                     and n["name"] in names for n in (first, second))
        pair = frozenset((first["name"], second["name"]))
        if inside and pair not in found:  # the developed → accelerated edge comes first
            found[pair] = MapPair(first["name"], second["name"],
                                  str(data.get("confidence") or ""))
    return sorted(found.values(), key=lambda p: (p.developed, p.accelerated))


def region_standings(rows: list[Standing], area: Region) -> list[Standing]:
    """The standings of the counties drawn on ``area``'s map."""
    names = {c.name for c in area.counties}
    return [s for s in rows if s.name in names
            and (not s.jurisdiction or s.jurisdiction.startswith(area.full_name))]


def county_map(context: AsOfContext, jurisdiction: str | None, *,
               config: AssessmentConfig, width: int = 600) -> CountyMap:
    """The county map of ``jurisdiction`` as of the reading's day.

    Raises
    ------
    graph.names.UnknownName, BadParameter
        As :func:`map_region`.
    """
    area = map_region(context.graph, jurisdiction)
    try:  # ranks among the region's counties when the graph knows the region
        inside: int | None = resolve_jurisdiction(context.graph, area.full_name)
    except UnknownName:
        inside = None
    assessed = region_standings(standings(context.graph, context.reports, as_of=context.as_of,
                                          config=config, kind="place", jurisdiction=inside),
                                area)
    pairs = region_pairs(context.graph, area)
    partner = {n: m for p in pairs for n, m in ((p.developed, p.accelerated),
                                                (p.accelerated, p.developed))}
    labels = MapLabels(title=t("map.svg_title", region=area.full_name,
                               day=context.as_of.isoformat()),
                       bands={b: t("map.band", band=b) for b in "ABCD"},
                       no_band=t("map.no_band"), pairing=t("map.pairing"),
                       inferred=t("map.pairing_inferred"))
    svg = county_map_svg(area.counties, {s.name: s.band for s in assessed}, pairs,
                         labels=labels, width=width)
    return CountyMap(as_of=context.as_of.isoformat(), jurisdiction=area.full_name,
                     counties=len(area.counties),
                     rows=[MapRow(s.name, s.band, s.rank, s.score, partner.get(s.name, ""))
                           for s in assessed],
                     pairs=pairs, svg=svg)
