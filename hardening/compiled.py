"""Plans of queries answered without graphql-core's executor (:mod:`hardening.compiled_run`).

Most requests a deployment sees are a few query texts asked again and again (a wiki
widget, a dashboard card, a script), each a handful of root fields over plain leaves:
``{ unit(name: "…") { name level } }``, ``{ obligations(asOf: …, first: 100) { nodes {
path dueDate status } } }``.  For those the executor's own work (an execution context,
field collection, a resolve-info object, ``complete_value`` and its checks per field)
costs more than the answer.  A *compiled query* is what that work decides once per
document, kept beside the parsed document: for each root field its definition, its
field nodes and how its value becomes the answer (the plain-leaf plans of
:mod:`hardening.leaves`).

A document is compiled only when nothing in it depends on the request beyond its
arguments: one query operation (named as asked), no fragment spread or directive
anywhere (the fields collected are then the same whatever the variables), and root
fields that are strawberry resolvers running synchronously whose values the plain-leaf
plans answer.  Anything else is ``None``: graphql-core answers it, as always.

Examples
--------
>>> from schema.query import schema
>>> from graphql import parse
>>> core = schema._schema
>>> plan = compile_query(core, parse('{ unit(name: "市规划局") { name level } }'), None)
>>> [(field.response_name, field.nullable) for field in plan.fields]
[('unit', False)]
>>> compile_query(core, parse('{ unit(name: "x") { ...n } } fragment n on Unit { name }'),
...               None) is None  # a fragment spread: graphql-core collects it
True
>>> compile_query(core, parse('mutation { reportProgress(input: {obligationId: "x"}) '
...                           '{ report { id } } }'), None) is None
True
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
)
from graphql.execution.collect_fields import collect_fields, collect_subfields
from graphql.execution.values import VariableValues
from graphql.utilities import get_operation_ast

from hardening.cancellation import stop_if_cancelled
from hardening.direct_calls import DirectCall, direct_call
from hardening.leaf_fields import DEFINITION_BACKREF
from hardening.leaf_plans import fixed
from hardening.leaves import completion

#: Compiled queries kept (as many as the parser cache keeps documents).
MOST_COMPILED = 256

#: Requests in a row a compiled query may send the full way before it is no longer
#: tried: each paid for its resolvers twice.
MOST_MISSES = 4

#: No variables: the collection of a document without directives reads none.
_NO_VARIABLES = VariableValues(sources={}, coerced={})


@dataclass(frozen=True, slots=True)
class RootField:
    """One root field of a compiled query: where its answer goes, what resolves it and
    what turns its (non-null) value into the answer (``None`` where graphql-core must
    answer instead)."""

    response_name: str
    definition: GraphQLField
    nodes: list[FieldNode]
    complete: Any
    nullable: bool
    #: its resolver with literal arguments converted once (:mod:`hardening.direct_calls`)
    call: DirectCall | None = None


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A query operation's root fields, in the answer's order."""

    document: DocumentNode
    operation: OperationDefinitionNode
    fields: tuple[RootField, ...]
    #: requests in a row it sent the full way (see :meth:`CompiledQueries.missed`)
    misses: list[int] = field(default_factory=lambda: [0])


def compile_query(schema: GraphQLSchema, document: DocumentNode,
                  operation_name: str | None) -> CompiledQuery | None:
    """The compiled query of ``document``'s operation, or ``None`` when graphql-core must
    execute it (see the module docstring)."""
    operation = get_operation_ast(document, operation_name)
    query_type = schema.query_type
    if (operation is None or operation.operation != OperationType.QUERY
            or query_type is None or operation.directives
            or any(isinstance(d, FragmentDefinitionNode) for d in document.definitions)
            or not fixed(operation.selection_set)):
        return None
    collected = collect_fields(schema, {}, _NO_VARIABLES, query_type, operation)
    if collected.new_defer_usages:
        return None

    def subfields(kind: GraphQLObjectType, details: Any) -> Any:
        found = collect_subfields(schema, {}, _NO_VARIABLES, operation, kind, details)
        return None if found.new_defer_usages else found.grouped_field_set

    fields = []
    for response_name, details in collected.grouped_field_set.items():
        node = details[0].node
        root = query_type.fields.get(node.name.value)
        resolver = None if root is None else (root.extensions or {}).get(DEFINITION_BACKREF)
        if (root is None or resolver is None or getattr(resolver, "is_async", True)
                or root.resolve is None):
            return None  # __typename, introspection, an awaiting resolver
        complete = completion(root.type, details, None, subfields, stop_if_cancelled)
        if complete is None:
            return None
        call = direct_call(schema, root, node) if len(details) == 1 else None
        fields.append(RootField(response_name, root, [d.node for d in details], complete,
                                not isinstance(root.type, GraphQLNonNull), call))
    return CompiledQuery(document, operation, tuple(fields)) if fields else None


class CompiledQueries:
    """Compiled queries by text and operation name, each kept with the very document it
    was compiled from (the parser cache hands every request of a text the same one);
    bounded, oldest first out, shared by the worker threads.

    >>> from schema.query import schema
    >>> from graphql import parse
    >>> kept, document = CompiledQueries(), parse("{ __typename }")
    >>> kept.of(schema._schema, "{ __typename }", None, document) is None  # not compilable
    True
    >>> len(kept)  # remembered as such
    1
    """

    def __init__(self, most: int = MOST_COMPILED) -> None:
        self._kept: LRUCache[tuple[int, str, str | None],
                             tuple[GraphQLSchema, DocumentNode, CompiledQuery | None]] = \
            LRUCache(maxsize=most)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def known(self, schema: GraphQLSchema, query: str, operation_name: str | None) -> bool:
        """Whether ``query`` was compiled (not merely found not compilable)."""
        with self._lock:
            found = self._kept.get((id(schema), query, operation_name))
        return found is not None and found[0] is schema and found[2] is not None

    def missed(self, schema: GraphQLSchema, query: str, operation_name: str | None,
               compiled: CompiledQuery) -> None:
        """``compiled`` sent a request the full way after running its resolvers; after
        :data:`MOST_MISSES` such requests in a row the query is no longer compiled (a
        query whose answers the plans never give would pay for its resolvers twice on
        every request).  An answered request starts the count again."""
        key = (id(schema), query, operation_name)
        with self._lock:
            compiled.misses[0] += 1
            found = self._kept.get(key)
            if compiled.misses[0] >= MOST_MISSES and found is not None and found[2] is compiled:
                self._kept[key] = (found[0], found[1], None)

    def of(self, schema: GraphQLSchema, query: str, operation_name: str | None,
           document: DocumentNode) -> CompiledQuery | None:
        """The compiled query of ``document`` (parsed from ``query``), compiled on first
        use; ``None`` when it is not compilable."""
        key = (id(schema), query, operation_name)
        with self._lock:
            found = self._kept.get(key)
        if found is not None and found[0] is schema and found[1] is document:
            return found[2]
        compiled = compile_query(schema, document, operation_name)
        with self._lock:  # the entry holds schema and document: their ids stay theirs
            self._kept[key] = (schema, document, compiled)
        return compiled
