"""Query cost analysis: how many fields an operation would resolve, estimated before it
runs from the document and the sizes of the request's snapshot (:mod:`graph.sizes`).

Every field costs one, times the number of objects it is resolved on: a list multiplies
what is below it by its expected length (all units at the root, the tasks of one unit
below a unit, ``first`` on a connection).  An operation over ``max_query_cost`` is
refused with ``QUERY_TOO_COSTLY`` before anything executes: thirty aliases of
``units { tasks { owners { unit { tasks … } } } }`` fit every depth and alias limit
and would still build gigabytes of answer.

Fragments are costed once each (the cost of a selection is linear in how many objects
it is resolved on), so the analysis is linear in the document's size.

Examples
--------
>>> from graphql import build_schema, parse
>>> from graph.sizes import Sizes
>>> schema = build_schema('''
...     type Query { units: [Unit!]! unit(name: String!): Unit }
...     type Unit { name: String! tasks: [Task!]! }
...     type Task { path: String! owners: [Unit!]! }''')
>>> sizes = Sizes({"Unit": 20, "Task": 14}, {("Unit", "Task"): 40, ("Task", "Unit"): 40},
...               {("Unit", "Task"): 100, ("Task", "Unit"): 120})
>>> estimate(schema, parse("{ units { name } }"), sizes)  # units + 20 names
21
>>> estimate(schema, parse("{ units { tasks { path } } }"), sizes)  # 1 + 20 + 20 * 2
61
>>> estimate(schema, parse('{ unit(name: "x") { name } }'), sizes)
2
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from graph.sizes import Sizes

# GraphQL types that stand for a graph node of another kind (the rest share their name).
_KIND = {"Owner": "Unit", "CoResponsibility": "Unit", "Workload": "Unit", "Ownership": "Target",
         "Pairing": "Place", "SearchHit": "Task", "PathStep": "Unit"}
_CONNECTION = "Connection"


def kind_of(type_name: str) -> str:
    """The graph kind a GraphQL type's objects are counted as.

    >>> kind_of("Owner"), kind_of("Task"), kind_of("TaskConnection")
    ('Unit', 'Task', 'Task')
    """
    if type_name.endswith(_CONNECTION):
        type_name = type_name[: -len(_CONNECTION)]
    return _KIND.get(type_name, type_name)


def _is_list(type_: Any) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


class _Coster:
    """One document's costs per object, each fragment costed once."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, sizes: Sizes,
                 variables: Mapping[str, Any], max_page: int) -> None:
        self.schema, self.sizes, self.variables, self.max_page = schema, sizes, variables, max_page
        self.fragments = {d.name.value: d for d in document.definitions
                          if isinstance(d, FragmentDefinitionNode)}
        self.memo: dict[tuple[str, int, bool], int] = {}
        self.active: set[str] = set()

    def page(self, field: FieldNode, kind: str) -> int:
        """Items one page of a connection holds: ``first`` (literal or variable), else the
        largest page, and never more than exist."""
        first: Any = None
        for argument in field.arguments or ():
            if argument.name.value == "first":
                if isinstance(argument.value, IntValueNode):
                    first = int(argument.value.value)
                elif isinstance(argument.value, VariableNode):
                    first = self.variables.get(argument.value.name.value)
        size = first if isinstance(first, int) and first >= 0 else self.max_page
        return min(size, self.sizes.count(kind))

    def selection(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None,
                  page: int, nested: bool) -> int:
        """Fields resolved under ``selection_set`` on one object of type ``parent``.

        ``page`` is the page size when ``parent`` is a connection; ``nested`` is true
        when the object was reached through a list below the root.
        """
        if selection_set is None or parent is None:
            return 0
        total = 0
        fields = getattr(parent, "fields", {})
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total += self.field(node, fields.get(node.name.value), parent, page, nested)
            elif isinstance(node, InlineFragmentNode):
                inner = (self.schema.get_type(node.type_condition.name.value)
                         if node.type_condition else parent)
                total += self.selection(node.selection_set, inner, page, nested)
            elif isinstance(node, FragmentSpreadNode):
                total += self.fragment(node.name.value, page, nested)
        return total

    def fragment(self, name: str, page: int, nested: bool) -> int:
        key = (name, page, nested)
        if key in self.memo:
            return self.memo[key]
        definition = self.fragments.get(name)
        if definition is None or name in self.active:
            return 0  # unknown or cyclic: validation reports it
        self.active.add(name)
        try:
            cost = self.selection(definition.selection_set,
                                  self.schema.get_type(definition.type_condition.name.value),
                                  page, nested)
        finally:
            self.active.discard(name)
        self.memo[key] = cost
        return cost

    def field(self, node: FieldNode, definition: Any, parent: GraphQLNamedType, page: int,
              nested: bool) -> int:
        if definition is None or node.selection_set is None:
            return 1  # a leaf (or __typename): itself only
        named = get_named_type(definition.type)
        is_root = parent is self.schema.query_type or parent is self.schema.mutation_type
        inner_page = page
        if named.name.endswith(_CONNECTION):
            inner_page = self.page(node, kind_of(named.name))
        if not _is_list(definition.type):
            return 1 + self.selection(node.selection_set, named, inner_page, nested)
        if parent.name.endswith(_CONNECTION) or parent.name.endswith("Edge"):
            times = page  # edges / nodes of a connection: one page
        elif is_root:
            times = self.sizes.count(kind_of(named.name))
        elif nested:
            times = self.sizes.per_reached(kind_of(parent.name), kind_of(named.name))
        else:
            times = self.sizes.per(kind_of(parent.name), kind_of(named.name))
        if "first" in getattr(definition, "args", {}):
            # a list bounded by ``first`` (its default is the maximum) holds at most a page
            times = min(times, self.page(node, kind_of(named.name)))
        below_root = not is_root and not parent.name.endswith(_CONNECTION)
        return 1 + times * self.selection(node.selection_set, named, inner_page,
                                          nested or below_root)


def estimate(schema: GraphQLSchema, document: DocumentNode, sizes: Sizes, *,
             operation_name: str | None = None, variables: Mapping[str, Any] | None = None,
             max_page: int = 500) -> int:
    """Estimated fields resolved by the operation (``operation_name``, else each one
    in the document, the dearest counted)."""
    coster = _Coster(schema, document, sizes, variables or {}, max_page)
    costs = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if operation_name is not None and (definition.name is None
                                           or definition.name.value != operation_name):
            continue
        root = schema.get_root_type(definition.operation)
        costs.append(coster.selection(definition.selection_set, root, 0, False))
    return max(costs, default=0)
