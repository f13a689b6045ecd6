"""Plain-leaf plans kept between operations, and the plan of a list answered from the
rows its objects would be built from (:mod:`hardening.leaves`).

The parser cache hands every request of the same query the same document, so a list's
selection (``nodes { path dueDate status }``) is the same field nodes each time: its
plan is kept, keyed by the object type and those nodes, instead of being made anew per
operation.  A selection reaching nested objects (``nodes { path }`` of a connection,
``owners { name }``) is kept too when nothing below it depends on the operation's
variables: no directive (``@include(if: $x)``) and no fragment spread anywhere under it;
otherwise its plan is made per operation.  A plan holds no operation: the hook it calls
before each object is a plain function (:meth:`hardening.leaves.LeafExecution.object_reached`).

A list may carry its rows: its class names the strawberry type its items become
(``built_type``) and, by Python field name, what each plain field of that type reads
from a row (``row_readers``); the list holds the rows as ``rows``.  A plan whose every
field is such a plain attribute then reads the rows and builds no object
(:mod:`schema.obligation_rows`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from graphql import FragmentSpreadNode, GraphQLObjectType, get_nullable_type, is_leaf_type

from hardening.leaf_answers import Leaf, leaf
from hardening.leaf_fields import DEFINITION_BACKREF, basic_name

#: The most selections whose plans are kept (a few per query the clients send).
MOST_PLANS = 256

#: A kept plan: what keeps its key's nodes alive (their ids are in the key), the plan of
#: the objects, and the plans of rows by the class of the list holding them.
_Kept = tuple[tuple[Any, ...], Any, dict[type, Any]]


class PlanCache:
    """Leaf plans of selections by object type and field nodes (bounded, oldest first
    out; shared by the worker threads)."""

    def __init__(self, most: int = MOST_PLANS) -> None:
        self._most = most
        self._kept: dict[tuple[Any, ...], _Kept] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def plans(self, object_type: GraphQLObjectType, grouped_field_set: Any, middleware: object,
              reached: Callable[[], None], make: Callable[[], Any]
              ) -> tuple[Any, dict[type, Any]]:
        """The plan of the selection (``make()`` when not kept) and its row plans;
        ``reached`` is the hook the plan calls before each object."""
        key = selection_key(object_type, grouped_field_set, middleware, reached)
        if key is None:
            return make(), {}
        kept = self._kept.get(key)
        if kept is None:
            alive = (object_type, reached,
                     *(d.node for ds in grouped_field_set.values() for d in ds))
            kept = (alive, make(), {})
            with self._lock:
                if len(self._kept) >= self._most:
                    del self._kept[next(iter(self._kept))]
                self._kept[key] = kept
        return kept[1], kept[2]


def selection_key(object_type: GraphQLObjectType, grouped_field_set: Any,
                  middleware: object, reached: Callable[[], None] | None = None
                  ) -> tuple[Any, ...] | None:
    """The key of a selection whose plan may be kept, or ``None`` when it must be
    planned per operation (a ``@defer``, fragment variables, or below a field of an
    object type a directive or a fragment spread)."""
    key: list[Any] = [id(object_type), id(reached),
                      getattr(middleware, "_middleware_resolvers", None) is None]
    for response_name, details in grouped_field_set.items():
        field = object_type.fields.get(details[0].node.name.value)
        if field is None:
            return None
        nested = not is_leaf_type(get_nullable_type(field.type))
        key.append(response_name)
        for detail in details:
            if detail.defer_usage is not None or detail.fragment_variable_values is not None:
                return None
            if nested and not fixed(detail.node.selection_set):
                return None
            key.append(id(detail.node))
    return tuple(key)


def fixed(selection_set: Any) -> bool:
    """Whether a selection set collects the same fields whatever the operation's
    variables: no directive and no fragment spread anywhere in it.

    >>> from graphql import parse
    >>> def under(query):
    ...     return parse(query).definitions[0].selection_set.selections[0].selection_set
    >>> fixed(under("{ nodes { path owners { name } } }"))
    True
    >>> fixed(under("query($x: Boolean!) { nodes { path @include(if: $x) } }"))
    False
    >>> fixed(under("{ nodes { ...leaves } } fragment leaves on Obligation { path }"))
    False
    """
    if selection_set is None:
        return True
    for selection in selection_set.selections:
        if selection.directives or isinstance(selection, FragmentSpreadNode):
            return False
        if not fixed(getattr(selection, "selection_set", None)):
            return False
    return True


def rows_of(items: Any, object_type: GraphQLObjectType) -> Sequence[Any] | None:
    """The rows a list's objects would be built from, when its class says they become
    objects of exactly ``object_type``'s strawberry class; ``None`` otherwise."""
    kind = type(items)
    built = getattr(kind, "built_type", None)
    if built is None or getattr(kind, "row_readers", None) is None:
        return None
    definition = (object_type.extensions or {}).get(DEFINITION_BACKREF)
    if getattr(definition, "origin", None) is not built:
        return None
    rows: Sequence[Any] = items.rows
    return rows


def row_plan(object_type: GraphQLObjectType, grouped_field_set: Any, plan: Sequence[Any],
             readers: dict[str, Callable[[Any], Any]]) -> tuple[Leaf, ...] | None:
    """``plan`` reading rows by ``readers`` in place of objects' attributes, or ``None``
    when a field is not a plain attribute with a row reader."""
    planned = []
    for details, (response_name, _, complete, nullable, *_) in zip(
            grouped_field_set.values(), plan, strict=True):
        field = object_type.fields[details[0].node.name.value]
        name = basic_name(field)
        read = None if name is None else readers.get(name)
        if read is None or not is_leaf_type(get_nullable_type(field.type)):
            return None
        planned.append(leaf(response_name, read, complete, nullable))
    return tuple(planned)
