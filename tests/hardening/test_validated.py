"""A validation is remembered by the parsed document itself: the same document under the
same schema and rules is not validated again, another document or other rules are."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError, build_schema, parse, specified_rules
from graphql.validation import NoSchemaIntrospectionCustomRule

from hardening import validated as remembered
from hardening.validated import validated

SCHEMA = build_schema("type Query { a: Int }")


@pytest.fixture(autouse=True)
def _nothing_remembered() -> None:
    remembered._validated.clear()


def _counting() -> tuple[list[Any], Any]:
    calls: list[Any] = []

    def validate(schema: Any, document: Any, rules: Any) -> list[GraphQLError]:
        calls.append((document, rules))
        return [GraphQLError(f"call {len(calls)}")]
    return calls, validate


def test_the_same_document_schema_and_rules_are_validated_once() -> None:
    calls, validate = _counting()
    document, rules = parse("{ a }"), tuple(specified_rules)
    first = validated(SCHEMA, document, rules, validate)
    again = validated(SCHEMA, document, rules, validate)
    assert len(calls) == 1 and again is first and first[0].message == "call 1"


def test_an_equal_document_parsed_anew_or_other_rules_are_validated_again() -> None:
    calls, validate = _counting()
    document, rules = parse("{ a }"), tuple(specified_rules)
    validated(SCHEMA, document, rules, validate)
    validated(SCHEMA, parse("{ a }"), rules, validate)  # not the very document
    stricter = (*rules, NoSchemaIntrospectionCustomRule)
    refused = validated(SCHEMA, document, stricter, validate)
    assert len(calls) == 3 and refused[0].message == "call 3"
    assert validated(SCHEMA, document, rules, validate)[0].message == "call 1"


def test_what_is_remembered_stays_bounded() -> None:
    _calls, validate = _counting()
    rules = tuple(specified_rules)
    for n in range(remembered.REMEMBERED + 10):
        validated(SCHEMA, parse(f"{{ a{n}: a }}"), rules, validate)
    assert len(remembered._validated) == remembered.REMEMBERED
