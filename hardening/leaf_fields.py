"""How the plain-leaf path (:mod:`hardening.leaves`) reads one field and coerces its value.

A field is *plainly read* when reading it twice has no effect and needs nothing of the
request, so the leaf path may read it first and graphql-core may read it again when the
object is not ordinary:

* strawberry's default resolver (an attribute read; strawberry's "basic field"), read
  with :func:`operator.attrgetter` when the default resolver is :func:`getattr`;
* a synchronous method of the type taking only ``self`` (no ``info``, no arguments, no
  field extension): ``Obligation.owners``, ``Obligation.source``; it cannot reach the
  request's session or loaders, so it only shapes what the object holds;
* the Relay ``id`` of a :class:`strawberry.relay.Node` whose type keeps Relay's own
  ``resolve_id`` and ``resolve_typename``: base64 of ``<type name>:<its NodeID>``,
  exactly the string strawberry's ``GlobalID`` serialises to, without building one;
* a field whose strawberry definition names a *plain reader* in its metadata
  (:data:`PLAIN_READER`): a function of the object alone answering what the resolver
  answers, or raising when the object does not hold the answer (``Task.document`` and
  ``Task.owners`` of a task read at the snapshot's version); when it raises, the object
  goes back to graphql-core, whose resolver loads the answer.

Anything else (an async resolver, one asking for ``info``, arguments, an extension) is
not plain, and graphql-core resolves it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLObjectType,
    GraphQLString,
    Undefined,
)
from strawberry import relay
from strawberry.relay.utils import to_base64
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE

DEFINITION_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF
PLAIN_READER = "plain_reader"  # the schema's own key (schema.held.PLAIN_READER)
_NODE_ID = relay.Node._id.__func__
_RESOLVE_ID = relay.Node.resolve_id.__func__  # type: ignore[attr-defined]
_RESOLVE_TYPENAME = relay.Node.resolve_typename.__func__  # type: ignore[attr-defined]
_MOST_REMEMBERED = 4096  # coerced values one plan keeps (dates, enum members)


def reader(field: GraphQLField, parent_name: str, parent_origin: Any
           ) -> Callable[[Any], Any] | None:
    """What reads ``field`` of an object of the type ``parent_name`` (strawberry class
    ``parent_origin``, ``None`` for another), or ``None`` when it is not plainly read.

    >>> from graphql import GraphQLString
    >>> def basic(source, info):
    ...     return source.upper()
    >>> basic._is_default = True
    >>> reader(GraphQLField(GraphQLString, resolve=basic), "Item", None)("name")
    'NAME'
    >>> reader(GraphQLField(GraphQLString, resolve=lambda s, i: s), "Item", None) is None
    True
    >>> import strawberry
    >>> @strawberry.type
    ... class Held:
    ...     @strawberry.field(metadata={PLAIN_READER: lambda item: "held"})
    ...     async def answer(self) -> str:
    ...         return "loaded"
    >>> held_type = strawberry.Schema(query=Held)._schema.query_type
    >>> reader(held_type.fields["answer"], "Held", Held)(Held())
    'held'
    """
    if field.args:
        return None
    definition = (field.extensions or {}).get(DEFINITION_BACKREF)
    resolve = field.resolve
    if getattr(resolve, "_is_default", False):
        name = basic_name(field)
        if name is not None:
            return attrgetter(name)
        return lambda source: resolve(source, None)  # type: ignore[misc]
    if definition is None or definition.extensions or definition.base_resolver is None:
        return None
    plain = (definition.metadata or {}).get(PLAIN_READER)
    if callable(plain):
        return plain
    resolver = definition.base_resolver
    function = resolver.wrapped_func
    if getattr(function, "__func__", None) is _NODE_ID:
        return _global_id(parent_name, parent_origin)
    if (resolver.is_async or resolver.arguments or resolver.self_parameter is None
            or resolver.info_parameter is not None or resolver.root_parameter is not None
            or resolver.parent_parameter is not None or not _is_function(function)):
        return None
    return function


def basic_name(field: GraphQLField) -> str | None:
    """The attribute strawberry's default resolver reads for ``field`` (a field without
    resolver nor arguments, its default resolver :func:`getattr`), or ``None``."""
    if field.args or not getattr(field.resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get(DEFINITION_BACKREF)
    if (definition is None or definition.base_resolver is not None
            or definition.default_resolver is not getattr):
        return None
    name: str = definition.python_name
    return name


def _is_function(function: Any) -> bool:
    return callable(function) and not isinstance(function, staticmethod | classmethod) \
        and getattr(function, "__self__", None) is None


def _global_id(parent_name: str, origin: Any) -> Callable[[Any], str] | None:
    """The Relay ``id`` of objects of ``origin`` (named ``parent_name``), or ``None``
    when the type resolves its ids or type names its own way.

    >>> import strawberry
    >>> @strawberry.type
    ... class Item(relay.Node):
    ...     code: relay.NodeID[int]
    >>> _global_id("Item", Item)(Item(code=1))  # base64 of Item:1
    'SXRlbTox'
    """
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None
    if (getattr(origin.resolve_id, "__func__", None) is not _RESOLVE_ID
            or getattr(origin.resolve_typename, "__func__", None) is not _RESOLVE_TYPENAME):
        return None
    attribute = attrgetter(origin.resolve_id_attr())

    def read(source: Any) -> str:
        if not isinstance(source, relay.Node):
            raise TypeError("not a node")  # graphql-core's own pass answers it
        node_id = attribute(source)
        if node_id is None:
            raise TypeError("no node id")
        return to_base64(parent_name, str(node_id))
    return read


def type_check(object_type: GraphQLObjectType) -> Callable[[Any, Any], bool] | None:
    """The type's ``is_type_of`` (``None`` when it has none), answering at once for an
    object of exactly its strawberry class that carries no ``strawberry.cast``: what
    strawberry's own ``is_type_of`` answers for it, after three checks.

    >>> import strawberry
    >>> @strawberry.type
    ... class Item(relay.Node):
    ...     code: relay.NodeID[int]
    >>> item_type = strawberry.Schema(query=Item)._schema.query_type
    >>> check = type_check(item_type)
    >>> check(Item(code=1), None), check("市规划局", None)
    (True, False)
    """
    is_type_of = object_type.is_type_of
    if is_type_of is None:
        return None
    origin = getattr((object_type.extensions or {}).get(DEFINITION_BACKREF), "origin", None)

    def check(item: Any, info: Any) -> bool:
        if type(item) is origin and getattr(item, TYPE_CAST_ATTRIBUTE, None) is None:
            return True
        return is_type_of(item, info) is True
    return check


def coercer(leaf: Any) -> Callable[[Any], Any]:
    """The output coercion of a leaf type, with its common cases made cheap: a ``str``
    of ``String`` or ``ID`` is itself (what graphql-core returns for it), and an enum
    member or a date is coerced once per plan and remembered (strawberry's enum
    coercion walks every value; both are pure functions of the value).  Anything else
    goes to the type's own ``coerce_output_value``.

    >>> from graphql import GraphQLInt
    >>> coercer(GraphQLString)("市规划局")
    '市规划局'
    >>> coercer(GraphQLString)(12)  # not a str: graphql-core's coercion
    '12'
    >>> coercer(GraphQLInt)(3)
    3
    >>> class Colour(Enum):
    ...     RED = "red"
    >>> colour = coercer(GraphQLEnumType("Colour", {"RED": Colour.RED}))
    >>> colour(Colour.RED), colour(Colour.RED)
    ('RED', 'RED')
    >>> colour.memo, coercer(GraphQLString).exact
    ({<Colour.RED: 'red'>: 'RED'}, <class 'str'>)
    """
    coerce = leaf.coerce_output_value
    if leaf is GraphQLString or leaf is GraphQLID:
        def as_text(value: Any) -> Any:
            return value if type(value) is str else coerce(value)
        return _marked(as_text, exact=str)
    remembered: dict[Any, Any] = {}
    if isinstance(leaf, GraphQLEnumType):
        # strawberry's enums answer their Python members (``wrapped_cls``)
        wrapped = getattr(leaf, "wrapped_cls", None)
        kinds: tuple[type, ...] = (wrapped,) if isinstance(wrapped, type) else tuple(
            {type(v.value) for v in leaf.values.values() if isinstance(v.value, Enum)})
    elif getattr(leaf, "name", None) == "Date":
        kinds = (dt.date,)
    else:
        return coerce

    def coerce_once(value: Any) -> Any:
        if type(value) not in kinds:
            return coerce(value)
        found = remembered.get(value)
        if found is None:
            found = coerce(value)
            if found is not None and found is not Undefined:
                if len(remembered) >= _MOST_REMEMBERED:  # plans outlive operations
                    remembered.clear()
                remembered[value] = found
        return found
    return _marked(coerce_once, memo=remembered, kinds=kinds)


def _marked(coerce: Callable[[Any], Any], **known: Any) -> Callable[[Any], Any]:
    """``coerce``, saying what a loop over many values may do without calling it
    (:func:`hardening.leaf_answers.row_leaves`): ``exact``, the type answered as it is;
    ``memo`` and ``kinds``, the values already coerced, of those types."""
    for name, value in known.items():
        setattr(coerce, name, value)
    return coerce
