"""The Jurisdiction type: a government in the division tree, its units and documents.

Jurisdictions are kept beside the request's graph snapshot (``graph.graph
["jurisdictions"]``, :func:`graph.build.build_graph`), so they, their units and their
documents answer from one version of the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import networkx as nx
import strawberry
from strawberry.types import Info

from graph.kinds import nodes_of, of_kind
from schema.bounds import BOUND, DEFAULT_FIRST, First, bounded
from schema.context import ctx
from schema.vocabulary import Level, member

if TYPE_CHECKING:
    from schema.document import DocumentType
    from schema.unit import UnitType

UnitRef = Annotated["UnitType", strawberry.lazy("schema.unit")]
DocumentRef = Annotated["DocumentType", strawberry.lazy("schema.document")]


@strawberry.type(name="Jurisdiction",
                 description="A government (浙江省, 浙江省温州市, …) whose documents and units "
                             "these are; 未确定 holds documents whose issuer could not be placed.")
class JurisdictionType:
    id: int
    name: str = strawberry.field(description="Its short name: 温州市")
    full_name: str = strawberry.field(description="With its parents: 浙江省温州市")
    code: str | None = strawberry.field(description="GB/T 2260 division code")
    level: Level
    parent_id: strawberry.Private[int | None]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> JurisdictionType:
        """The GraphQL view of one of the graph's jurisdiction records."""
        return cls(id=int(record["id"]), name=record["name"], full_name=record["full_name"],
                   code=record["code"], level=member(Level, record["level"]), parent_id=record["parent_id"])

    @strawberry.field(description="The government above it (浙江省 for 温州市).")
    def parent(self, info: Info) -> JurisdictionType | None:
        return jurisdiction_view(ctx(info).graph, self.parent_id)

    @strawberry.field(description="The governments directly below it, by full name.")
    def children(self, info: Info) -> list[JurisdictionType]:
        records = ctx(info).graph.graph.get("jurisdictions", {}).values()
        return [JurisdictionType.from_record(r) for r in
                sorted((r for r in records if r["parent_id"] == self.id),
                       key=lambda r: r["full_name"])]

    @strawberry.field(description="Its units, by name." + BOUND)
    def units(self, info: Info, first: First = DEFAULT_FIRST) -> list[UnitRef]:
        from schema.unit import UnitType

        return UnitType.listed(ctx(info).graph, self.id, first, every=False)

    @strawberry.field(description="The documents it issued, by key." + BOUND)
    def documents(self, info: Info, first: First = DEFAULT_FIRST) -> list[DocumentRef]:
        from schema.document import DocumentType

        graph = ctx(info).graph
        found = [d for d in nodes_of(graph, of_kind(graph, "Document"))
                 if not d.get("stub") and d.get("jurisdiction_id") == self.id]
        ordered = sorted(found, key=lambda d: d["key"])
        return [DocumentType.from_node(d) for d in bounded(ordered, first)]


def jurisdiction_view(graph: nx.MultiDiGraph, jurisdiction_id: int | None) -> JurisdictionType | None:
    """The jurisdiction with this id in ``graph``, or ``None``."""
    record = graph.graph.get("jurisdictions", {}).get(jurisdiction_id)
    return JurisdictionType.from_record(record) if record else None


def all_jurisdictions(graph: nx.MultiDiGraph) -> list[JurisdictionType]:
    """Every jurisdiction, by full name."""
    records = graph.graph.get("jurisdictions", {}).values()
    return [JurisdictionType.from_record(r) for r in sorted(records, key=lambda r: r["full_name"])]
