"""Hypothesis strategies for GraphQL requests built from the live schema: valid
operations (fields, arguments of the right types, nested selections), and broken ones
(mangled text, wrong types, non-GraphQL bodies)."""

from __future__ import annotations

import json
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
)
from hypothesis import strategies as st

NAMES = ["泰顺县", "苍南县", "市招商局", "经合办", "市发改委", "温州市", "鹿城区", "x", "",
         "1.2", "一、", "40亿元", "65%", "\u0000", "'\"\\", "A" * 300]
DATES = ["2019-01-01", "2019-06-30", "2020-12-31", "1900-01-01", "2019-13-45", "yesterday",
         "2019-1-1", ""]


def string_values() -> st.SearchStrategy[str]:
    """Names and dates from the corpus mixed with arbitrary Unicode."""
    return st.one_of(st.sampled_from(NAMES), st.sampled_from(DATES),
                     st.text(max_size=30))


def literal(value: Any) -> str:
    """A Python value as a GraphQL literal (strings JSON-escaped, which GraphQL accepts)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    return str(value)


@st.composite
def input_value(draw: st.DrawFn, kind: Any) -> str:
    """A literal for an input type, now and then of the wrong type."""
    if draw(st.integers(0, 30)) == 0:  # deliberately wrong
        return draw(st.sampled_from(["null", "1", '"x"', "true", "[1]", "{a: 1}", "3.5"]))
    if isinstance(kind, GraphQLNonNull):
        return draw(input_value(kind.of_type))
    if isinstance(kind, GraphQLList):
        items = draw(st.lists(input_value(kind.of_type), max_size=3))
        return "[" + ", ".join(items) + "]"
    if isinstance(kind, GraphQLEnumType):
        return draw(st.sampled_from(list(kind.values)))
    if isinstance(kind, GraphQLInputObjectType):
        return "{" + ", ".join(f"{n}: {draw(input_value(f.type))}"
                               for n, f in kind.fields.items()) + "}"
    name = getattr(kind, "name", "String")
    if name == "Int":
        return literal(draw(st.one_of(st.integers(-5, 600), st.integers(-2**40, 2**40))))
    if name == "Float":
        return literal(draw(st.floats(-1e6, 1e6, allow_nan=False)))
    if name == "Boolean":
        return literal(draw(st.booleans()))
    return literal(draw(string_values()))


def _named(kind: Any) -> Any:
    while isinstance(kind, (GraphQLNonNull, GraphQLList)):
        kind = kind.of_type
    return kind


@st.composite
def selection(draw: st.DrawFn, kind: Any, depth: int) -> str:
    """A selection set on an object type: a few of its fields, recursing ``depth`` levels."""
    named = _named(kind)
    if isinstance(named, (GraphQLScalarType, GraphQLEnumType)):
        return ""
    if isinstance(named, GraphQLUnionType):
        return "{ __typename }"
    assert isinstance(named, (GraphQLObjectType, GraphQLInterfaceType))
    names = sorted(named.fields)
    leaves = [n for n in names if isinstance(_named(named.fields[n].type),
                                             (GraphQLScalarType, GraphQLEnumType))]
    pool = names if depth > 0 else (leaves or ["__typename"])
    chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4, unique=True))
    parts = []
    for name in chosen:
        field = named.fields[name] if name in named.fields else None
        args = ""
        if field is not None and field.args:
            given = [f"{a}: {draw(input_value(arg.type))}" for a, arg in field.args.items()
                     if isinstance(arg.type, GraphQLNonNull) or draw(st.booleans())]
            args = f"({', '.join(given)})" if given else ""
        sub = draw(selection(field.type, depth - 1)) if field is not None else ""
        if field is not None and not sub and not isinstance(
                _named(field.type), (GraphQLScalarType, GraphQLEnumType)):
            sub = "{ __typename }"
        parts.append(f"{name}{args} {sub}".strip())
    return "{ " + " ".join(parts) + " }"


@st.composite
def valid_operation(draw: st.DrawFn, schema: GraphQLSchema) -> str:
    """A query (or, one time in five, a mutation) shaped by the schema."""
    root = schema.mutation_type if schema.mutation_type and draw(st.integers(0, 4)) == 0 \
        else schema.query_type
    body = draw(selection(root, draw(st.integers(0, 3))))
    return ("mutation " if root is schema.mutation_type else "query ") + body


@st.composite
def mangled(draw: st.DrawFn, schema: GraphQLSchema) -> str:
    """A valid operation with characters cut, doubled or replaced."""
    text = draw(valid_operation(schema))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["cut", "double", "replace"]))
        if action == "cut":
            text = text[:at] + text[at + 1:]
        elif action == "double":
            text = text[:at] + text[at] + text[at:]
        else:
            text = text[:at] + draw(st.sampled_from(list("{}()[]:$!@.\"#,\\ \n"))) + text[at + 1:]
    return text


@st.composite
def request(draw: st.DrawFn, schema: GraphQLSchema) -> tuple[str, dict[str, Any]]:
    """An HTTP request as (method, httpx keyword arguments)."""
    kind = draw(st.integers(0, 9))
    if kind <= 4:
        return "POST", {"json": {"query": draw(valid_operation(schema))}}
    if kind <= 6:
        return "POST", {"json": {"query": draw(mangled(schema))}}
    if kind == 7:
        return "GET", {"params": {"query": draw(st.one_of(valid_operation(schema),
                                                           st.text(max_size=40)))}}
    if kind == 8:
        return "POST", {"json": draw(st.one_of(
            st.none(), st.integers(), st.lists(st.integers(), max_size=3),
            st.fixed_dictionaries({"query": st.one_of(st.integers(), st.none(), st.text())}),
            st.fixed_dictionaries({"query": valid_operation(schema),
                                   "variables": st.one_of(st.text(), st.integers(),
                                                          st.dictionaries(st.text(), st.text()))}),
            st.fixed_dictionaries({"query": st.just("query Q { __typename }"),
                                   "operationName": st.text(max_size=10)})))}
    return "POST", {"content": draw(st.binary(max_size=200)),
                    "headers": {"content-type": draw(st.sampled_from(
                        ["application/json", "application/graphql", "text/plain",
                         "multipart/form-data", "application/x-www-form-urlencoded"]))}}
