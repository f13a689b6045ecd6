"""The Place family: a county, district or park, its pairings and what it owes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import strawberry
from strawberry.types import Info

from graph.pages import Wanted
from graph.places import bearers, memberships, paired_with
from schema.bounds import BOUND, DEFAULT_FIRST, First
from schema.context import ctx
from schema.obligation import ObligationType
from schema.obligation_pages import first_obligations
from schema.unit import UnitType
from schema.vocabulary import PairingConfidence, PlaceKind, member


@strawberry.type(name="Pairing", description="A 山海协作 pairing, with where it is attested.")
class PairingType:
    place: PlaceType
    confidence: PairingConfidence
    source: str
    since: int | None


@strawberry.type(name="Place", description="An administrative unit or named platform.")
class PlaceType:
    node: strawberry.Private[str]
    name: str
    kind: PlaceKind
    parent: str | None
    full_name: str | None = strawberry.field(
        default=None, description="With its parents: 浙江省温州市泰顺县 (two 鼓楼区 differ)")
    code: str | None = strawberry.field(default=None, description="GB/T 2260 division code")

    @classmethod
    def from_node(cls, info: Info, node: str) -> PlaceType:
        """The GraphQL view of a Place node of the request's graph."""
        data = ctx(info).graph.nodes[node]
        return cls(node=node, name=data["name"], kind=member(PlaceKind, data["place_kind"], PlaceKind.OTHER), parent=data["parent"],
                   full_name=data.get("full_name"), code=data.get("code"))

    @strawberry.field(description="The places it is paired with.")
    def paired_with(self, info: Info) -> list[PlaceType]:
        return [PlaceType.from_node(info, p) for p in paired_with(ctx(info).graph, self.node)]

    @strawberry.field(description="Its pairings with their confidence and source.")
    def pairings(self, info: Info) -> list[PairingType]:
        graph = ctx(info).graph
        return [PairingType(place=PlaceType.from_node(info, p), confidence=member(PairingConfidence, d["confidence"]),
                            source=d["source"], since=d["since"])
                for _, p, k, d in graph.out_edges(self.node, keys=True, data=True)
                if k == "PAIRED_WITH"]

    @strawberry.field(description="Collective units it is a member of (结对县(市、区)党委、政府).")
    async def member_of(self, info: Info) -> list[UnitType]:
        graph = ctx(info).graph
        ids = [int(graph.nodes[u]["db_id"]) for u in memberships(graph, self.node)]
        rows = await ctx(info).loaders.unit.load_many(ids)
        return [UnitType.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Obligations it bears through its memberships, as of a day; "
                                  "recurring ones expanded through that year." + BOUND)
    def obligations(self, info: Info, as_of: dt.date,
                    first: First = DEFAULT_FIRST) -> Sequence[ObligationType]:
        context = ctx(info)
        day = context.day(as_of, "asOf")
        units, tasks = bearers(context.graph, self.node)
        return first_obligations(info, Wanted(as_of=day, units=units, tasks=tasks,
                                              due_soon_days=context.settings.due_soon_days),
                                 first)
