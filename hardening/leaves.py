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

The plan of a selection set (which fields qualify) is made once: kept between operations
where nothing below it depends on the variables (:mod:`hardening.leaf_plans`), else once
per operation (graphql-core hands every item of a list the same grouped field set).
A strawberry field without resolver is read as the attribute its default resolver
(:func:`getattr`) reads, without the three calls strawberry's wrapper makes to get there.

A *list* of such objects (a page's ``nodes { path dueDate status }``) skips graphql-core's
per-item round too (a path key, ``complete_value``, ``complete_object_value``, the
subfield collection, ``execute_fields``): each item is checked with the type's
``is_type_of`` and answered by the plan.  The first item that is not ordinary (awaitable,
of another type, or one the plan cannot answer) sends the whole list back through
graphql-core, so its errors and their paths are again graphql-core's own; a ``@stream``ed
list or a ``@defer`` inside the items always goes that way.  A list carrying the rows its
objects are built from is answered from the rows when every field of the plan is a
plain attribute the rows hold (:mod:`hardening.leaf_plans`); so is a connection's
``nodes`` inside its connection's plan (:class:`hardening.leaf_answers.ObjectAnswer`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    get_nullable_type,
    is_leaf_type,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from hardening.leaf_answers import (
    Leaf,
    ObjectAnswer,
    answer_rows,
    complete_list,
    leaf,
    resolve_leaves,
)
from hardening.leaf_fields import DEFINITION_BACKREF, coercer, reader, type_check
from hardening.leaf_plans import PlanCache, row_plan, rows_of

#: The plans of selections, kept between operations (:mod:`hardening.leaf_plans`).
PLANS = PlanCache()


#: Collects the grouped field set an object type selects under a field's details
#: (:meth:`LeafExecution.collect_subfields`), or ``None`` where it must not be planned.
Subfields = Callable[[GraphQLObjectType, Any], Any]


def leaf_plan(parent_type: GraphQLObjectType, grouped_field_set: Any,
              middleware: object = None, subfields: Subfields | None = None,
              reached: Callable[[], None] = lambda: None) -> tuple[Leaf, ...] | None:
    """The plain leaves of a selection set, or ``None`` when any field is not one.

    With ``subfields``, a field of an object type (or a list of one) whose own selection
    is plain leaves is planned too (``owners { name }``, ``target { path value unit }``).

    >>> from graphql import GraphQLField, GraphQLInt, GraphQLString
    >>> def basic(source, info):  # what strawberry makes for a field without resolver
    ...     return source
    >>> basic._is_default = True
    >>> item_type = GraphQLObjectType("Item", {
    ...     "name": GraphQLField(GraphQLNonNull(GraphQLString), resolve=basic),
    ...     "rank": GraphQLField(GraphQLInt, resolve=basic),
    ...     "twice": GraphQLField(GraphQLString, resolve=lambda source, info: source * 2)})
    >>> [(name, nullable) for name, _, _, nullable, *_ in leaf_plan(item_type, _fields("name rank"))]
    [('name', False), ('rank', True)]
    >>> leaf_plan(item_type, _fields("name twice")) is None  # a resolver of its own
    True
    >>> leaf_plan(item_type, _fields("name rank(x: 1)")) is None  # arguments
    True
    """
    if getattr(middleware, "_middleware_resolvers", None) is not None:
        return None  # an extension wraps every resolver: each must run
    definition = (parent_type.extensions or {}).get(DEFINITION_BACKREF)
    origin = getattr(definition, "origin", None)
    plan: list[Leaf] = []
    for response_name, details in grouped_field_set.items():
        first = details[0]
        if any(d.defer_usage is not None or d.fragment_variable_values is not None
               for d in details) or first.node.arguments:
            return None
        field = parent_type.fields.get(first.node.name.value)
        read = None if field is None else reader(field, parent_type.name, origin)
        if field is None or read is None:
            return None
        complete = completion(field.type, details, middleware, subfields, reached)
        if complete is None:
            return None
        plan.append(leaf(response_name, read, complete,
                         not isinstance(field.type, GraphQLNonNull)))
    return tuple(plan)


def completion(output_type: GraphQLOutputType, details: Any, middleware: object,
                subfields: Subfields | None, reached: Callable[[], None]
                ) -> Callable[[Any], Any] | None:
    """What turns a (non-null) value of ``output_type`` into its answer, returning
    ``None`` where graphql-core must answer; ``None`` when no plan covers the type."""
    kind = get_nullable_type(output_type)
    if is_leaf_type(kind):
        return coercer(kind)
    if subfields is None:
        return None
    if isinstance(kind, GraphQLList):
        if any(d.node.directives for d in details):
            return None  # @stream, or anything else asked of the list itself
        item_type = kind.of_type
        item = completion(item_type, details, middleware, subfields, reached)
        if item is None:
            return None
        return partial(complete_list, item, not isinstance(item_type, GraphQLNonNull))
    if not isinstance(kind, GraphQLObjectType):
        return None  # an interface or union: graphql-core resolves the type
    is_type_of = kind.is_type_of
    if is_type_of is not None and DEFINITION_BACKREF not in (kind.extensions or {}):
        return None  # only strawberry's is_type_of is known not to read `info`
    grouped = subfields(kind, details)
    plan = None if grouped is None else leaf_plan(kind, grouped, middleware, subfields,
                                                  reached)
    if not plan:
        return None
    return ObjectAnswer(kind, grouped, plan, type_check(kind), reached)


class LeafExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution with the plain-leaf path (see the module docstring)."""

    _leaf_plans: dict[int, tuple[Any, tuple[Leaf, ...] | None]]

    @staticmethod
    def object_reached() -> None:
        """Called before an object is answered by the plain-leaf path (a hook: the
        cancellable execution checks its cancel token here).  A plain function, not a
        method: kept plans call it, and must not hold on to an operation."""

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Any,
                       grouped_field_set: Any, position_context: Any) -> Any:
        plan = self._fields_plan(parent_type, grouped_field_set)
        if plan:
            self.object_reached()
            answer = resolve_leaves(plan, source_value)
            if answer is not None:
                return answer
        return super().execute_fields(parent_type, source_value, path, grouped_field_set,
                                      position_context)

    def _fields_plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any
                     ) -> tuple[Leaf, ...] | None:
        """The plan of an object's selection: kept between operations where the selection
        allows it (:mod:`hardening.leaf_plans`), and for the operation by the set's
        identity (graphql-core hands every item of a list the same set)."""
        plans: dict[int, tuple[Any, tuple[Leaf, ...] | None]] | None = getattr(
            self, "_leaf_plans", None)
        if plans is None:
            plans = {}
            self._leaf_plans = plans
        known = plans.get(id(grouped_field_set))
        if known is None or known[0] is not grouped_field_set:
            # the set itself is kept beside its plan, so its id is never reused meanwhile
            plan, _ = PLANS.plans(
                parent_type, grouped_field_set, self.middleware_manager, self.object_reached,
                lambda: leaf_plan(parent_type, grouped_field_set, self.middleware_manager,
                                  self._subfields, self.object_reached))
            known = (grouped_field_set, plan)
            plans[id(grouped_field_set)] = known
        return known[1]

    def complete_iterable_value(self, item_type: GraphQLOutputType, field_details_list: Any,
                                info: Any, path: Any, items: Iterable[Any],
                                position_context: Any) -> Any:
        plain = self._plain_items(item_type, field_details_list, path)
        if plain is None:
            return super().complete_iterable_value(item_type, field_details_list, info, path,
                                                   items, position_context)
        object_type, plan, row_plans = plain
        rows = rows_of(items, object_type)
        if rows is not None:  # answered from the rows, no object built
            readers = type(items).row_readers  # type: ignore[attr-defined]
            kind = type(items)
            if kind not in row_plans:
                grouped_field_set = self.collect_subfields(object_type, field_details_list)[0]
                row_plans[kind] = row_plan(object_type, grouped_field_set, plan, readers)
            by_rows = row_plans[kind]
            answers = None if by_rows is None else answer_rows(by_rows, rows,
                                                                 self.object_reached)
            if answers is not None:
                return answers
        items = items if isinstance(items, list | tuple) else list(items)
        answers = self._answer_items(object_type, plan, info, items)
        if answers is not None:
            return answers
        # something not ordinary: graphql-core answers (and reports) the whole list
        return super().complete_iterable_value(item_type, field_details_list, info, path,
                                               items, position_context)

    def _subfields(self, object_type: GraphQLObjectType, field_details_list: Any) -> Any:
        """The grouped field set ``object_type`` selects under a field (graphql-core's
        memoised collection), or ``None`` when it holds a ``@defer``."""
        grouped_field_set, new_defer_usages, *_ = self.collect_subfields(object_type,
                                                                          field_details_list)
        return None if new_defer_usages else grouped_field_set

    def _plain_items(self, item_type: GraphQLOutputType, field_details_list: Any, path: Any
                     ) -> tuple[GraphQLObjectType, tuple[Leaf, ...], dict[type, Any]] | None:
        """The object type, leaf plan and row plans (by the class of the list) of a
        list's items, or ``None`` when the items are not objects of one type selecting
        plain leaves (or the list is streamed)."""
        object_type = get_nullable_type(item_type)
        if not isinstance(object_type, GraphQLObjectType):
            return None
        if self.get_stream_usage(field_details_list, path):
            return None
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(
            object_type, field_details_list)
        if new_defer_usages:
            return None
        plan, row_plans = PLANS.plans(
            object_type, grouped_field_set, self.middleware_manager, self.object_reached,
            lambda: leaf_plan(object_type, grouped_field_set, self.middleware_manager,
                              self._subfields, self.object_reached))
        return (object_type, plan, row_plans) if plan else None

    def _answer_items(self, object_type: GraphQLObjectType, plan: tuple[Leaf, ...],
                      info: Any, items: Iterable[Any]) -> list[dict[str, Any]] | None:
        """Every item's answer by ``plan``, or ``None`` at the first one that is not
        ordinary."""
        is_type_of = type_check(object_type)
        answers = []
        for item in items:
            self.object_reached()
            try:
                if (is_type_of is not None and not is_type_of(item, info)) or (
                        is_type_of is None and self.is_awaitable(item)):
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
