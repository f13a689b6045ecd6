"""The Unit family: a responsible unit, its role on a task, shared work and workload."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from schema.connection import Connection, paginate
from schema.context import ctx
from store import tables as t
from store.crud.facts import get_task_link

if TYPE_CHECKING:
    from schema.correction import CorrectionType
    from schema.jurisdiction import JurisdictionType
    from schema.succession import SuccessionType
    from schema.target import TargetType
    from schema.task import TaskType

TaskRef = Annotated["TaskType", strawberry.lazy("schema.task")]
TargetRef = Annotated["TargetType", strawberry.lazy("schema.target")]
JurisdictionRef = Annotated["JurisdictionType", strawberry.lazy("schema.jurisdiction")]
SuccessionRef = Annotated["SuccessionType", strawberry.lazy("schema.succession")]
CorrectionRef = Annotated["CorrectionType", strawberry.lazy("schema.correction")]


@strawberry.type(name="Unit", description="A responsible unit of one government (温州市's "
                                          "市招商局), merged across that government's documents.")
class UnitType:
    id: int
    name: str = strawberry.field(description="Its standard name (市发展和改革委员会 for 市发改委)")
    level: str = strawberry.field(description="province / city / county / township / unknown")
    collective: bool = strawberry.field(
        description="True for a unit standing for several (结对县(市、区)党委、政府)")
    jurisdiction_id: strawberry.Private[int | None] = None
    answered_for: list[SuccessionRef] = strawberry.field(
        default_factory=list,
        description="Non-empty when the name asked for is a predecessor's: the successions, "
                    "oldest first, that lead from it to this unit, which answers for it now")

    @classmethod
    def from_row(cls, row: t.Unit) -> UnitType:
        """The GraphQL view of a stored unit."""
        return cls(id=row.id or 0, name=row.name, level=row.level, collective=row.collective,
                   jurisdiction_id=row.jurisdiction_id)

    @classmethod
    def from_node(cls, data: Mapping[str, Any]) -> UnitType:
        """The GraphQL view of a Unit node's attributes (see :func:`graph.build.build_graph`)."""
        return cls(id=int(data["db_id"]), name=data["name"], level=data["level"],
                   collective=bool(data["collective"]),
                   jurisdiction_id=data.get("jurisdiction_id"))

    @strawberry.field(description="The government it belongs to.")
    def jurisdiction(self, info: Info) -> JurisdictionRef | None:
        from schema.jurisdiction import jurisdiction_view

        return jurisdiction_view(ctx(info).graph, self.jurisdiction_id)

    @strawberry.field(description="The successions it takes part in, either side, by date.")
    def successions(self, info: Info) -> list[SuccessionRef]:
        from schema.succession import successions_of

        return list(successions_of(ctx(info).graph, f"unit:{self.id}"))

    @strawberry.field(description="Other names that resolve to this unit (经合办).")
    async def aliases(self, info: Info) -> list[str]:
        return list(await ctx(info).loaders.aliases_by_unit.load(self.id))

    @strawberry.field(description="How many tasks the unit is responsible for (lead or co).")
    async def task_count(self, info: Info) -> int:
        return int(await ctx(info).loaders.task_count_by_unit.load(self.id))

    @strawberry.field(description="The tasks it is responsible for, in document order.")
    async def tasks(self, info: Info) -> list[TaskRef]:
        from schema.task import TaskType

        return [TaskType.from_row(r) for r in await ctx(info).loaders.tasks_by_unit.load(self.id)]

    @strawberry.field(description="The tasks, as a Relay connection.")
    async def tasks_connection(self, info: Info, first: int | None = None,
                               after: str | None = None) -> Connection[TaskRef]:
        return paginate(await self.tasks(info), first=first, after=after,
                        max_page_size=ctx(info).settings.max_page_size)

    @strawberry.field(description="Targets of the tasks it is responsible for.")
    async def targets(self, info: Info) -> list[TargetRef]:
        from schema.target import TargetType

        rows = await ctx(info).loaders.targets_by_unit.load(self.id)
        return [TargetType.from_row(r) for r in rows]


@strawberry.type(name="Owner", description="A unit responsible for a task, with its role.")
class OwnerType:
    unit_id: strawberry.Private[int]
    name: str
    role: str = strawberry.field(description="lead (牵头, or first listed) or co")
    answers_for: str | None = strawberry.field(
        default=None, description="The predecessor it answers for after a succession "
                                  "(机构改革): the name the document gave the work to")
    task_id: strawberry.Private[int | None] = None
    correction_id: strawberry.Private[int | None] = None

    @strawberry.field
    async def unit(self, info: Info) -> UnitType:
        return UnitType.from_row(await ctx(info).loaders.unit.load(self.unit_id))

    def _correction_id(self, info: Info) -> int | None:
        if self.correction_id is not None or self.task_id is None:
            return self.correction_id
        link = get_task_link(session=ctx(info).session, task_id=self.task_id,
                             unit_id=self.unit_id)
        return link.correction_id if link is not None else None

    @strawberry.field(description="True when a curator added the unit to the task or set its role")
    def corrected(self, info: Info) -> bool:
        return self._correction_id(info) is not None

    @strawberry.field(description="The correction that added the unit or set its role, if any")
    def corrections(self, info: Info) -> list[CorrectionRef]:
        from schema.correction import corrections_by_id

        return corrections_by_id(info, [self._correction_id(info)])


@strawberry.type(name="CoResponsibility",
                 description="A unit that shares tasks with the one asked about.")
class CoResponsibilityType:
    unit: UnitType
    shared_tasks: int


@strawberry.type(name="Workload", description="A unit's load as of a day.")
class WorkloadType:
    unit: UnitType
    tasks: int
    targets: int
    overdue: int
    centrality: float = strawberry.field(
        description="Degree centrality in the co-responsibility network")
