"""Where an obligation stands: the Status enum, and each owner's and county's share.

An obligation's status is its lead's share or every owner's (the server's progress rule);
a collective owner's share follows its member counties'.  The Obligation type
(:mod:`schema.obligation`) answers its ``shares`` and ``countyShares`` with these types.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.status import Status as GraphStatus
from schema.progress import ProgressReportType
from schema.vocabulary import Role

if TYPE_CHECKING:
    from schema.place import PlaceType

# Registers graph.status.Status with strawberry in place; the class itself is the GraphQL enum.
Status = GraphStatus
strawberry.enum(Status, name="Status", description="Where an obligation stands on the day asked about.")


@strawberry.type(name="OwnerShare",
                 description="One owner unit's own part of an obligation: each owner reports "
                             "for itself.")
class OwnerShareType:
    unit_id: int
    name: str
    role: Role
    status: Status = strawberry.field(description="This owner's share on the day asked about")
    done_on: dt.date | None = strawberry.field(description="The day this share was done")
    last_report: ProgressReportType | None = strawberry.field(
        description="The latest report counted for this share on or before the day asked about")


@strawberry.type(name="CountyShare",
                 description="One member county's own part of a collective owner's share "
                             "(结对县(市、区)党委、政府 stands for the paired counties): each "
                             "county reports for itself, and the collective's share follows "
                             "the server's collective rule (every member, or a share of them).")
class CountyShareType:
    place: Annotated[PlaceType, strawberry.lazy("schema.place")]
    collective_unit_id: int = strawberry.field(description="The collective owner unit's id")
    collective: str = strawberry.field(description="The collective owner unit's name")
    status: Status = strawberry.field(description="This county's share on the day asked about")
    done_on: dt.date | None = strawberry.field(description="The day this county's share was done")
    reports: list[ProgressReportType] = strawberry.field(
        description="The reports about this county's share on or before the day asked about, "
                    "oldest first")
