"""The plain-leaf path of the execution (hardening/leaves.py) answers what graphql-core's
own path answers, errors included, and a cancelled operation still stops at its next
object."""

from __future__ import annotations

import asyncio
import gc
import weakref
from typing import Any

import pytest
import strawberry
from sqlalchemy.engine import Engine

from graph.cancel import CancelToken, cancellable
from graph.state import GraphHolder
from hardening.cancellation import CancellableExecution
from hardening.leaves import LeafExecution
from hardening.stack import schema_extensions
from schema.context import make_context
from schema.query import make_schema
from schema.query import schema as ordinary_schema
from server import schema as served_schema
from settings import Settings
from tests.alerts import corpus_copy

# a per-test byte copy of the bundled corpus, loaded once per session
corpus_template = corpus_copy.corpus_template
corpus_url = corpus_copy.corpus_url
corpus_db = corpus_copy.corpus_db

PAGE = """{ obligations(asOf: "2019-06-30", first: 40) {
  nodes { path dueDate status year key: path } } }"""
OVERDUE = '{ overdue(asOf: "2019-06-30") { path dueDate status text } }'


def _run(schema: Any, holder: GraphHolder, query: str) -> Any:
    context = make_context(holder, Settings())
    try:
        return asyncio.run(schema.execute(query, context_value=context))
    finally:
        context.close()


@pytest.mark.parametrize("query", [PAGE, OVERDUE])
def test_lists_of_plain_leaves_answer_what_the_ordinary_execution_answers(
        corpus_db: Engine, query: str) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)
    ours, theirs = _run(served_schema, holder, query), _run(ordinary_schema, holder, query)
    assert ours.errors is None and theirs.errors is None
    assert ours.data == theirs.data
    assert len(next(iter(ours.data.values())) if query is OVERDUE
               else ours.data["obligations"]["nodes"]) > 3


@strawberry.type
class Row:
    name: str
    rank: int | None = None


@strawberry.type
class Rows:
    @strawberry.field
    def rows(self) -> list[Row]:
        # the second row breaks its schema: a null name where the schema says non-null
        return [Row(name="市规划局", rank=1), Row(name=None, rank=2),  # type: ignore[arg-type]
                Row(name="市财政局")]


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    return (strawberry.Schema(Rows, execution_context_class=LeafExecution),
            strawberry.Schema(Rows))


def test_a_null_in_a_non_null_leaf_is_graphql_cores_error_at_its_path() -> None:
    fast, ordinary = _schemas()
    ours = fast.execute_sync("{ rows { name rank } }")
    theirs = ordinary.execute_sync("{ rows { name rank } }")
    assert ours.data is None and theirs.data is None  # the non-null list item nulls it all
    assert [(e.message, e.path) for e in ours.errors or []] == [
        (e.message, e.path) for e in theirs.errors or []]
    assert ours.errors and ours.errors[0].path == ["rows", 1, "name"]


def test_nullable_leaves_and_aliases_keep_their_order_and_nulls() -> None:
    fast, _ = _schemas()
    # the broken second row still fails, named by its alias
    result = fast.execute_sync("{ rows { rank label: name } }")
    assert result.errors and result.errors[0].path == ["rows", 1, "label"]
    # the nullable rank of the third row answers null; the alias comes second, as asked
    assert fast.execute_sync("{ rows { rank } }").data == {
        "rows": [{"rank": 1}, {"rank": 2}, {"rank": None}]}
    aliased = fast.execute_sync("{ rows { rank label: rank } }").data
    assert aliased is not None and list(aliased["rows"][0]) == ["rank", "label"]


def test_a_cancelled_operation_stops_before_reading_the_next_object() -> None:
    schema = strawberry.Schema(Rows, execution_context_class=CancellableExecution)
    token = CancelToken()
    token.cancel()
    with cancellable(token), pytest.raises(asyncio.CancelledError):
        # the root field's own check stops it first; the leaf path checks before each row
        schema.execute_sync("{ rows { rank } }")


def test_the_leaf_path_checks_the_cancel_token_once_per_object(
        monkeypatch: pytest.MonkeyPatch) -> None:
    reached: list[int] = []
    monkeypatch.setattr(CancellableExecution, "object_reached",
                        staticmethod(lambda: reached.append(1)))
    schema = strawberry.Schema(Rows, execution_context_class=CancellableExecution)
    assert schema.execute_sync("{ rows { rank } }").data == {
        "rows": [{"rank": 1}, {"rank": 2}, {"rank": None}]}
    # the root object (its `rows` is a plain method) and each of the three rows
    assert len(reached) == 4


def test_a_list_of_plain_leaf_objects_skips_graphql_cores_per_item_completion(
        monkeypatch: pytest.MonkeyPatch) -> None:
    completed: list[int] = []
    ordinary_item = LeafExecution.complete_list_item_value

    def counted(self: LeafExecution, *args: Any) -> bool:
        completed.append(1)
        return ordinary_item(self, *args)

    monkeypatch.setattr(LeafExecution, "complete_list_item_value", counted)
    fast, _ = _schemas()
    assert fast.execute_sync("{ rows { rank } }").data == {
        "rows": [{"rank": 1}, {"rank": 2}, {"rank": None}]}
    assert completed == []
    # the broken row sends the whole list back through graphql-core, item by item (it
    # stops at that second row: a null in a non-null item nulls the whole list)
    assert fast.execute_sync("{ rows { name } }").errors
    assert len(completed) == 2


