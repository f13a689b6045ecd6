"""分类分档考核 in GraphQL: ``assessment(asOf:, jurisdiction:, kind:, first:)``.

A thin resolver over the pure :func:`graph.assessment.standings`, on the request's graph
snapshot and every stored progress report; like every resolver it runs in the
operation's worker thread, off the event loop.  The weights are those of the configured
file (``POLICYGRAPH_ASSESSMENT_CONFIG``, else ``data/assessment.yaml``; docs/assessment.md).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from graph.assessment import Standing, standings
from graph.assessment_config import load_config
from graph.names import AmbiguousName, UnknownName
from graph.window import OutOfWindow
from i18n import t
from schema.context import ctx
from schema.errors import ambiguous, bad_input, not_found

DEFAULT_FIRST = 50
MAX_FIRST = 500
"""The most standings one answer lists (a province has a few hundred units)."""


@strawberry.enum(name="AssessmentKind", description="Who is assessed.")
class AssessmentKind(Enum):
    UNIT = "unit"
    PLACE = "place"


@strawberry.type(name="Standing",
                 description="One unit's or county's assessment on the day asked about: its "
                             "own share of each obligation due by then, its score, rank and "
                             "band (docs/assessment.md).")
class StandingType:
    kind: AssessmentKind
    name: str = strawberry.field(description="A unit's standard name or a county's name")
    jurisdiction: str = strawberry.field(description="Full name of its jurisdiction")
    due: int = strawberry.field(description="Obligation instances due on or before the day")
    on_time: int = strawberry.field(description="Done on or before their due date")
    late: int = strawberry.field(description="Done after their due date")
    overdue: int = strawberry.field(description="Due before the day and not done")
    mean_days_overdue: float | None = strawberry.field(
        description="Mean days past due of the overdue ones (null: none overdue)")
    targets_reached: int = strawberry.field(description="Quantitative targets a report reached")
    targets_committed: int = strawberry.field(
        description="Quantitative targets carried by the instances due")
    score: float = strawberry.field(description="0-100, by the configured weights")
    rank: int = strawberry.field(description="1 = best; equal scores share a rank")
    band: str = strawberry.field(description="档次: A, B, C or D by the configured cut-offs")

    @classmethod
    def from_standing(cls, s: Standing) -> StandingType:
        return cls(kind=AssessmentKind(s.kind), name=s.name, jurisdiction=s.jurisdiction,
                   due=s.due, on_time=s.on_time, late=s.late, overdue=s.overdue,
                   mean_days_overdue=s.mean_days_overdue, targets_reached=s.targets_reached,
                   targets_committed=s.targets_committed, score=s.score, rank=s.rank,
                   band=s.band)


@strawberry.type
class AssessmentQueries:
    @strawberry.field(description="分类分档考核 as of a day: units (or counties, through their "
                                  "shares of the pairing's collective obligations) ranked by "
                                  "score, best first, with each figure and band. Subjects with "
                                  f"nothing due are not listed. `first`: default {DEFAULT_FIRST}, "
                                  f"at most {MAX_FIRST}.")
    def assessment(self, info: Info, as_of: dt.date,
                   jurisdiction: Annotated[str | None, strawberry.argument(
                       description="Only this government's subjects and those inside it: full "
                                   "name, short name when unique, or code")] = None,
                   kind: AssessmentKind = AssessmentKind.UNIT,
                   first: int = DEFAULT_FIRST) -> list[StandingType]:
        context = ctx(info)
        if not 1 <= first <= MAX_FIRST:
            raise bad_input(t("error.assessment.first", max=MAX_FIRST, value=first),
                            argument="first")
        try:
            day = context.window().check(as_of, "asOf")
        except OutOfWindow as error:
            raise bad_input(str(error), argument="asOf") from None
        try:
            rows = standings(context.graph, context.status_reports(), as_of=day,
                             config=load_config(context.settings.assessment_config), kind=kind.value,
                             jurisdiction=jurisdiction)
        except UnknownName as error:
            raise not_found(error) from None
        except AmbiguousName as error:
            raise ambiguous(error) from None
        return [StandingType.from_standing(s) for s in rows[:first]]
