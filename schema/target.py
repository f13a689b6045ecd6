"""The Target family: a quantitative target, and who owns it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx
import strawberry
from sqlalchemy import Row
from strawberry import relay
from strawberry.types import Info

from graph.task_facts import task_owners
from schema.context import ctx
from schema.correction import CorrectionType, corrections_by_id
from schema.source import SourceType
from schema.task import PLAIN_READER, TaskType, owner_views, owners_of_task
from schema.unit import OwnerType, row_key
from schema.vocabulary import Comparator, Period, member
from store import batches
from store import tables as t

# stored word → member without Enum's call (a whoOwns answer builds hundreds); a word
# the vocabulary lacks still goes through member(), which says so
_COMPARATORS = {c.value: c for c in Comparator}
_PERIODS = {p.value: p for p in Period}


@strawberry.type(name="Target", description="A quantitative target: 不少于40亿元 每年.")
class TargetType(relay.Node):
    id: relay.NodeID[int]
    task_id: strawberry.Private[int | None]
    path: str
    quote: str
    metric: str
    comparator: Comparator
    value: float
    value_max: float | None
    unit: str = strawberry.field(description="As written: 亿元, 个, 人次, %")
    base_value: float | None = strawberry.field(description="In the base unit (yuan, items)")
    base_unit: str | None
    scope: str | None
    period: Period
    due: dt.date | None
    source: SourceType
    correction_id: strawberry.Private[int | None] = None

    @classmethod
    def from_row(cls, row: t.Target | Row[Any]) -> TargetType:
        """The GraphQL view of a stored target: the ORM object or a plain row of every
        column (:func:`store.quoting.target_rows_quoting`)."""
        return cls(id=row.id or 0, task_id=row.task_id, path=row.path, quote=row.source_quote,
                   metric=row.metric,
                   comparator=_COMPARATORS.get(row.comparator) or member(Comparator, row.comparator),
                   value=row.value, value_max=row.value_max, unit=row.unit,
                   base_value=row.base_value, base_unit=row.base_unit, scope=row.scope,
                   period=_PERIODS.get(row.period) or member(Period, row.period), due=row.due,
                   source=SourceType.of(row, row.document_id),
                   correction_id=row.correction_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],  # type: ignore[override]
                      required: bool = False) -> list[TargetType | None]:
        """The targets of global ids (``node``, ``nodes``, ``target``); ``None`` when unknown."""
        keys = [row_key(i) for i in node_ids]
        found = batches.targets_by_id(session=ctx(info).session,
                                      ids=[k for k in keys if k is not None])
        return [cls.from_row(found[k]) if k in found else None for k in keys]

    @strawberry.field(description="The target's database id (the `Target:` global `id` wraps "
                                  "it)")
    def row_id(self) -> int:
        return self.id

    @strawberry.field(description="True when a curator added or changed the target")
    def corrected(self) -> bool:
        return self.correction_id is not None

    @strawberry.field(description="The correction that added or changed the target, if any")
    async def corrections(self, info: Info) -> list[CorrectionType]:
        return await corrections_by_id(info, [self.correction_id])

    @strawberry.field
    async def task(self, info: Info) -> TaskType | None:
        if self.task_id is None:
            return None
        row = await ctx(info).loaders.task.load(self.task_id)
        return TaskType.from_row(row) if row else None

    @strawberry.field(description="The units responsible for the target's task, lead first.")
    async def owners(self, info: Info) -> list[OwnerType]:
        return await owners_of_task(info, self.task_id)


@strawberry.type(name="Ownership", description="A target and the units that own it.")
class OwnershipType:
    target: TargetType
    # the snapshot of the version the target's row was read at (``whoOwns``): it answers
    # the owners synchronously, without a loader, and only when they are asked for
    held_graph: strawberry.Private[nx.MultiDiGraph | None] = None

    @classmethod
    def of(cls, target: TargetType, graph: nx.MultiDiGraph | None) -> OwnershipType:
        """``target`` with ``graph`` (of the version its row was read at, or ``None``) to
        answer its owners from when the graph has its task; else they are loaded."""
        return cls(target=target, held_graph=graph)

    def held_owners(self) -> list[OwnerType]:
        """The owners as the held snapshot has them; LookupError when it cannot say (no
        snapshot of the row's version, or a task it lacks): the loader answers then."""
        if self.held_graph is None:
            raise LookupError("held_graph")
        task_id = self.target.task_id
        if task_id is None:
            return []
        facts = task_owners(self.held_graph, task_id)
        if facts is None:
            raise LookupError(task_id)
        return owner_views(facts, task_id)

    @strawberry.field(metadata={PLAIN_READER: lambda source: source.held_owners()})
    async def owners(self, info: Info) -> list[OwnerType]:
        try:
            return self.held_owners()
        except LookupError:
            return await owners_of_task(info, self.target.task_id)
