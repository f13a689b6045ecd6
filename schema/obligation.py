"""The Obligation type: a dated instance of a deadline-bound item, with its status.

The Status enum and the owners' and counties' share types are in
:mod:`schema.obligation_status`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx
import strawberry
from strawberry import relay
from strawberry.types import Info

from graph.agenda import Assessed
from graph.obligations import Obligation, find_obligation
from graph.report_reach import counts_for, for_everyone, goal_for
from graph.shares import collective_units, judge_obligation, place_node, reporter_node
from graph.status import Judgement, StatusReport
from graph.window import OutOfWindow
from schema.context import Context, ctx
from schema.correction import CorrectionType, corrections_by_id
from schema.document import DocumentType
from schema.obligation_status import CountyShareType, OwnerShareType, Status
from schema.progress import ProgressReportType, ProgressType, county_of
from schema.source import SourceType
from schema.target import TargetType
from schema.task import TaskType
from schema.unit import OwnerType
from schema.urge import UrgeType
from schema.vocabulary import Role, member

ROLES = {role.value: role for role in Role}  # stored word → member, without Enum's call

@strawberry.type(name="Obligation",
                 description="Anything with a due date; recurring ones have one instance per "
                             "year, half year, quarter or month; ongoing work has none.")
class ObligationType(relay.Node):
    id: relay.NodeID[str]
    path: str
    heading: str = strawberry.field(description="What the task is: its heading or first "
                                                "clause, shortened (推进产业项目合作)")
    text: str = strawberry.field(description="The sentence the obligation was read from")
    raw: str = strawberry.field(description="The deadline phrase (2018年7月底前) or target value")
    due_date: dt.date
    year: int | None = strawberry.field(description="The instance's year, for recurring ones")
    status: Status

    # Owners, sources, targets and corrections are read from the graph when asked for:
    # a page shows a few of them, and a list of thousands built them all eagerly.
    @strawberry.field
    def owners(self) -> list[OwnerType]:
        ob = self.obligation
        if not ob.owners:
            return []
        nodes, task_id = self.graph._node, self.task_id  # once, not per owner
        return [OwnerType(unit_id=int(nodes[o.unit]["db_id"]), name=o.name,
                          role=ROLES.get(o.role) or member(Role, o.role),
                          answers_for=o.succeeds, task_id=task_id) for o in ob.owners]

    @strawberry.field
    def source(self) -> SourceType:
        return self._source()

    def _source(self) -> SourceType:
        ob = self.obligation
        return SourceType(document_id=self.document_id, path=ob.path, quote=ob.text,
                          start=ob.start, end=ob.end)

    @strawberry.field(description="Every phrase of the task naming this due date (2020年前, "
                                  "2020 年前): one instance, each quote its provenance")
    def sources(self) -> list[SourceType]:
        ob = self.obligation
        return [SourceType(document_id=self.document_id, path=ob.path, quote=q.text,
                           start=q.start, end=q.end) for q in ob.provenance] or [self._source()]

    obligation: strawberry.Private[Obligation]
    graph: strawberry.Private[nx.MultiDiGraph]
    as_of: strawberry.Private[dt.date | None] = None

    # Read from the request's graph when a resolver needs them: a page answering only
    # leaves (path, dueDate, status) never does, and the look-ups were a third of
    # building each object.
    @property
    def document_id(self) -> int:
        """The database id of the obligation's document."""
        return int(self.graph.nodes[self.obligation.document]["db_id"])

    @property
    def task_id(self) -> int | None:
        """The database id of the obligation's task (``None``: a document-level one)."""
        task = self.obligation.task
        return int(self.graph.nodes[task]["db_id"]) if task else None

    @property
    def target_ids(self) -> list[int]:
        """The database ids of the targets read from the same sentence."""
        return [int(self.graph.nodes[n]["id"]) for n in self.obligation.targets]

    @property
    def correction_ids(self) -> list[int | None]:
        """The corrections behind its deadline and its targets (``None``: as read)."""
        return [self.graph.nodes[n].get("correction_id")
                for n in (self.obligation.node, *self.obligation.targets)]

    @strawberry.field(description="Stable across re-ingest (the `Obligation:` global `id` wraps "
                                  "it; `reportProgress` and progress sheets take it): "
                                  "basis:document key/section path/ordinal[@instance], e.g. "
                                  "deadline:000_a92242b81cc0d015/二(二)1/1, …/三(二)/1@2019, "
                                  "…@2019-H1, …@2019-Q3 or …@2019-07")
    def key(self) -> str:
        return self.id

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],  # type: ignore[override]
                      required: bool = False) -> list[ObligationType | None]:
        """The obligation instances of global ids, their status as of today (``node``,
        ``nodes``); ``None`` for one the graph does not hold."""
        context = ctx(info)
        today = dt.date.today()  # the edge reads the clock
        return [obligation_view(context, key, today) for key in node_ids]

    @strawberry.field(description="True when a curator added or changed its deadline or one "
                                  "of its targets")
    def corrected(self) -> bool:
        return any(i is not None for i in self.correction_ids)

    @strawberry.field(description="The corrections that added or changed its deadline or "
                                  "targets, oldest first")
    async def corrections(self, info: Info) -> list[CorrectionType]:
        return await corrections_by_id(info, self.correction_ids)

    @strawberry.field(description="The urges (催办) that named this obligation, newest first "
                                  "(at most 20)")
    async def urges(self, info: Info) -> list[UrgeType]:
        rows = await ctx(info).loaders.urges_by_obligation.load(self.id)
        return [UrgeType.from_row(r) for r in rows]

    @classmethod
    def from_assessed(cls, graph: nx.MultiDiGraph, assessed: Assessed,
                      as_of: dt.date | None = None) -> ObligationType:
        """The GraphQL view of an assessed obligation instance (status as of ``as_of``).

        Its fields are set without the dataclass ``__init__`` (keyword arguments for
        every field, resolvers' included: most of the cost of a view, a hundred times
        for a page).  No ``__getattr__`` fills them lazily instead: graphql-core and
        strawberry probe attributes an object lacks, and each probe would then run it.
        """
        ob = assessed.obligation
        view = object.__new__(cls)
        fields = view.__dict__
        fields["id"], fields["path"], fields["heading"] = ob.id, ob.path, ob.heading
        fields["text"], fields["raw"], fields["due_date"] = ob.text, ob.raw, ob.due
        fields["year"], fields["status"] = ob.year, assessed.status
        fields["obligation"], fields["graph"], fields["as_of"] = ob, graph, as_of
        return view

    @strawberry.field
    async def document(self, info: Info) -> DocumentType:
        return DocumentType.from_row(await ctx(info).loaders.document.load(self.document_id))

    @strawberry.field
    async def task(self, info: Info) -> TaskType | None:
        if self.task_id is None:
            return None
        return TaskType.from_row(await ctx(info).loaders.task.load(self.task_id))

    @strawberry.field(description="Targets read from the same sentence")
    async def targets(self, info: Info) -> list[TargetType]:
        rows = await ctx(info).loaders.target.load_many(self.target_ids)
        return [TargetType.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The first of `targets`, if any")
    async def target(self, info: Info) -> TargetType | None:
        targets = await self.targets(info)
        return targets[0] if targets else None

    @strawberry.field(description="Progress reports on this instance dated on or before the "
                                  "day asked about, oldest first")
    async def reports(self, info: Info) -> list[ProgressReportType]:
        day = self.as_of or dt.date.max
        rows = await ctx(info).reports.by_obligation.load(self.id)
        return [ProgressReportType.from_row(r) for r in rows if r.reported_on <= day]

    def _judgement(self, info: Info) -> tuple[Context, Obligation, list[Any], Judgement] | None:
        """The request context, the obligation, its reports up to the day asked about and
        its judgement with every share; ``None`` when the obligation is gone."""
        context = ctx(info)
        ob = self.obligation
        if ob is None:
            return None
        day = self.as_of or dt.date.today()
        rows = [r for r in context.report_rows([self.id]) if r.reported_on <= day]
        judged = judge_obligation(context.graph, ob, as_of=day,
                                  reports=context.status_reports([self.id]),
                                  due_soon_days=context.settings.due_soon_days)
        return context, ob, rows, judged

    @strawberry.field(description="Each owner's own status and last report; `status` follows "
                                  "the lead's share or every owner's (the server's progress "
                                  "rule)")
    def shares(self, info: Info) -> list[OwnerShareType]:
        judgement = self._judgement(info)
        if judgement is None:
            return []
        context, ob, rows, judged = judgement
        owners = {o.unit for o in ob.owners}
        collectives = collective_units(context.graph)
        reporters = [StatusReport(r.obligation_id, r.reported_on, unit=reporter_node(r.unit_id))
                     for r in rows]
        result = []
        for owner, share in zip(ob.owners, judged.shares, strict=True):
            counted = [row for row, fact in zip(rows, reporters, strict=True)
                       if counts_for(fact, share.unit, owners, collectives)
                       or for_everyone(fact, owners, collectives)]
            result.append(OwnerShareType(
                unit_id=int(context.graph.nodes[owner.unit]["db_id"]), name=owner.name,
                role=member(Role, owner.role), status=share.status, done_on=share.done_on,
                last_report=ProgressReportType.from_row(counted[-1]) if counted else None))
        return result

    @strawberry.field(description="Each member county's own share of the obligation's "
                                  "collective owners, in division-code order; empty when no "
                                  "owner is a collective with known members")
    def county_shares(self, info: Info) -> list[CountyShareType]:
        from schema.place import PlaceType

        judgement = self._judgement(info)
        if judgement is None:
            return []
        context, ob, rows, judged = judgement
        graph = context.graph
        # a report that names no county is its unit's county's (stored before shares)
        placed = [(r, place_node(r.place_id) or county_of(graph, unit_id=r.unit_id,
                                                           obligation=ob)) for r in rows]
        return [CountyShareType(
            place=PlaceType.from_node(info, county.place),
            collective_unit_id=int(graph.nodes[share.unit]["db_id"]),
            collective=graph.nodes[share.unit]["name"], status=county.status,
            done_on=county.done_on,
            reports=[ProgressReportType.from_row(r) for r, place in placed
                     if place == county.place])
            for share in judged.shares for county in share.counties]

    @strawberry.field(description="Reached / target for a quantitative target, from the latest "
                                  "report on or before the day asked about (a yearly target's "
                                  "instances each count their own year; with several "
                                  "targets, the one nearest the reached value's scale)")
    async def progress(self, info: Info) -> ProgressType | None:
        targets = await self.targets(info)
        if not targets:
            return None
        reached = ctx(info).reached(self.id, self.as_of or dt.date.max) or 0.0
        # A sentence may set several figures: the value speaks of the one nearest its scale.
        goal = goal_for(reached, [t.value for t in targets])
        target = next((t for t in targets if t.value == goal), targets[0])
        ratio = reached / target.value if target.value else 0.0
        return ProgressType(reached=reached, target=target.value, unit=target.unit,
                            ratio=round(ratio, 4))


def obligation_view(context: Context, key: str, day: dt.date) -> ObligationType | None:
    """The obligation instance ``key`` with its status as of ``day``, reports included;
    ``None`` when the request's graph does not hold it (or its year lies outside the
    window)."""
    try:
        found = find_obligation(context.graph, context.window().check_obligation_id(key))
    except OutOfWindow:
        return None
    if found is None:
        return None
    status = judge_obligation(context.graph, found, as_of=day,
                              reports=context.status_reports([found.id]),
                              due_soon_days=context.settings.due_soon_days).status
    return ObligationType.from_assessed(context.graph, Assessed(found, status), day)
