"""Documents and their lineage over GraphQL: sections, tasks, targets, what a document
cites and implements, and which of its targets lower documents take up.

The answers come from the request's graph snapshot (:mod:`graph.lineage`); tasks and
targets are the stored rows of the snapshot's nodes.  A document ingested after the
snapshot was built has no lineage until the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import networkx as nx
import strawberry
from strawberry.types import Info

from graph import lineage
from graph.kinds import nodes_of, of_document, of_kind
from graph.names import UnknownName, suggest
from schema.context import ctx
from schema.errors import not_found
from schema.vocabulary import CiteKind, member
from store import tables as t
from store.crud.facts import list_tasks
from store.fingerprint import normalised_number, normalised_text

if TYPE_CHECKING:
    from schema.document import DocumentType
    from schema.target import TargetType
    from schema.task import TaskType

DocumentRef = Annotated["DocumentType", strawberry.lazy("schema.document")]
TaskRef = Annotated["TaskType", strawberry.lazy("schema.task")]
TargetRef = Annotated["TargetType", strawberry.lazy("schema.target")]


@strawberry.type(name="Section", description="A numbered section of a document (二(二)).")
class SectionType:
    path: str
    heading: str


@strawberry.type(name="Cite", description="A document a document cites, as written there.")
class CiteType:
    number: str | None = strawberry.field(description="The 文号 as written")
    title: str | None = strawberry.field(description="The title as written")
    kind: CiteKind
    node: strawberry.Private[str | None]

    @strawberry.field(description="The cited document; null while it is not loaded.")
    def document(self, info: Info) -> DocumentRef | None:
        return document_view(ctx(info).graph, self.node) if self.node else None


@strawberry.type(name="ImplementingTask",
                 description="A task of a lower document that takes up a target.")
class ImplementingTaskType:
    task: TaskRef
    document: DocumentRef


@strawberry.type(name="TargetImplementation",
                 description="A target of a document and the tasks of the documents "
                             "implementing it that speak of its metric (empty: none does).")
class TargetImplementationType:
    target: TargetRef
    implemented_by: list[ImplementingTaskType]


def document_view(graph: nx.MultiDiGraph, node: str) -> DocumentType:
    """The GraphQL view of a stored Document node."""
    from schema.document import DocumentType

    return DocumentType.from_node(graph.nodes[node])


def _stored_documents(graph: nx.MultiDiGraph) -> list[str]:
    return sorted((n for n in of_kind(graph, "Document") if not graph.nodes[n].get("stub")),
                  key=lambda n: graph.nodes[n]["key"])


def filter_documents(graph: nx.MultiDiGraph, *, jurisdiction_id: int | None,
                     number: str | None, text: str | None) -> list[str]:
    """Stored Document nodes (by key) of one jurisdiction, with a 文号 (any spelling), whose
    number or title contains ``text``."""
    spelled = normalised_number(number) if number else None
    phrase = normalised_text(text).strip() if text else ""
    found = []
    for node in _stored_documents(graph):
        data = graph.nodes[node]
        if jurisdiction_id is not None and data.get("jurisdiction_id") != jurisdiction_id:
            continue
        if spelled is not None and normalised_number(data.get("number")) != spelled:
            continue
        if phrase and phrase not in normalised_text(f"{data.get('number') or ''} "
                                                    f"{data.get('title') or ''}"):
            continue
        found.append(node)
    return found


def document_by_number(graph: nx.MultiDiGraph, number: str) -> str:
    """The stored Document node with this 文号 in any spelling; NOT_FOUND (with the
    closest numbers) else."""
    found = filter_documents(graph, jurisdiction_id=None, number=number, text=None)
    if found:
        return found[0]
    numbers = [graph.nodes[n]["number"] for n in _stored_documents(graph)
               if graph.nodes[n].get("number")]
    spelled = normalised_number(number) or number
    raise not_found(UnknownName(spelled, "document", suggest(numbers, spelled)))


def sections(graph: nx.MultiDiGraph, node: str) -> list[SectionType]:
    """The document's sections in text order."""
    db_id = graph.nodes[node]["db_id"]
    found = sorted((d["start"], d["path"], d["heading"] or "")
                   for d in nodes_of(graph, of_document(graph, "Section", db_id)))
    return [SectionType(path=p, heading=h) for _, p, h in found]


def tasks(info: Info, node: str) -> list[TaskType]:
    """The document's stored tasks in text order."""
    from schema.task import TaskType

    rows = list_tasks(session=ctx(info).session, document_id=ctx(info).graph.nodes[node]["db_id"])
    return [TaskType.from_row(r) for r in rows]


def target_view(graph: nx.MultiDiGraph, node: str) -> TargetType:
    """The GraphQL view of a Target node (its attributes are the stored row's)."""
    from schema.target import TargetType

    data = graph.nodes[node]
    return TargetType.from_row(t.Target(**{f: data[f] for f in t.Target.model_fields if f in data}))


def targets(graph: nx.MultiDiGraph, node: str) -> list[TargetType]:
    """The document's targets in text order."""
    db_id = graph.nodes[node]["db_id"]
    found = sorted(of_document(graph, "Target", db_id),
                   key=lambda n: (graph.nodes[n].get("source_start") or 0, n))
    return [target_view(graph, n) for n in found]


def cites(graph: nx.MultiDiGraph, node: str) -> list[CiteType]:
    return [CiteType(number=c.number, title=c.title, kind=member(CiteKind, c.kind), node=c.document)
            for c in lineage.cites(graph, node)]


def documents(graph: nx.MultiDiGraph, nodes: Sequence[str]) -> list[DocumentType]:
    return [document_view(graph, n) for n in nodes]


def implementation(info: Info, node: str) -> list[TargetImplementationType]:
    """Each target of the document with the lower tasks implementing it."""
    from schema.task import TaskType

    graph = ctx(info).graph
    rows = {r.id: r for d in lineage.implemented_by(graph, node)
            for r in list_tasks(session=ctx(info).session, document_id=graph.nodes[d]["db_id"])}
    answer = []
    for found in lineage.target_implementation(graph, node):
        by = [ImplementingTaskType(task=TaskType.from_row(rows[graph.nodes[task]["db_id"]]),
                                   document=document_view(
                                       graph, f"document:{graph.nodes[task]['document_id']}"))
              for task in found.tasks if graph.nodes[task]["db_id"] in rows]
        answer.append(TargetImplementationType(target=target_view(graph, found.target),
                                               implemented_by=by))
    return answer
