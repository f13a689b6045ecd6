"""The Unit family: a responsible unit, its role on a task, shared work and workload."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

import networkx as nx
import strawberry
from strawberry import relay
from strawberry.types import Info

from graph.unit_index import unit_index
from schema.bounds import BOUND, DEFAULT_FIRST, First, bounded, checked_first
from schema.context import ctx
from schema.held import PLAIN_READER, held
from schema.vocabulary import Level, Role, member
from store import batches
from store import tables as t

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
class UnitType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Its standard name (市发展和改革委员会 for 市发改委)")
    level: Level
    collective: bool = strawberry.field(
        description="True for a unit standing for several (结对县(市、区)党委、政府)")
    jurisdiction_id: strawberry.Private[int | None] = None
    # known when the unit came from the snapshot's unit index (graph.unit_index)
    task_total: strawberry.Private[int | None] = None
    answered_for: list[SuccessionRef] = strawberry.field(
        default_factory=list,
        description="Non-empty when the name asked for is a predecessor's: the successions, "
                    "oldest first, that lead from it to this unit, which answers for it now")

    @classmethod
    def from_row(cls, row: t.Unit) -> UnitType:
        """The GraphQL view of a stored unit."""
        return cls(id=row.id or 0, name=row.name, level=member(Level, row.level),
                   collective=row.collective, jurisdiction_id=row.jurisdiction_id)

    @classmethod
    def from_node(cls, data: Mapping[str, Any], task_total: int | None = None) -> UnitType:
        """The GraphQL view of a Unit node's attributes (see :func:`graph.build.build_graph`),
        with its number of task links when the caller knows it."""
        return cls(id=int(data["db_id"]), name=data["name"], level=member(Level, data["level"]),
                   collective=bool(data["collective"]),
                   jurisdiction_id=data.get("jurisdiction_id"), task_total=task_total)

    @classmethod
    def listed(cls, graph: nx.MultiDiGraph, jurisdiction_id: int | None, first: int,
               *, every: bool) -> list[UnitType]:
        """The first ``first`` units of the snapshot (``every``) or of one jurisdiction, by
        name, from the snapshot's unit index: no scan, no sort, no store read."""
        index = unit_index(graph)
        found = index.ordered if every else index.of_jurisdiction(jurisdiction_id)
        return [cls.from_node(d, index.task_counts.get(int(d["db_id"]), 0))
                for d in bounded(found, first)]

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],  # type: ignore[override]
                      required: bool = False) -> list[UnitType | None]:
        """The units of global ids (``node``/``nodes``); ``None`` for an unknown one."""
        keys = [row_key(i) for i in node_ids]
        found = batches.units_by_id(session=ctx(info).session,
                                    ids=[k for k in keys if k is not None])
        return [cls.from_row(found[k]) if k in found else None for k in keys]

    @strawberry.field(description="The unit's database id (the `Unit:` global `id` wraps it)")
    def row_id(self) -> int:
        return self.id

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

    # a listed unit holds its count from the snapshot's unit index: the leaf path reads it
    @strawberry.field(description="How many tasks the unit is responsible for (lead or co).",
                      metadata={PLAIN_READER: held("task_total")})
    async def task_count(self, info: Info) -> int:
        if self.task_total is not None:
            return self.task_total
        return int(await ctx(info).loaders.task_count_by_unit.load(self.id))

    @strawberry.field(description="The tasks it is responsible for, in document order." + BOUND)
    async def tasks(self, info: Info, first: First = DEFAULT_FIRST) -> list[TaskRef]:
        from schema.document import DocumentType
        from schema.task import TaskType

        context = ctx(info)
        read = await context.loaders.tasks_by_unit.load((self.id, checked_first(first)))
        tasks = [TaskType.from_row(r) for r in read.rows]
        if read.version == context.snapshot.version:
            # the rows are of the snapshot's version: it answers their documents and owners
            documents: dict[int, DocumentType] = {}
            for task in tasks:
                task.hold(context.graph, documents)
        return tasks

    @strawberry.field(description="Targets of the tasks it is responsible for." + BOUND)
    async def targets(self, info: Info, first: First = DEFAULT_FIRST) -> list[TargetRef]:
        from schema.target import TargetType

        rows = await ctx(info).loaders.targets_by_unit.load((self.id, checked_first(first)))
        return [TargetType.from_row(r) for r in rows]


@strawberry.type(name="Owner", description="A unit responsible for a task, with its role.")
class OwnerType:
    unit_id: strawberry.Private[int]
    name: str
    role: Role
    answers_for: str | None = strawberry.field(
        default=None, description="The predecessor it answers for after a succession "
                                  "(机构改革): the name the document gave the work to")
    task_id: strawberry.Private[int | None] = None
    correction_id: strawberry.Private[int | None] = None

    @strawberry.field
    async def unit(self, info: Info) -> UnitType:
        return UnitType.from_row(await ctx(info).loaders.unit.load(self.unit_id))

    async def _correction_id(self, info: Info) -> int | None:
        if self.correction_id is not None or self.task_id is None:
            return self.correction_id
        # not known (an owner from the snapshot, or a link as read): one loader reads the
        # links of every owner the request asks about, not one statement per owner
        found: int | None = await ctx(info).loaders.correction_by_link.load(
            (self.task_id, self.unit_id))
        return found

    @strawberry.field(description="True when a curator added the unit to the task or set its role")
    async def corrected(self, info: Info) -> bool:
        return await self._correction_id(info) is not None

    @strawberry.field(description="The correction that added the unit or set its role, if any")
    async def corrections(self, info: Info) -> list[CorrectionRef]:
        from schema.correction import corrections_by_id

        return await corrections_by_id(info, [await self._correction_id(info)])


def row_key(node_id: str) -> int | None:
    """The database id a global id's node part stands for; ``None`` when it is none.

    >>> row_key("12"), row_key("x")
    (12, None)
    """
    return int(node_id) if node_id.isascii() and node_id.isdigit() else None


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
