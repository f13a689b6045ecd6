"""A root field's resolver called with its arguments converted once, for compiled queries
(:mod:`hardening.compiled`).

Strawberry's resolver wrapper, on every call, coerces the field's arguments from the
document (graphql-core's ``get_argument_values``), converts them to Python values
(``convert_arguments``, naming each argument again), chains the field's extensions and
builds the keyword arguments the function asks for.  When the arguments are literals
(``unit(name: "市招商局")``, the usual text of a wiki widget) the first two give the same
answer on every request: a *direct call* keeps that answer with the compiled query and
calls the field's function as the wrapper would, with a fresh strawberry ``Info``.

A direct call is made only where nothing else can differ: a synchronous strawberry
resolver with no exception handler of the schema for its type, and literal arguments of
scalar or enum types whose converted values are hashable (strings, numbers, dates, enum
members: nothing a resolver could change, so safe to share between requests).  The field's
extensions (a connection's, a permission's) run in the same chain as the wrapper's, built
once; the arguments are reshaped by them (``map_arguments``) once too.  Anything else
keeps the wrapper.

Examples
--------
>>> from schema.query import schema
>>> from graphql import parse
>>> core = schema._schema
>>> node = parse('{ unit(name: "市招商局") { name } }').definitions[0].selection_set.selections[0]
>>> call = direct_call(core, core.query_type.fields["unit"], node)
>>> sorted(call.arguments.items())  # the defaults too, as strawberry's wrapper has them
[('as_of', None), ('jurisdiction', None), ('name', '市招商局')]
>>> node = parse('query($n: String!) { unit(name: $n) { name } }'
...              ).definitions[0].selection_set.selections[0]
>>> direct_call(core, core.query_type.fields["unit"], node) is None  # a variable
True
>>> node = parse('{ obligations(asOf: "2021-01-01", first: 5) { nodes { path } } }'
...              ).definitions[0].selection_set.selections[0]
>>> call = direct_call(core, core.query_type.fields["obligations"], node)
>>> call.chain is not None, call.arguments["first"]  # the connection's extension runs
(True, 5)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial, reduce
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    get_nullable_type,
    visit,
)
from graphql.execution.values import VariableValues, get_argument_values
from graphql.language import BREAK, Visitor
from strawberry.extensions.field_extension import build_field_extension_resolvers
from strawberry.types.arguments import convert_arguments

from hardening.leaf_fields import DEFINITION_BACKREF

#: Literal arguments read no variable.
_NO_VARIABLES = VariableValues(sources={}, coerced={})


@dataclass(frozen=True, slots=True)
class DirectCall:
    """A strawberry field's resolve chain with its converted (immutable) arguments."""

    field: Any
    arguments: dict[str, Any]
    info_class: Any
    self_source: bool
    source_names: tuple[str, ...]
    info_name: str | None
    chain: Any = None

    def __call__(self, source: Any, info: GraphQLResolveInfo) -> Any:
        """The field's value, as strawberry's wrapper computes it."""
        strawberry_info = self.info_class(_raw_info=info, _field=self.field)
        kwargs = dict(self.arguments)
        for name in self.source_names:
            kwargs[name] = source
        if self.info_name is not None and self.info_name != "info":
            kwargs[self.info_name] = strawberry_info  # the extensions see it, as there
        if self.chain is None:
            return self._result(source, strawberry_info, **kwargs)
        return self.chain(source, strawberry_info, **kwargs)

    def _result(self, source: Any, info: Any, **kwargs: Any) -> Any:
        """The innermost step of the chain: the field's function."""
        if self.info_name == "info":
            kwargs["info"] = info
        args = [source] if self.self_source else []
        return self.field.get_result(source, info=info, args=args, kwargs=kwargs)


def direct_call(schema: GraphQLSchema, definition: GraphQLField,
                node: FieldNode) -> DirectCall | None:
    """The direct call of ``definition`` asked by ``node``, or ``None`` when strawberry's
    wrapper must run (see the module docstring)."""
    field = (definition.extensions or {}).get(DEFINITION_BACKREF)
    strawberry_schema = getattr(schema, "_strawberry_schema", None)
    if (field is None or strawberry_schema is None or field.base_resolver is None
            or field.is_async or _handled(strawberry_schema, field) or _has_variable(node)):
        return None
    try:
        raw = get_argument_values(definition, node, _NO_VARIABLES)
        if not all(_immutable(definition.args[name].type) for name in raw):
            return None
        converter = strawberry_schema.schema_converter
        arguments = convert_arguments(raw, field.arguments, converter.scalar_registry,
                                      strawberry_schema.config)
        for extension in field.extensions:
            arguments = extension.map_arguments(arguments)
        if not all(_shareable(value) for value in arguments.values()):
            return None  # a scalar that converts to a dict or list (a JSON one, say)
        steps = build_field_extension_resolvers(field) if field.extensions else []
    except Exception:  # a literal that does not coerce, an extension that refuses
        return None
    resolver = field.base_resolver
    sources = tuple(parameter.name for parameter in (resolver.parent_parameter,
                                                     resolver.root_parameter)
                    if parameter is not None)
    info = resolver.info_parameter
    call = DirectCall(field, arguments, strawberry_schema.config.info_class,
                      resolver.self_parameter is not None, sources,
                      None if info is None else info.name)
    if not steps:
        return call
    # strawberry's order: each extension wraps the next, the field's function innermost
    chain = reduce(lambda inner, step: partial(step, inner), steps, call._result)
    return replace(call, chain=chain)


def _handled(strawberry_schema: Any, field: Any) -> bool:
    """Whether an exception handler of the schema may answer for ``field``."""
    return bool(strawberry_schema.schema_converter._get_field_exception_handlers(field))


def _immutable(kind: Any) -> bool:
    """Whether an argument of this type converts to an immutable value."""
    return isinstance(get_nullable_type(kind), GraphQLScalarType | GraphQLEnumType)


def _shareable(value: Any) -> bool:
    """Whether a converted argument may be shared between requests: hashable values
    (strings, numbers, dates, enum members) cannot be changed by a resolver."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _has_variable(node: FieldNode) -> bool:
    """Whether any of ``node``'s arguments reads a variable (anywhere in its value)."""
    finder = _VariableFinder()
    for argument in node.arguments or ():
        visit(argument.value, finder)
    return finder.found


class _VariableFinder(Visitor):
    """Notes whether a visited value holds a variable."""

    found = False

    def enter_variable(self, *_: Any) -> Any:
        self.found = True
        return BREAK
