"""The root Query type and the schema object (the Mutation type is in :mod:`schema.mutation`).

Resolvers are thin: names are resolved on the request's graph snapshot
(:mod:`graph.names`, through :mod:`schema.name_arguments`), analyses come from
:mod:`graph`, rows from the store through the request's DataLoaders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

import networkx as nx
import strawberry
from graphql import DocumentNode, GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionContext, Info

from graph.analysis import co_responsibility, shortest_path, workload
from graph.names import AmbiguousName, resolve, resolve_place
from graph.pages import Wanted
from i18n import gettext as _
from schema.assessment import AssessmentQueries
from schema.audit import AuditEntryType, audit_trail
from schema.bounds import BOUND, DEFAULT_FIRST, First, bounded
from schema.connection import connection
from schema.context import ctx
from schema.correction import CorrectionQueries
from schema.document import DocumentType
from schema.document_pages import DocumentPages
from schema.errors import ambiguous, bad_input
from schema.guards import OperationGuards, overlong_refusal, refused_access
from schema.hooks import LeanExtensionsRunner
from schema.jurisdiction import JurisdictionType, all_jurisdictions, jurisdiction_view
from schema.lineage import document_by_number, document_view
from schema.mutation import Mutation
from schema.name_arguments import (
    JurisdictionArg,
    OfJurisdiction,
    jurisdiction_node_id,
    listed_units,
    named_node,
    unit_node,
)
from schema.node import NodeQueries
from schema.obligation import ObligationType
from schema.obligation_pages import ObligationPages, first_obligations
from schema.obligation_status import Status
from schema.path import PathStepType
from schema.place import PlaceType
from schema.review import ReviewQueries
from schema.scalars import DATE
from schema.search import SearchHitType, find_text
from schema.subscription import Subscription
from schema.succession import answering_unit
from schema.target import OwnershipType, TargetType
from schema.totals import TotalsQueries
from schema.trend import TrendQueries
from schema.unit import CoResponsibilityType, UnitType, WorkloadType
from schema.vocabulary import AuditAction, AuditOutcome, SearchHitKind, member
from store.quoting import target_rows_quoting


def _units(info: Info, nodes: list[str]) -> list[UnitType]:
    """Units as this request's snapshot has them: name, level and collective are on the
    graph node, so no query (and no disagreement with the rest of the answer)."""
    graph = ctx(info).graph
    return [UnitType.from_node(graph.nodes[n]) for n in nodes]


@strawberry.input(description="Which documents: all conditions given must hold.")
class DocumentFilter:
    jurisdiction: str | None = strawberry.field(
        default=None, description="Issued by this government (full name, short name or code)")
    number: str | None = strawberry.field(default=None, description="This 文号, any spelling")
    text: str | None = strawberry.field(default=None,
                                        description="Its number or title contains this")


@strawberry.type
class Query(NodeQueries, AssessmentQueries, CorrectionQueries, ReviewQueries, TotalsQueries,
            TrendQueries):
    @strawberry.field(description="A unit by any of its names: standard, alias (经合办 → "
                                  "市招商局), variant (市发改委), with a leading division "
                                  "(温州市发改委). Without `jurisdiction` the name must name one "
                                  "unit (else AMBIGUOUS, listing every candidate). A predecessor's "
                                  "name answers with its successor as of `asOf` (default today), "
                                  "saying so in `answeredFor`.")
    def unit(self, info: Info, name: str, jurisdiction: JurisdictionArg = None,
             as_of: Annotated[dt.date | None, strawberry.argument(
                 description="The day successions are read on; default today")
             ] = None) -> UnitType:
        context = ctx(info)
        day = context.day(as_of, "asOf") if as_of else dt.date.today()  # the edge reads the clock
        node = unit_node(info, name, jurisdiction)
        try:
            return answering_unit(context.graph, node, day)
        except AmbiguousName as error:
            raise ambiguous(error) from None

    @strawberry.field(description="Every unit (of one jurisdiction), by name." + BOUND)
    def units(self, info: Info, jurisdiction: OfJurisdiction = None,
              first: First = DEFAULT_FIRST) -> list[UnitType]:
        return listed_units(info, jurisdiction, first)

    @strawberry.field(description="A jurisdiction by full name (浙江省温州市), short name "
                                  "(温州市) when unique, or GB/T 2260 code.")
    def jurisdiction(self, info: Info, name: str) -> JurisdictionType:
        found = jurisdiction_view(ctx(info).graph, jurisdiction_node_id(info, name))
        assert found is not None  # resolved on this very graph
        return found

    @strawberry.field(description="Every jurisdiction, by full name." + BOUND)
    def jurisdictions(self, info: Info, first: First = DEFAULT_FIRST) -> list[JurisdictionType]:
        return bounded(all_jurisdictions(ctx(info).graph), first)

    @strawberry.field(description="Targets whose value (40亿元) or quote contains `text`, "
                                  "with their owners." + BOUND)
    def who_owns(self, info: Info, text: str, first: First = DEFAULT_FIRST
                 ) -> list[OwnershipType]:
        phrase = text.strip()
        if not phrase:
            raise bad_input(_("error.who_owns_empty"), argument="text")
        context = ctx(info)
        # plain rows and the version the same statement read them at: when it is the
        # snapshot's, the snapshot answers their owners (else the loaders read them)
        rows, version = target_rows_quoting(session=context.session, phrase=phrase)
        graph = context.graph if version == context.snapshot.version else None
        # A sentence may hold several targets (…40亿元…占65%): prefer the one whose
        # own value is the text asked about.
        exact = [r for r in rows if f"{r.value:g}{r.unit}" == phrase.replace(" ", "")]
        return bounded((OwnershipType.of(TargetType.from_row(r), graph) for r in exact or rows),
                       first)

    @connection("Obligations as of a day, optionally one unit's and one status.",
                ObligationType)
    def obligations(self, info: Info, as_of: dt.date, unit: str | None = None,
                    status: Status | None = None,
                    jurisdiction: JurisdictionArg = None) -> Iterable[ObligationType]:
        context = ctx(info)
        day = context.day(as_of, "asOf")
        node = unit_node(info, unit, jurisdiction) if unit else None
        # cut from the sorted index: only the page is judged and built
        return ObligationPages(info, Wanted(  # type: ignore[return-value]
            as_of=day, units=None if node is None else (node,), status=status,
            due_soon_days=context.settings.due_soon_days))

    @strawberry.field(description="What was overdue on a day, optionally one unit's." + BOUND)
    def overdue(self, info: Info, as_of: dt.date, unit: str | None = None,
                jurisdiction: JurisdictionArg = None,
                first: First = DEFAULT_FIRST) -> Sequence[ObligationType]:
        node = unit_node(info, unit, jurisdiction) if unit else None
        day = ctx(info).day(as_of, "asOf")
        return first_obligations(info, Wanted(as_of=day, units=None if node is None else (node,),
                                              status=Status.OVERDUE), first)

    @strawberry.field(description="Obligation instances due from `start` to `end` inclusive; "
                                  "status as of `start`." + BOUND)
    def due_between(self, info: Info, start: dt.date, end: dt.date,
                    first: First = DEFAULT_FIRST) -> Sequence[ObligationType]:
        begin, last = ctx(info).day(start, "start"), ctx(info).day(end, "end")
        if last < begin:
            raise bad_input(_("error.end_before_start", end=end, start=start),
                            argument="end")
        # what exists by the window's end, every instance the index holds in it
        return first_obligations(info, Wanted(
            as_of=begin, start=begin, end=last, exists_by=last, through_year=dt.MAXYEAR,
            due_soon_days=ctx(info).settings.due_soon_days), first)

    @strawberry.field(description="A place (泰顺县) with its pairings and obligations.")
    def place(self, info: Info, name: str) -> PlaceType:
        return PlaceType.from_node(info, named_node(info, resolve_place, name))

    @strawberry.field(description="Units sharing tasks with `unit`, most shared first." + BOUND)
    def co_responsibility(self, info: Info, unit: str,
                          jurisdiction: JurisdictionArg = None,
                          first: First = DEFAULT_FIRST) -> list[CoResponsibilityType]:
        pairs = bounded(co_responsibility(ctx(info).graph, unit_node(info, unit, jurisdiction)),
                        first)
        units = _units(info, [u for u, _ in pairs])
        return [CoResponsibilityType(unit=u, shared_tasks=n) for u, (_, n) in zip(units, pairs, strict=True)]

    @strawberry.field(description="Units ranked by tasks, overdue count, targets, centrality."
                                  + BOUND)
    def workload(self, info: Info, as_of: dt.date,
                 first: First = DEFAULT_FIRST) -> list[WorkloadType]:
        rows = bounded(workload(ctx(info).graph, as_of=ctx(info).day(as_of, "asOf"),
                                reports=ctx(info).status_reports_of), first)
        units = _units(info, [w.unit for w in rows])
        return [WorkloadType(unit=u, tasks=w.tasks, targets=w.targets, overdue=w.overdue,
                             centrality=w.centrality) for u, w in zip(units, rows, strict=True)]

    @strawberry.field(description="A shortest path between two units, places or task paths "
                                  "(empty when unconnected)." + BOUND)
    def shortest_path(self, info: Info, from_: Annotated[str, strawberry.argument(name="from")],
                      to: str, first: First = DEFAULT_FIRST) -> list[PathStepType]:
        graph = ctx(info).graph
        nodes = bounded(shortest_path(graph, named_node(info, resolve, from_),
                                      named_node(info, resolve, to)), first)
        return [PathStepType.from_node(graph, n) for n in nodes]

    @connection("The audit trail, newest first (admin and viewer tokens): who did what to "
                "which target, before and after, and refusals.", AuditEntryType)
    def audit_trail(self, info: Info, target: str | None = None, actor: str | None = None,
                    action: AuditAction | None = None, outcome: AuditOutcome | None = None,
                    ) -> Sequence[AuditEntryType]:
        # read from the store a page at a time (schema.keyed_pages)
        return audit_trail(info, target=target, actor=actor,  # type: ignore[return-value]
                           action=action.value if action else None,
                           outcome=outcome.value if outcome else None)

    @connection("The stored documents (cited-only documents excluded), by key, with their "
                "state (withdrawn, superseded); `filter` narrows them.", DocumentType)
    def documents(self, info: Info, filter: DocumentFilter | None = None
                  ) -> Iterable[DocumentType]:
        wanted = filter or DocumentFilter()
        # read from the store a page at a time (schema.keyed_pages)
        return DocumentPages(  # type: ignore[return-value]
            ctx(info).session, jurisdiction_id=jurisdiction_node_id(info, wanted.jurisdiction),
            number=wanted.number, text=wanted.text)

    @strawberry.field(description="A stored document by its 文号, in any spelling "
                                  "(温政发[2018]26号).")
    def document(self, info: Info, number: str) -> DocumentType:
        graph = ctx(info).graph
        return document_view(graph, document_by_number(graph, number))

    @strawberry.field(description="Substring search (Chinese) over tasks, target quotes, "
                                  "section headings and unit names." + BOUND)
    def search(self, info: Info, text: str, first: First = DEFAULT_FIRST) -> list[SearchHitType]:
        if not text.strip():
            raise bad_input(_("error.text_empty"), argument="text")
        graph = ctx(info).graph
        bounded([], first)  # the range check, before the store is read
        hits = find_text(session=ctx(info).session, phrase=text.strip(), limit=first)
        return [SearchHitType(kind=member(SearchHitKind, h.kind), id=h.id, path=h.path, snippet=h.snippet,
                              document_number=_document_number(graph, h.document_id),
                              document_label=_document_label(graph, h.document_id))
                for h in hits]


def _document_number(graph: nx.MultiDiGraph, document_id: int | None) -> str | None:
    """A hit's document number from the snapshot; a document ingested since the snapshot
    was built has none there yet (the search reads the store), so no number, not a 500."""
    node = f"document:{document_id}"
    return graph.nodes[node].get("number") if document_id is not None and node in graph else None


def _document_label(graph: nx.MultiDiGraph, document_id: int | None) -> str | None:
    """A hit's document name (number, title or first line) from the snapshot, if there."""
    node = f"document:{document_id}"
    return graph.nodes[node].get("label") if document_id is not None and node in graph else None


