"""Totals against targets in GraphQL: ``targetTotals(asOf:, groupBy:, …, first:)``.

A thin resolver over the pure :func:`graph.totals.totals`, on the request's graph snapshot
and every stored progress report; like every resolver it runs in the operation's worker
thread, off the event loop.  Values are only ever added in one base unit of measure
(``graph/data/measures.tsv``).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import networkx as nx
import strawberry
from strawberry.types import Info

from graph.names import (
    AmbiguousName,
    UnknownName,
    resolve_jurisdiction,
    resolve_place,
    resolve_unit,
)
from graph.totals import TotalRow, totals
from graph.window import OutOfWindow
from i18n import t
from schema.context import ctx
from schema.errors import ambiguous, bad_input, not_found
from schema.lineage import document_by_number

DEFAULT_FIRST = 100
MAX_FIRST = 500
"""The most rows one answer lists."""


@strawberry.enum(name="TotalsDimension", description="What target totals are grouped by.")
class TotalsDimension(Enum):
    METRIC = "metric"
    UNIT = "unit"
    PLACE = "place"
    DOCUMENT = "document"
    YEAR = "year"


@strawberry.type(name="TargetTotal",
                 description="The targets of one group, summed in one base unit of measure: "
                             "what they commit and what progress reports say was reached. "
                             "Group keys not asked for are null.")
class TargetTotalType:
    metric: str | None = strawberry.field(description="The targets' metric (到位资金)")
    unit: str | None = strawberry.field(description="An owner unit's standard name (a target "
                                                    "counts for each of its owners)")
    unit_jurisdiction: str | None = strawberry.field(
        description="Full name of the unit's jurisdiction")
    place: str | None = strawberry.field(description="A county's name (through the pairing's "
                                                     "collective owners or the task's text)")
    document: str | None = strawberry.field(description="The document's 文号, else its key")
    year: int | None = strawberry.field(description="The instance's year (a yearly target "
                                                    "counts once per year)")
    unit_of_measure: str = strawberry.field(description="The base unit the values are in: "
                                                        "万元 for 亿元 and 万元, 人次, 个 …")
    additive: bool = strawberry.field(description="False for rates (%): counted, never summed")
    committed: float | None = strawberry.field(description="Sum of what the targets say")
    reached: float | None = strawberry.field(
        description="Sum of the latest values reported by the day (0 where none)")
    count: int = strawberry.field(description="Targets (target instances) in the group")
    share_reached: float | None = strawberry.field(description="reached / committed")

    @classmethod
    def from_row(cls, graph: nx.MultiDiGraph, row: TotalRow) -> TargetTotalType:
        """The GraphQL view of one total, names read on the request's graph."""
        jurisdictions = graph.graph.get("jurisdictions", {})
        unit = graph.nodes[row.unit] if row.unit else None
        home = jurisdictions.get(unit.get("jurisdiction_id")) if unit else None
        document = graph.nodes[row.document] if row.document else None
        return cls(metric=row.metric, unit=unit["name"] if unit else None,
                   unit_jurisdiction=home["full_name"] if home else None,
                   place=graph.nodes[row.place]["name"] if row.place else None,
                   document=(document.get("number") or document.get("key")) if document else None,
                   year=row.year, unit_of_measure=row.measure, additive=row.additive,
                   committed=row.committed, reached=row.reached, count=row.count,
                   share_reached=row.share)


@strawberry.type
class TotalsQueries:
    @strawberry.field(description="Totals against targets as of a day (default today): sums "
                                  "and counts of the quantitative targets grouped by `groupBy` "
                                  "and always by unit of measure, committed vs reached. "
                                  "`jurisdiction` resolves `unit`'s name when one is given, "
                                  "else keeps the documents issued in it or inside it. "
                                  f"`first`: default {DEFAULT_FIRST}, at most {MAX_FIRST}.")
    def target_totals(
            self, info: Info, group_by: list[TotalsDimension],
            as_of: dt.date | None = None,
            jurisdiction: Annotated[str | None, strawberry.argument(
                description="A government: full name, short name when unique, or code")] = None,
            unit: str | None = None,
            document: Annotated[str | None, strawberry.argument(
                description="A document's 文号, any spelling")] = None,
            place: str | None = None, year: int | None = None,
            first: int = DEFAULT_FIRST) -> list[TargetTotalType]:
        context = ctx(info)
        graph = context.graph
        if not 1 <= first <= MAX_FIRST:
            raise bad_input(t("error.totals.first", max=MAX_FIRST, value=first), argument="first")
        window = context.window()
        if year is not None and not window.first.year <= year <= window.last.year:
            raise bad_input(t("error.totals.year", first=window.first.year,
                              last=window.last.year, value=year), argument="year")
        try:
            day = window.check(as_of or dt.date.today(), "asOf")  # the edge reads the clock
        except OutOfWindow as error:
            raise bad_input(str(error), argument="asOf") from None
        try:
            unit_node = resolve_unit(graph, unit, jurisdiction) if unit else None
            where = (resolve_jurisdiction(graph, jurisdiction)
                     if jurisdiction and not unit else None)
            rows = totals(graph, context.status_reports_of, as_of=day,
                          group_by=[d.value for d in dict.fromkeys(group_by)], unit=unit_node,
                          place=resolve_place(graph, place) if place else None,
                          document=document_by_number(graph, document) if document else None,
                          year=year, jurisdiction=where)
        except UnknownName as error:
            raise not_found(error) from None
        except AmbiguousName as error:
            raise ambiguous(error) from None
        return [TargetTotalType.from_row(graph, r) for r in rows[:first]]
