"""The Document type: a policy document's header, the name it is shown by, and its state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.context import ctx
from schema.unit import row_key
from store import batches
from store import tables as t
from store.labels import document_label

if TYPE_CHECKING:
    from schema.lineage import CiteType, SectionType, TargetImplementationType
    from schema.target import TargetType
    from schema.task import TaskType

SectionRef = Annotated["SectionType", strawberry.lazy("schema.lineage")]
CiteRef = Annotated["CiteType", strawberry.lazy("schema.lineage")]
ImplementationRef = Annotated["TargetImplementationType", strawberry.lazy("schema.lineage")]
TaskRef = Annotated["TaskType", strawberry.lazy("schema.task")]
TargetRef = Annotated["TargetType", strawberry.lazy("schema.target")]


@strawberry.type(name="Document", description="A policy document: number, title, issuer, date.")
class DocumentType(relay.Node):
    id: relay.NodeID[int]
    key: str = strawberry.field(description="Stable id: the file stem it was first stored "
                                            "under (obligation ids embed it)")
    label: str = strawberry.field(description="The name it is shown by: its number, else its "
                                              "title, else its first line")
    number: str | None
    title: str | None
    issuer: str | None
    issued_on: dt.date | None
    withdrawn_on: dt.date | None = strawberry.field(
        default=None, description="Withdrawn (废止) from this day: its open obligations end")
    superseded_on: dt.date | None = strawberry.field(
        default=None, description="Replaced by another document from this day")
    superseded_by: str | None = strawberry.field(
        default=None, description="The key of the document that replaced it")

    @classmethod
    def from_node(cls, data: Mapping[str, Any]) -> DocumentType:
        """The GraphQL view of a stored Document node (:func:`graph.build.build_graph`)."""
        return cls(id=int(data["db_id"]), key=data["key"], label=data["label"],
                   number=data["number"], title=data["title"], issuer=data["issuer"],
                   issued_on=data["issued_on"], withdrawn_on=data["withdrawn_on"],
                   superseded_on=data["superseded_on"], superseded_by=data["superseded_by"])

    @classmethod
    def from_row(cls, row: t.Document | batches.DocumentHeader) -> DocumentType:
        """The GraphQL view of a stored document or of its header columns."""
        return cls(id=row.id or 0, key=row.key,
                   # the text (deferred by the loaders) is read only when nothing else names it
                   label=document_label(row.number, row.title,
                                        None if row.number or row.title else row.text),
                   number=row.number, title=row.title, issuer=row.issuer,
                   issued_on=row.issued_on, withdrawn_on=row.withdrawn_on,
                   superseded_on=row.superseded_on, superseded_by=row.superseded_by)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str],  # type: ignore[override]
                      required: bool = False) -> list[DocumentType | None]:
        """The documents of global ids (``node``, ``nodes``); ``None`` when unknown."""
        keys = [row_key(i) for i in node_ids]
        found = batches.documents_by_id(session=ctx(info).session,
                                        ids=[k for k in keys if k is not None])
        return [cls.from_row(found[k]) if k in found else None for k in keys]

    @strawberry.field(description="The document's database id (the `Document:` global `id` "
                                  "wraps it; `key` is the stable one)")
    def row_id(self) -> int:
        return self.id

    def _node(self, info: Info) -> str | None:
        """Its node in the request's graph (none when ingested since it was built)."""
        node = f"document:{self.id}"
        return node if node in ctx(info).graph else None

    @strawberry.field(description="Its numbered sections in text order.")
    def sections(self, info: Info) -> list[SectionRef]:
        from schema import lineage

        node = self._node(info)
        return lineage.sections(ctx(info).graph, node) if node else []

    @strawberry.field(description="Its tasks in text order.")
    def tasks(self, info: Info) -> list[TaskRef]:
        from schema import lineage

        node = self._node(info)
        return list(lineage.tasks(info, node)) if node else []

    @strawberry.field(description="Its targets in text order.")
    def targets(self, info: Info) -> list[TargetRef]:
        from schema import lineage

        node = self._node(info)
        return list(lineage.targets(ctx(info).graph, node)) if node else []

    @strawberry.field(description="The documents it cites, as written, in text order; each "
                                  "with the stored document when it is loaded.")
    def cites(self, info: Info) -> list[CiteRef]:
        from schema import lineage

        node = self._node(info)
        return lineage.cites(ctx(info).graph, node) if node else []

    @strawberry.field(description="The stored documents citing it.")
    def cited_by(self, info: Info) -> list[DocumentType]:
        from graph import lineage as lin
        from schema import lineage

        node, graph = self._node(info), ctx(info).graph
        return lineage.documents(graph, lin.cited_by(graph, node)) if node else []

    @strawberry.field(description="The stored documents it implements (根据 / 贯彻 / 落实 …).")
    def implements(self, info: Info) -> list[DocumentType]:
        from graph import lineage as lin
        from schema import lineage

        node, graph = self._node(info), ctx(info).graph
        return lineage.documents(graph, lin.implements(graph, node)) if node else []

    @strawberry.field(description="The stored documents implementing it.")
    def implemented_by(self, info: Info) -> list[DocumentType]:
        from graph import lineage as lin
        from schema import lineage

        node, graph = self._node(info), ctx(info).graph
        return lineage.documents(graph, lin.implemented_by(graph, node)) if node else []

    @strawberry.field(description="Each of its targets with the tasks of the documents "
                                  "implementing it that take the target up (by its metric: "
                                  "graph.lineage has the rule).")
    def targets_implementation(self, info: Info) -> list[ImplementationRef]:
        from schema import lineage

        node = self._node(info)
        return list(lineage.implementation(info, node)) if node else []

    @strawberry.field(description="Its targets that no task of a document implementing it "
                                  "takes up.")
    def unimplemented_targets(self, info: Info) -> list[TargetRef]:
        return [found.target for found in self.targets_implementation(info)
                if not found.implemented_by]
