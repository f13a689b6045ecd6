"""The plain-leaf path answers nested objects of plain leaves (``owners { name }``,
``source { quote }``, ``target { … }``), plain methods and Relay ids exactly as
graphql-core's own path does, errors and their paths included."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry
from sqlalchemy.engine import Engine
from strawberry import relay

from graph.state import GraphHolder
from hardening.leaves import LeafExecution
from schema.context import make_context
from schema.query import schema as ordinary_schema
from server import schema as served_schema
from settings import Settings
from tests.alerts import corpus_copy

corpus_template = corpus_copy.corpus_template
corpus_url = corpus_copy.corpus_url
corpus_db = corpus_copy.corpus_db

# the shapes the benchmark's contract asks, on the bundled corpus
OVERDUE = ('{ overdue(asOf: "2019-06-30") { id path text dueDate status '
           'owners { name role answersFor } source { quote start end } } }')
PAGE = ('{ obligations(asOf: "2019-06-30", first: 40) { totalCount '
        'pageInfo { hasNextPage endCursor } nodes { id path dueDate status owners { name } } } }')
DUE_BETWEEN = ('{ dueBetween(start: "2018-01-01", end: "2020-12-31") '
               '{ path dueDate owners { name } sources { quote } } }')
WHO_OWNS = '{ whoOwns(text: "亿元") { target { id path value unit source { quote path } } } }'
UNITS = '{ units(first: 20) { id name level } }'


def _run(schema: Any, holder: GraphHolder, query: str) -> Any:
    context = make_context(holder, Settings())
    try:
        return asyncio.run(schema.execute(query, context_value=context))
    finally:
        context.close()


def _rows(data: dict[str, Any]) -> list[Any]:
    found = next(iter(data.values()))
    return found["nodes"] if isinstance(found, dict) else found


@pytest.mark.parametrize("query", [OVERDUE, PAGE, DUE_BETWEEN, WHO_OWNS, UNITS],
                         ids=["overdue", "page", "dueBetween", "whoOwns", "units"])
def test_nested_plain_objects_ids_and_methods_answer_what_graphql_core_answers(
        corpus_db: Engine, query: str) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)
    ours, theirs = _run(served_schema, holder, query), _run(ordinary_schema, holder, query)
    assert ours.errors is None and theirs.errors is None
    assert ours.data == theirs.data
    assert len(_rows(ours.data)) >= 2, "the corpus answers more than one row"


def test_the_planned_shapes_skip_graphql_cores_field_by_field_resolution(
        corpus_db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    resolved: list[str] = []
    ordinary = LeafExecution.execute_field

    def counted(self: LeafExecution, parent_type: Any, *args: Any) -> Any:
        resolved.append(parent_type.name)
        return ordinary(self, parent_type, *args)

    monkeypatch.setattr(LeafExecution, "execute_field", counted)
    holder = GraphHolder(corpus_db, check_interval=3600)
    assert _run(served_schema, holder, OVERDUE).errors is None
    # only the root field goes through graphql-core: obligations, owners, sources do not
    assert resolved == ["Query"]


@strawberry.type
class Tag:
    label: str


@strawberry.type
class Item(relay.Node):
    code: relay.NodeID[str]
    name: str | None
    labels: strawberry.Private[list[str | None]]

    @strawberry.field
    def tags(self) -> list[Tag]:
        # a null label breaks a Tag: graphql-core's error at its path
        return [Tag(label=label) for label in self.labels]  # type: ignore[arg-type]

    @strawberry.field
    def first_tag(self) -> Tag | None:
        return self.tags()[0] if self.labels else None

    @strawberry.field
    def broken(self) -> Tag:
        raise ValueError("没有标签")

    @classmethod
    def resolve_nodes(cls, *, info: Any, node_ids: Any, required: bool = False) -> list[Any]:
        return []


@strawberry.type
class Items:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(code="a", name="市规划局", labels=["一", "二"]),
                Item(code="b", name=None, labels=[]),
                Item(code="c", name="市财政局", labels=["三", None])]


def _both(query: str) -> tuple[Any, Any]:
    fast = strawberry.Schema(Items, types=[Item], execution_context_class=LeafExecution)
    return fast.execute_sync(query), strawberry.Schema(Items, types=[Item]).execute_sync(query)


@pytest.mark.parametrize("query", [
    "{ items { id name firstTag { label } } }",
    "{ items { id tags { label } } }",
    "{ items { name broken { label } } }",
    "{ items { ... on Item { id } tags { ... on Tag { label } } } }",
], ids=["ordinary", "null in a non-null nested leaf", "a method that raises", "fragments"])
def test_nested_answers_and_errors_equal_graphql_cores(query: str) -> None:
    ours, theirs = _both(query)
    assert ours.data == theirs.data
    assert [(e.message, e.path) for e in ours.errors or []] == [
        (e.message, e.path) for e in theirs.errors or []]


def test_a_relay_id_is_the_global_id_graphql_core_gives() -> None:
    ours, theirs = _both("{ items { id } }")
    assert ours.errors is None and ours.data == theirs.data
    assert ours.data == {"items": [{"id": relay.to_base64("Item", key)} for key in "abc"]}


def test_a_null_in_a_nested_non_null_leaf_is_an_error_at_its_path() -> None:
    ours, _ = _both("{ items { tags { label } } }")
    assert ours.errors and ours.errors[0].path == ["items", 2, "tags", 1, "label"]
    assert ours.data is None  # non-null all the way up to the root list
