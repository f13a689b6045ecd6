"""A shorter path through graphql-core for objects whose selection is only plain leaves.

graphql-core resolves every field the same way: a ``Path``, a resolve-info object, the
resolver, then ``complete_value`` through its non-null, list, leaf and object checks.  For
a list of 100 obligations asking ``path dueDate status`` that is 300 rounds of it, and it
was most of the time such a page took (measured at scale S: 9.9 ms of CPU a request
against 1.2 ms for the same page as bare JSON).

:class:`LeafExecution` takes a shorter way for an object whose selection set holds only
*plain leaves*: fields without arguments, resolved by strawberry's default resolver (an
attribute read, what strawberry itself calls a "basic field", no ``info`` built), of a
scalar or enum type, under no ``@defer`` and with no field middleware.  Each is read and
coerced exactly as graphql-core would (``coerce_output_value``).  Whenever anything is
not ordinary (a null where the schema says non-null, a value that does not coerce, an
exception) the object is resolved again the usual way, so errors, their messages and
their paths are graphql-core's own.  Reading a basic field twice has no effect, so the
second pass sees what the first saw.

The plan of a selection set (which fields qualify) is made once per operation: graphql-core
collects a list item's subfields once and hands every item the same grouped field set.
A strawberry field without resolver is read as the attribute its default resolver
(:func:`getattr`) reads, without the three calls strawberry's wrapper makes to get there.

A *list* of such objects (a page's ``nodes { path dueDate status }``) skips graphql-core's
per-item round too (a path key, ``complete_value``, ``complete_object_value``, the
subfield collection, ``execute_fields``): each item is checked with the type's
``is_type_of`` and answered by the plan.  The first item that is not ordinary (awaitable,
of another type, or one the plan cannot answer) sends the whole list back through
graphql-core, so its errors and their paths are again graphql-core's own; a ``@stream``ed
list or a ``@defer`` inside the items always goes that way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Undefined,
    get_nullable_type,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

DEFINITION_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF

#: One plain leaf: its response name, reader (of the source), coercion and whether it may
#: be null.
Leaf = tuple[str, Callable[[Any], Any], Any, bool]


def _reader(field: GraphQLField) -> Callable[[Any], Any]:
    """What reads a plain leaf from its source: for a strawberry field without resolver
    whose default resolver is :func:`getattr` (the default), the attribute itself, which
    is all strawberry's resolver would do (through three calls); else that resolver.

    >>> from graphql import GraphQLString
    >>> def basic(source, info):
    ...     return source.upper()
    >>> _reader(GraphQLField(GraphQLString, resolve=basic))("name")
    'NAME'
    """
    definition = (field.extensions or {}).get(DEFINITION_BACKREF)
    if (definition is not None and definition.base_resolver is None
            and definition.default_resolver is getattr):
        return attrgetter(definition.python_name)
    resolve = field.resolve
    return lambda source: resolve(source, None)  # type: ignore[misc]


def leaf_plan(parent_type: GraphQLObjectType, grouped_field_set: Any,
              middleware: object = None) -> tuple[Leaf, ...] | None:
    """The plain leaves of a selection set, or ``None`` when any field is not one.

    >>> from graphql import GraphQLField, GraphQLInt, GraphQLString
    >>> def basic(source, info):  # what strawberry makes for a field without resolver
    ...     return source
    >>> basic._is_default = True
    >>> item_type = GraphQLObjectType("Item", {
    ...     "name": GraphQLField(GraphQLNonNull(GraphQLString), resolve=basic),
    ...     "rank": GraphQLField(GraphQLInt, resolve=basic),
    ...     "twice": GraphQLField(GraphQLString, resolve=lambda source, info: source * 2)})
    >>> [(name, nullable) for name, _, _, nullable in leaf_plan(item_type, _fields("name rank"))]
    [('name', False), ('rank', True)]
    >>> leaf_plan(item_type, _fields("name twice")) is None  # a resolver of its own
    True
    >>> leaf_plan(item_type, _fields("name rank(x: 1)")) is None  # arguments
    True
    """
    if getattr(middleware, "_middleware_resolvers", None) is not None:
        return None  # an extension wraps every resolver: each must run
    plan: list[Leaf] = []
    for response_name, details in grouped_field_set.items():
        first = details[0]
        if any(d.defer_usage is not None or d.fragment_variable_values is not None
               for d in details) or first.node.arguments:
            return None
        field = parent_type.fields.get(first.node.name.value)
        if field is None or field.args or not getattr(field.resolve, "_is_default", False):
            return None
        leaf = get_nullable_type(field.type)
        if not is_leaf_type(leaf):
            return None
        plan.append((response_name, _reader(field), leaf.coerce_output_value,
                     not isinstance(field.type, GraphQLNonNull)))
    return tuple(plan)


def resolve_leaves(plan: tuple[Leaf, ...], source: Any) -> dict[str, Any] | None:
    """The object's answer by ``plan``, or ``None`` when graphql-core must say why not
    (a null for a non-null field, a value its type does not coerce, an exception).

    >>> from graphql import GraphQLInt, GraphQLString
    >>> from types import SimpleNamespace as Obj
    >>> read = attrgetter
    >>> plan = (("name", read("name"), GraphQLString.coerce_output_value, False),
    ...         ("rank", read("rank"), GraphQLInt.coerce_output_value, True))
    >>> resolve_leaves(plan, Obj(name="市规划局", rank=None))
    {'name': '市规划局', 'rank': None}
    >>> resolve_leaves(plan, Obj(name=None, rank=1)) is None  # non-null: graphql-core's error
    True
    >>> resolve_leaves(plan, Obj(name="x", rank="many")) is None  # does not coerce
    True
    """
    answer: dict[str, Any] = {}
    try:
        for response_name, resolve, coerce, nullable in plan:
            value = resolve(source)
            if value is None or value is Undefined:
                if not nullable:
                    return None
                answer[response_name] = None
                continue
            if isinstance(value, Exception) or hasattr(value, "__await__"):
                return None
            coerced = coerce(value)
            if coerced is None or coerced is Undefined:
                return None
            answer[response_name] = coerced
    except Exception:  # graphql-core's own pass reports it, located
        return None
    return answer


class LeafExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution with the plain-leaf path (see the module docstring)."""

    _leaf_plans: dict[int, tuple[Any, tuple[Leaf, ...] | None]]

    def object_reached(self) -> None:
        """Called before an object is answered by the plain-leaf path (a hook: the
        cancellable execution checks its cancel token here)."""

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Any,
                       grouped_field_set: Any, position_context: Any) -> Any:
        plans: dict[int, tuple[Any, tuple[Leaf, ...] | None]] | None = getattr(
            self, "_leaf_plans", None)
        if plans is None:
            plans = {}
            self._leaf_plans = plans
        known = plans.get(id(grouped_field_set))
        if known is None or known[0] is not grouped_field_set:
            # the set itself is kept beside its plan, so its id is never reused meanwhile
            known = (grouped_field_set, leaf_plan(parent_type, grouped_field_set,
                                                  self.middleware_manager))
            plans[id(grouped_field_set)] = known
        plan = known[1]
        if plan:
            self.object_reached()
            answer = resolve_leaves(plan, source_value)
            if answer is not None:
                return answer
        return super().execute_fields(parent_type, source_value, path, grouped_field_set,
                                      position_context)

    def complete_iterable_value(self, item_type: GraphQLOutputType, field_details_list: Any,
                                info: Any, path: Any, items: Iterable[Any],
                                position_context: Any) -> Any:
        plain = self._plain_items(item_type, field_details_list, path)
        if plain is None:
            return super().complete_iterable_value(item_type, field_details_list, info, path,
                                                   items, position_context)
        object_type, plan = plain
        items = items if isinstance(items, list | tuple) else list(items)
        answers = self._answer_items(object_type, plan, info, items)
        if answers is not None:
            return answers
        # something not ordinary: graphql-core answers (and reports) the whole list
        return super().complete_iterable_value(item_type, field_details_list, info, path,
                                               items, position_context)

    def _plain_items(self, item_type: GraphQLOutputType, field_details_list: Any, path: Any
                     ) -> tuple[GraphQLObjectType, tuple[Leaf, ...]] | None:
        """The object type and leaf plan of a list's items, or ``None`` when the items
        are not objects of one type selecting plain leaves (or the list is streamed)."""
        object_type = get_nullable_type(item_type)
        if not isinstance(object_type, GraphQLObjectType):
            return None
        if self.get_stream_usage(field_details_list, path):
            return None
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(
            object_type, field_details_list)
        if new_defer_usages:
            return None
        plan = leaf_plan(object_type, grouped_field_set, self.middleware_manager)
        return (object_type, plan) if plan else None

    def _answer_items(self, object_type: GraphQLObjectType, plan: tuple[Leaf, ...],
                      info: Any, items: Iterable[Any]) -> list[dict[str, Any]] | None:
        """Every item's answer by ``plan``, or ``None`` at the first one that is not
        ordinary."""
        is_type_of = object_type.is_type_of
        answers = []
        for item in items:
            self.object_reached()
            try:
                if self.is_awaitable(item) or (
                        is_type_of is not None and is_type_of(item, info) is not True):
                    return None
            except Exception:  # graphql-core's own pass reports it, located
                return None
            answer = resolve_leaves(plan, item)
            if answer is None:
                return None
            answers.append(answer)
        return answers


def _fields(selection: str) -> Any:
    """The grouped field set of ``{ item { <selection> } }`` (for the examples)."""
    from graphql import parse
    from graphql.execution.collect_fields import FieldDetails

    operation = parse(f"{{ item {{ {selection} }} }}").definitions[0]
    item = operation.selection_set.selections[0]  # type: ignore[attr-defined]
    return {node.name.value: [FieldDetails(node, None)]
            for node in item.selection_set.selections}
