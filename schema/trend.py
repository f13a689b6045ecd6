"""Trends in GraphQL: ``trend(from:, to:, unit:, place:, jurisdiction:)``, one point a month.

A thin resolver over the pure :func:`graph.trends.trend` (each obligation judged once,
not once per month), on the request's graph snapshot and every stored progress report,
in the operation's worker thread.  At most :data:`graph.trends.MAX_MONTHS` months.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph.names import (
    AmbiguousName,
    UnknownName,
    resolve_jurisdiction,
    resolve_place,
    resolve_unit,
)
from graph.trends import MAX_MONTHS, RangeTooLong, TrendPoint, trend
from graph.window import OutOfWindow
from i18n import t
from schema.context import ctx
from schema.errors import ambiguous, bad_input, not_found


@strawberry.type(name="TrendPoint",
                 description="The obligations of one month, judged as of its last day.")
class TrendPointType:
    month: str = strawberry.field(description="The month, YYYY-MM")
    as_of: dt.date = strawberry.field(description="The day the counts are judged on: the "
                                                  "month's last day, or `asOf` if earlier")
    due: int = strawberry.field(description="Instances due on or before that day")
    done: int = strawberry.field(description="Instances done by that day (on time or late, "
                                             "whatever their due date)")
    overdue: int = strawberry.field(description="Instances OVERDUE on that day")

    @classmethod
    def from_point(cls, point: TrendPoint) -> TrendPointType:
        """The GraphQL view of one month's counts."""
        return cls(month=f"{point.month:%Y-%m}", as_of=point.as_of, due=point.due,
                   done=point.done, overdue=point.overdue)


@strawberry.type
class TrendQueries:
    @strawberry.field(description="Due, done and overdue obligations at the end of each month "
                                  "from `from`'s month to `to`'s (at most "
                                  f"{MAX_MONTHS} months), for a unit, a place, a "
                                  "jurisdiction or everything. `jurisdiction` resolves "
                                  "`unit`'s name when one is given, else keeps the documents "
                                  "issued in it or inside it.")
    def trend(self, info: Info,
              from_: Annotated[dt.date, strawberry.argument(name="from")],
              to: dt.date, unit: str | None = None, place: str | None = None,
              as_of: Annotated[dt.date | None, strawberry.argument(
                  description="The day asked on (default today): no month is judged after "
                              "it; the month it falls in counts up to it")] = None,
              jurisdiction: Annotated[str | None, strawberry.argument(
                  description="A government: full name, short name when unique, or code")
              ] = None) -> list[TrendPointType]:
        context = ctx(info)
        graph = context.graph
        window = context.window()
        try:
            start, end = window.check(from_, "from"), window.check(to, "to")
            day = window.check(as_of or dt.date.today(), "asOf")  # the edge reads the clock
        except OutOfWindow as error:
            raise bad_input(str(error)) from None
        try:
            points = trend(graph, context.status_reports_of, start=start, end=end,
                           unit=resolve_unit(graph, unit, jurisdiction) if unit else None,
                           place=resolve_place(graph, place) if place else None,
                           jurisdiction=(resolve_jurisdiction(graph, jurisdiction)
                                         if jurisdiction and not unit else None),
                           as_of=day)
        except RangeTooLong as error:
            key = "error.trend.backwards" if error.count < 1 else "error.trend.too_long"
            raise bad_input(t(key, max=MAX_MONTHS, months=error.count,
                              start=f"{error.start:%Y-%m}", end=f"{error.end:%Y-%m}"),
                            argument="to") from None
        except UnknownName as error:
            raise not_found(error) from None
        except AmbiguousName as error:
            raise ambiguous(error) from None
        return [TrendPointType.from_point(p) for p in points]
