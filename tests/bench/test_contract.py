"""The load test asks valid questions, and the first page of every connection of the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    FieldNode,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    get_named_type,
    parse,
    validate,
)

from bench.answers import LAYER_QUESTIONS
from bench.contract import CONNECTIONS, CONTRACT_QUESTIONS, PAGE
from bench.datasette import SHARED_QUESTIONS

SDL = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    """The committed SDL (a test elsewhere keeps it equal to the served schema)."""
    return build_schema(SDL.read_text(encoding="utf-8"))


def _first_field(query: str) -> str:
    """The name of the first field an operation selects."""
    operation = parse(query).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode)
    return field.name.value


def test_every_connection_of_the_query_type_is_loaded(schema: GraphQLSchema) -> None:
    assert schema.query_type is not None
    connections = {name for name, field in schema.query_type.fields.items()
                   if get_named_type(field.type).name.endswith("Connection")}
    asked = {_first_field(q.query) for q in CONNECTIONS}
    assert connections and connections == asked


def test_connections_ask_a_first_page_of_100() -> None:
    assert PAGE == 100
    assert all(f"first: {PAGE}" in q.query and q.rows[-1] == "nodes" for q in CONNECTIONS)


@pytest.mark.parametrize("query", [q.query for q in CONTRACT_QUESTIONS]
                         + [q.query for q in CONNECTIONS] + [q.query for q in LAYER_QUESTIONS]
                         + [q.ours for q in SHARED_QUESTIONS])
def test_question_is_valid_against_the_schema(schema: GraphQLSchema, query: str) -> None:
    assert validate(schema, parse(query)) == []


@pytest.mark.parametrize("module", ["bench.asked", "bench.load", "bench.servers",
                                    "bench.report", "bench.growth"])
def test_module_doctests_pass(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0