class PolicySchema(strawberry.Schema):
    """The schema; errors the caller caused (those with a code) are not logged as crashes,
    and the extensions' hooks run without strawberry's per-phase wrappers
    (:mod:`schema.hooks`)."""

    def create_extensions_runner(self, execution_context: ExecutionContext,
                                 extensions: list[SchemaExtension]) -> SchemaExtensionsRunner:
        return LeanExtensionsRunner(execution_context=execution_context, extensions=extensions)

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        unexpected = [e for e in errors if not (e.extensions or {}).get("code")]
        if unexpected:
            super().process_errors(unexpected, execution_context)

    #: The schema's own extension; a short path that answers without strawberry's
    #: execution checks what it would refuse by :meth:`refuses` and :meth:`overlong`.
    guard_extension = OperationGuards

    @staticmethod
    def refuses(context: Any) -> bool:
        """Whether the schema's guards refuse this operation's caller before it runs."""
        return refused_access(context)

    @staticmethod
    def overlong(context: Any, query: object, document: DocumentNode,
                 variables: dict[str, Any] | None) -> GraphQLError | None:
        """The schema's guards' refusal of an over-long string argument, if any."""
        return overlong_refusal(context, query, document, variables)


def make_schema(*, extensions: Sequence[Any] = (),
                execution_context_class: type[StrawberryGraphQLCoreExecutionContext] | None = None,
                ) -> PolicySchema:
    """The schema with the server's own ``extensions`` after the schema's (the server
    passes the query limits and caches, and an execution that stops on timeout: the
    schema never imports them)."""
    return PolicySchema(query=Query, mutation=Mutation, subscription=Subscription,
                        config=StrawberryConfig(scalar_map={dt.date: DATE}),  # a bad day in i18n
                        # the schema's guards in one extension object: strawberry
                        # wraps each extension's hooks anew per operation
                        extensions=[OperationGuards, *extensions],
                        execution_context_class=execution_context_class)


schema = make_schema()
"""The types and resolvers without the server's extensions: the SDL is exported from it."""
