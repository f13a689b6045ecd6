"""The schema follows the conventions clients rely on: days are ``Date``, closed vocabularies
are enums, every list is either a Relay connection or takes ``first``, units, tasks,
targets, obligations and documents are Relay nodes that ``node(id:)`` answers for."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from schema.query import schema
from tests.schema.conftest import make_client, post_query

# Arguments and fields that name a day, written by hand from the SDL before the change.
DAY_ARGUMENTS = {("Query", "unit", "asOf"), ("Query", "obligations", "asOf"),
                 ("Query", "overdue", "asOf"), ("Query", "dueBetween", "start"),
                 ("Query", "dueBetween", "end"), ("Query", "workload", "asOf"),
                 ("Place", "obligations", "asOf")}
# The fields that were closed vocabularies typed String.
VOCABULARIES = {("Owner", "role"), ("OwnerShare", "role"), ("Unit", "level"),
                ("Jurisdiction", "level"), ("Target", "comparator"), ("Target", "period"),
                ("Place", "kind"), ("Pairing", "confidence"), ("SearchHit", "kind"),
                ("PathStep", "kind"), ("AuditEntry", "action"), ("AuditEntry", "outcome"),
                ("AuditEntry", "actorRole"), ("ReviewItem", "kind"), ("ReviewItem", "status"),
                ("Correction", "kind"), ("Correction", "status"), ("Cite", "kind"),
                ("Succession", "kind"), ("BreakdownChange", "kind")}
NODE_TYPES = ("Unit", "Task", "Target", "Obligation", "Document")


def unwrapped(kind: Any) -> Any:
    while isinstance(kind, (GraphQLNonNull, GraphQLList)):
        kind = kind.of_type
    return kind


def object_types() -> Iterator[GraphQLObjectType]:
    for name, kind in schema._schema.type_map.items():
        if isinstance(kind, GraphQLObjectType) and not name.startswith("__"):
            yield kind


def test_no_day_is_taken_as_a_string() -> None:
    for parent, field, argument in DAY_ARGUMENTS:
        kind = unwrapped(schema._schema.type_map[parent].fields[field].args[argument].type)
        assert kind.name == "Date", (parent, field, argument)
    # and no argument or input field anywhere is a String named like a day
    daylike = re.compile(r"^(on|asOf|start|end|due)$|[a-z]On$|Due$|Date$")
    for kind in object_types():
        for name, field in kind.fields.items():
            for argument_name, argument in field.args.items():
                if daylike.search(argument_name):
                    assert unwrapped(argument.type).name == "Date", (kind.name, name, argument_name)
    for name, kind in schema._schema.type_map.items():
        if isinstance(kind, GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if daylike.search(field_name):
                    assert unwrapped(field.type).name == "Date", (name, field_name)


def test_no_closed_vocabulary_is_a_string() -> None:
    for parent, field in VOCABULARIES:
        kind = unwrapped(schema._schema.type_map[parent].fields[field].type)
        assert not isinstance(kind, GraphQLScalarType), (parent, field, kind)


def test_no_list_has_a_connection_twin() -> None:
    for kind in object_types():
        names = set(kind.fields)
        twins = {n for n in names if n.endswith("Connection") and n[:-len("Connection")] in names}
        assert not twins, (kind.name, twins)


# Root lists bounded by their arguments rather than by ``first``, with the bound.
BOUNDED_BY_ARGUMENTS = {
    "nodes": "at most 100 ids",
    "trend": "one point per month of from..to, at most 120 months",
}


def test_every_list_of_the_root_is_a_connection_or_takes_first() -> None:
    for name, field in schema._schema.query_type.fields.items():  # type: ignore[union-attr]
        returns = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        if isinstance(returns, GraphQLList) and name not in BOUNDED_BY_ARGUMENTS:
            assert "first" in field.args, name
        if unwrapped(field.type).name.endswith("Connection"):
            assert {"first", "after"} <= set(field.args), name


@pytest.fixture(scope="module")
def corpus(corpus_engine: Engine) -> Iterator[TestClient]:
    with make_client(corpus_engine) as client:
        yield client


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post_query(client, query, **variables)
    assert "errors" not in body, body["errors"]
    return body["data"]  # type: ignore[no-any-return]


def test_node_answers_for_units_tasks_targets_obligations_and_documents(
        corpus: TestClient) -> None:
    found = data(corpus, """{ unit(name: "市规划局") { id rowId
        tasks(first: 1) { id rowId targets { id rowId } } }
      overdue(asOf: "2019-01-01", unit: "市规划局", first: 1) { id key }
      documents(first: 1) { nodes { id rowId key } } }""")
    unit = found["unit"]
    task = unit["tasks"][0]
    target = next(t for t in data(corpus, '{ targets: whoOwns(text: "40亿元") { target { id rowId } } }'
                                  )["targets"])["target"]
    obligation = found["overdue"][0]
    document = found["documents"]["nodes"][0]
    expected = {unit["id"]: ("Unit", str(unit["rowId"])), task["id"]: ("Task", str(task["rowId"])),
                target["id"]: ("Target", str(target["rowId"])),
                obligation["id"]: ("Obligation", obligation["key"]),
                document["id"]: ("Document", str(document["rowId"]))}
    for global_id, (type_name, key) in expected.items():
        # a global id is base64 of "Type:key" (Relay), read here without the server's code
        assert base64.b64decode(global_id).decode() == f"{type_name}:{key}"
        node = data(corpus, "query($id: ID!) { node(id: $id) { __typename id } }",
                    id=global_id)["node"]
        assert node == {"__typename": type_name, "id": global_id}
    listed = data(corpus, "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }",
                  ids=list(expected))["nodes"]
    assert [n["__typename"] for n in listed] == [t for t, _ in expected.values()]


def test_a_task_and_a_target_are_looked_up_by_global_or_row_id(corpus: TestClient) -> None:
    target = data(corpus, '{ whoOwns(text: "40亿元") { target { id rowId path value '
                          'task { id rowId path } } } }')["whoOwns"][0]["target"]
    task = target["task"]
    for key in (task["id"], str(task["rowId"])):
        assert data(corpus, "query($id: ID!) { task(id: $id) { path } }", id=key)["task"] == {
            "path": "二(一)"}
    for key in (target["id"], str(target["rowId"])):
        assert data(corpus, "query($id: ID!) { target(id: $id) { value } }", id=key)["target"] == {
            "value": 40.0}
    wrong = post_query(corpus, "query($id: ID!) { task(id: $id) { path } }", id=target["id"])
    assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    gone = post_query(corpus, '{ task(id: "999999") { path } }')
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_an_id_that_is_no_global_id_is_bad_input_and_a_vanished_node_is_null(
        corpus: TestClient) -> None:
    bad = post_query(corpus, '{ node(id: "not-an-id") { id } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    vanished = base64.b64encode(b"Unit:999999").decode()
    assert data(corpus, "query($id: ID!) { node(id: $id) { id } }", id=vanished) == {"node": None}
    many = post_query(corpus, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                      ids=[vanished] * 101)
    assert many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
