"""The Task type: a leaf section's work and the units responsible for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import networkx as nx
import strawberry
from sqlalchemy import Row
from strawberry import relay
from strawberry.types import Info

from graph.obligations import task_heading
from graph.task_facts import OwnerFact, document_data, task_owners
from schema.context import ctx
from schema.document import DocumentType
from schema.held import PLAIN_READER, held
from schema.source import SourceType
from schema.unit import OwnerType, row_key
from schema.vocabulary import Role, member
from store import batches
from store import tables as t
from store.curation_tables import Correction
from store.labels import first_line

if TYPE_CHECKING:
    from schema.correction import CorrectionType
    from schema.target import TargetType

TargetRef = Annotated["TargetType", strawberry.lazy("schema.target")]
CorrectionRef = Annotated["CorrectionType", strawberry.lazy("schema.correction")]

_ROLES = {role.value: role for role in Role}  # stored word → member, without Enum's call

def owner_views(facts: Iterable[OwnerFact], task_id: int | None) -> list[OwnerType]:
    """The Owner objects of a snapshot's owner facts (:func:`graph.task_facts.task_owners`),
    as :func:`owners_of_task` builds them from the store's links."""
    return [OwnerType(unit_id=f.unit_id, name=f.name, role=_ROLES.get(f.role) or member(Role, f.role),
                      task_id=task_id) for f in facts]


@strawberry.type(name="Task", description="A unit of work: a leaf section's body.")
class TaskType(relay.Node):
    id: relay.NodeID[int]
    document_id: strawberry.Private[int]
    path: str = strawberry.field(description="Section path, e.g. 二(二)3")
    text: str
    start: int
    end: int
    source: SourceType = strawberry.field(description="The responsibility clause it was read from")
    correction_id: strawberry.Private[int | None] = None
    # Set by :meth:`hold` when the row was read at the request snapshot's version: the
    # snapshot then answers `document` and `owners` as the store would, synchronously.
    # The owners are read from it only when asked for (most lists ask for none).
    held_document: strawberry.Private[DocumentType | None] = None
    held_graph: strawberry.Private[nx.MultiDiGraph | None] = None

    @classmethod
    def from_row(cls, row: t.Task | Row[Any]) -> TaskType:
        """The GraphQL view of a stored task: the ORM object or a plain row of every
        column (:mod:`store.unit_work`)."""
        return cls(id=row.id or 0, document_id=row.document_id, path=row.path, text=row.text,
                   start=row.start, end=row.end, source=SourceType.of(row, row.document_id),
                   correction_id=row.correction_id)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],  # type: ignore[override]
                      required: bool = False) -> list[TaskType | None]:
        """The tasks of global ids (``node``, ``nodes``, ``task``); ``None`` when unknown."""
        keys = [row_key(i) for i in node_ids]
        found = batches.tasks_by_id(session=ctx(info).session,
                                    ids=[k for k in keys if k is not None])
        return [cls.from_row(found[k]) if k in found else None for k in keys]

    @strawberry.field(description="The task's database id (the `Task:` global `id` wraps it)")
    def row_id(self) -> int:
        return self.id

    @strawberry.field(description="True when a curator's correction is in force on the task "
                                  "(its units, deadlines, targets or text)")
    async def corrected(self, info: Info) -> bool:
        from schema.correction import task_corrected

        # whether any is in force: no view made, so no document key read
        anchored = await self._anchored_corrections(info)
        return await task_corrected(info, anchored, self.correction_id)

    @strawberry.field(description="The corrections in force on the task, oldest first")
    async def corrections(self, info: Info) -> list[CorrectionRef]:
        from schema.correction import task_corrections

        anchored = await self._anchored_corrections(info)
        return await task_corrections(info, anchored, self.correction_id)

    async def _anchored_corrections(self, info: Info) -> list[Correction]:
        found: list[Correction] = await ctx(info).loaders.corrections_by_task_path.load(
            (self.document_id, self.path))
        return found

    @strawberry.field(description="What the task is, in a few words: its section's heading, "
                                  "else its first clause, shortened")
    def heading(self, info: Info) -> str:
        graph = ctx(info).graph
        node = f"task:{self.id}"
        if node in graph:
            return task_heading(graph, node)
        # ingested since this request's graph snapshot: the text's first clause still says it
        return first_line(self.text, limit=20)

    def hold(self, graph: nx.MultiDiGraph, documents: dict[int, DocumentType]) -> None:
        """Take the document header and owners from ``graph``, which must be of the version
        the task's row was read at (``documents``: the headers already made, by id, shared
        by the tasks of one answer).  A task or document the graph lacks holds nothing."""
        node = graph._node.get(f"task:{self.id}")
        if node is None or node.get("document_id") != self.document_id:
            return
        document = documents.get(self.document_id)
        if document is None:
            data = document_data(graph, self.document_id)
            if data is None:
                return
            document = documents[self.document_id] = DocumentType.from_node(data)
        if graph._pred.get(f"task:{self.id}") is not None:  # what task_owners reads
            self.held_document, self.held_graph = document, graph

    def held_owners(self) -> list[OwnerType]:
        """The owners the held snapshot answers (:meth:`hold`); LookupError when the task
        holds none, so the resolver loads them."""
        graph = self.held_graph
        owners = task_owners(graph, self.id) if graph is not None else None
        if owners is None:
            raise LookupError("held_owners")
        return owner_views(owners, self.id)

    @strawberry.field(metadata={PLAIN_READER: held("held_document")})
    async def document(self, info: Info) -> DocumentType:
        if self.held_document is not None:
            return self.held_document
        return DocumentType.from_row(await ctx(info).loaders.document.load(self.document_id))

    @strawberry.field(description="Responsible units, lead first.",
                      metadata={PLAIN_READER: lambda task: task.held_owners()})
    async def owners(self, info: Info) -> list[OwnerType]:
        if self.held_graph is not None:
            return self.held_owners()
        return await owners_of_task(info, self.id)

    @strawberry.field
    async def targets(self, info: Info) -> list[TargetRef]:
        from schema.target import TargetType

        return [TargetType.from_row(r) for r in await ctx(info).loaders.targets_by_task.load(self.id)]


async def owners_of_task(info: Info, task_id: int | None) -> list[OwnerType]:
    """The owners of a task through the request's loader (none for ``None``)."""
    if task_id is None:
        return []
    pairs = await ctx(info).loaders.owners_by_task.load(task_id)
    return [OwnerType(unit_id=unit.id or 0, name=unit.name, role=member(Role, link.role), task_id=task_id,
                      correction_id=link.correction_id) for link, unit in pairs]