def _typed_schema() -> Any:
    """``{ rows { name } }`` in plain graphql-core: Row checks its objects with
    ``is_type_of`` (as strawberry's Obligation does) and the second row is not one."""
    from graphql import GraphQLField, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString

    def basic(source: Any, info: Any) -> Any:  # a field strawberry reads as an attribute
        return source["name"]
    basic._is_default = True  # type: ignore[attr-defined]
    row = GraphQLObjectType("Row", {"name": GraphQLField(GraphQLString, resolve=basic)},
                            is_type_of=lambda source, info: "stranger" not in source)
    return GraphQLSchema(GraphQLObjectType("Query", {"rows": GraphQLField(
        GraphQLList(row), resolve=lambda *_: [{"name": "市规划局"},
                                               {"name": "市财政局", "stranger": True}])}))


def test_an_item_of_another_type_is_graphql_cores_error_at_its_path() -> None:
    from graphql import execute, parse

    schema, query = _typed_schema(), parse("{ rows { name } }")
    ours = execute(schema, query, executor_class=LeafExecution)
    theirs = execute(schema, query)
    assert ours.errors and [(e.message, e.path) for e in ours.errors] == [
        (e.message, e.path) for e in theirs.errors or []]
    assert ours.errors[0].path == ["rows", 1]
    assert ours.data == theirs.data == {"rows": [{"name": "市规划局"}, None]}


TYPENAMES_AND_FRAGMENTS = """{ obligations(asOf: "2019-06-30", first: 40) {
  nodes { __typename path ...due ... on Obligation { day: dueDate status } } } }
fragment due on Obligation { dueDate year status }"""
INLINE_ONLY = """{ overdue(asOf: "2019-06-30") { ... on Obligation { path dueDate } text } }"""


@pytest.mark.parametrize("query", [TYPENAMES_AND_FRAGMENTS, INLINE_ONLY])
def test_typenames_and_fragments_answer_what_the_ordinary_execution_answers(
        corpus_db: Engine, query: str) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)
    generic = make_schema(extensions=schema_extensions())  # the same guards, graphql-core's path
    ours, theirs = _run(served_schema, holder, query), _run(generic, holder, query)
    assert ours.errors is None and theirs.errors is None
    assert ours.data == theirs.data
    rows = next(iter(ours.data.values()))
    rows = rows["nodes"] if isinstance(rows, dict) else rows
    assert len(rows) > 3
    if query is TYPENAMES_AND_FRAGMENTS:
        assert {row["__typename"] for row in rows} == {"Obligation"}
        assert all(row["day"] == row["dueDate"] for row in rows)


@pytest.mark.parametrize("settings", [Settings(max_depth=1), Settings(max_aliases=0)])
def test_the_guards_refuse_a_page_on_the_leaf_path_as_on_graphql_cores(
        corpus_db: Engine, settings: Settings) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)
    generic = make_schema(extensions=schema_extensions())
    answers = []
    for schema in (served_schema, generic):
        context = make_context(holder, settings)
        try:
            answers.append(asyncio.run(schema.execute(PAGE, context_value=context)))
        finally:
            context.close()
    ours, theirs = answers
    assert ours.errors and theirs.errors, "the page is two deep (leaves count nothing) and has an alias"
    assert [e.formatted for e in ours.errors] == [e.formatted for e in theirs.errors]
    assert ours.data == theirs.data


def test_a_connections_page_of_plain_leaves_is_answered_without_graphql_cores_list(
        corpus_db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    listed: list[int] = []
    ordinary_list = LeafExecution.complete_iterable_value

    def counted(self: LeafExecution, *args: Any) -> Any:
        listed.append(1)
        return ordinary_list(self, *args)

    holder = GraphHolder(corpus_db, check_interval=3600)
    theirs = _run(ordinary_schema, holder, PAGE)
    monkeypatch.setattr(LeafExecution, "complete_iterable_value", counted)
    for _ in range(2):  # the second time by the plan kept from the first
        ours = _run(served_schema, holder, PAGE)
        assert ours.errors is None and ours.data == theirs.data
    # `nodes` and its rows answered by the connection's plan: graphql-core's list never ran
    assert listed == []
    assert len(ours.data["obligations"]["nodes"]) > 3


def test_a_kept_plan_does_not_keep_the_operation_alive(corpus_db: Engine) -> None:
    executions: weakref.WeakSet[Any] = weakref.WeakSet()

    class Recorded(CancellableExecution):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            executions.add(self)

    recorded = make_schema(extensions=schema_extensions(), execution_context_class=Recorded)
    holder = GraphHolder(corpus_db, check_interval=3600)
    for query in (PAGE, TYPENAMES_AND_FRAGMENTS):
        assert _run(recorded, holder, query).errors is None
    gc.collect()
    assert len(executions) == 0
