"""Compiled queries: a query whose root fields are plain resolvers over plain leaves is
answered without strawberry's execution, byte for byte as the full path answers it; an
error with a code is answered there too (never run twice), everything else the full path
refuses or reports still goes the full way."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import strawberry
from graphql import parse
from starlette.testclient import TestClient

import schema.query as query_module
import server
from hardening.compiled import MOST_MISSES, CompiledQueries, compile_query
from hardening.compiled_run import COMPILED
from schema.query import schema as bare_schema
from tests.live_server import uncached_corpus_client

#: Questions over the bundled corpus: answers, connections, variables, aliases, inline
#: fragments, and every kind of refusal and error the full path gives.
QUESTIONS: tuple[tuple[str, dict[str, Any] | None], ...] = (
    ('{ unit(name: "经合办") { name aliases level } }', None),
    ('{ unit(name: "市招商局") { name level tasks { path } targets { path value unit } } }', None),
    ('{ units(first: 5) { name taskCount } }', None),
    ('{ overdue(asOf: "2020-06-01", first: 20) { id path text dueDate status '
     'owners { name } source { quote } } }', None),
    ('{ obligations(asOf: "2020-06-01", first: 30) { totalCount nodes { path dueDate status } '
     'pageInfo { hasNextPage endCursor } } }', None),
    ('{ obligations(asOf: "2020-06-01", first: 3) { edges { cursor node { path } } } }', None),
    ('{ dueBetween(start: "2019-01-01", end: "2019-12-31", first: 50) '
     '{ path dueDate owners { name } } }', None),
    ('{ search(text: "民宿") { kind path snippet } }', None),
    ('query($n: String!) { unit(name: $n) { name level } }', {"n": "市商务局"}),
    ('{ a: unit(name: "市招商局") { name } b: unit(name: "市商务局") { level } }', None),
    ('{ unit(name: "市招商局") { ... on Unit { name } } }', None),
    ('{ unit(name: "市招商局") { name @include(if: true) } }', None),
    ('{ __typename }', None),
    ('{ unit(name: "市招商") { name } }', None),  # NOT_FOUND, with suggestions
    ('query($n: String!) { unit(name: $n) { name } }', {"n": 5}),  # a variable of a bad type
    ('query($n: String!) { unit(name: $n) { name } }', {"n": "局" * 2000}),  # over-long
    ('{ overdue(asOf: "2020-06-01", first: 100000) { path } }', None),  # page too large
    ('{ overdue(asOf: "1900-01-01") { path } }', None),  # outside the window
    ('{ units { tasks { owners { unit { tasks { path } } } } } }', None),  # too deep
    ('{ unit(name: "市招商局") { nme } }', None),  # invalid
)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, TestClient]]:
    """The corpus app with compiled queries on, and again with them off (two copies of
    the same store)."""
    with uncached_corpus_client(tmp_path_factory.mktemp("on"), max_depth=5) as on, \
            uncached_corpus_client(tmp_path_factory.mktemp("off"), max_depth=5,
                                   compiled_queries=False) as off:
        yield on, off


@pytest.fixture
def executions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents strawberry's execution ran from now on (the served schema's)."""
    ran: list[str] = []
    real = server.schema.execute

    async def counting(query: Any, *args: Any, **kwargs: Any) -> Any:
        ran.append(query)
        return await real(query, *args, **kwargs)

    monkeypatch.setattr(server.schema, "execute", counting)
    return ran


def ask(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    return client.post("/graphql", json={"query": query, "variables": variables})


@pytest.mark.parametrize(("query", "variables"), QUESTIONS)
def test_every_answer_is_the_full_paths_byte_for_byte(pair: tuple[TestClient, TestClient],
                                                      executions: list[str], query: str,
                                                      variables: dict[str, Any] | None) -> None:
    on, off = pair
    expected = ask(off, query, variables)
    for _ in range(3):  # the first request compiles, the next take the short way
        answered = ask(on, query, variables)
        assert (answered.status_code, answered.content) == (expected.status_code,
                                                             expected.content)
        assert answered.headers["content-type"] == expected.headers["content-type"]
    answered_whole = expected.status_code == 200 and "errors" not in expected.json()
    if answered_whole and compile_query(bare_schema._schema, parse(query), None):
        assert executions == [query], "compiled, yet executed after its first request"


@pytest.mark.parametrize("name", [{}, ["a"], 5])
def test_a_malformed_operation_name_is_refused_as_by_the_full_path(
        pair: tuple[TestClient, TestClient], name: Any) -> None:
    on, off = pair
    body = {"query": '{ malformed: unit(name: "市招商局") { name } }', "operationName": name}
    expected = off.post("/graphql", json=body)
    assert expected.status_code == 400
    for _ in range(2):
        answered = on.post("/graphql", json=body)
        assert (answered.status_code, answered.content) == (400, expected.content)


def test_a_compiled_query_runs_no_strawberry_execution(pair: tuple[TestClient, TestClient],
                                                       executions: list[str]) -> None:
    on, _ = pair
    query = '{ compiledOnce: unit(name: "市招商局") { name level } }'
    for _ in range(3):
        assert ask(on, query).status_code == 200
    assert executions == []


@pytest.mark.parametrize(("query", "variables", "code"), [
    ('{ coded: unit(name: "市招商") { name } }', None, "NOT_FOUND"),  # nullable: data kept
    ('{ coded: overdue(asOf: "1900-01-01") { path } }', None, "BAD_USER_INPUT"),  # non-null
    ('query($n: String!) { coded: unit(name: $n) { name } }', {"n": "局" * 2000},
     "BAD_USER_INPUT"),  # refused by the string limits
])
def test_an_error_with_a_code_is_answered_without_running_again(
        pair: tuple[TestClient, TestClient], executions: list[str], query: str,
        variables: dict[str, Any] | None, code: str) -> None:
    on, off = pair
    expected = ask(off, query, variables)
    executions.clear()
    for _ in range(3):
        answered = ask(on, query, variables)
        assert answered.content == expected.content
        assert answered.json()["errors"][0]["extensions"]["code"] == code
    assert executions == []


def test_a_query_with_a_fragment_spread_runs_the_full_execution(
        pair: tuple[TestClient, TestClient], executions: list[str]) -> None:
    on, _ = pair
    query = '{ unit(name: "市招商局") { ...named } } fragment named on Unit { name }'
    for _ in range(2):
        assert ask(on, query).json() == {"data": {"unit": {"name": "市招商局"}}}
    assert executions == [query, query]


def test_an_error_goes_the_full_way_and_is_masked_as_there(
        pair: tuple[TestClient, TestClient], executions: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    on, off = pair
    query = '{ failing: unit(name: "市招商局") { name } }'
    assert ask(on, query).status_code == 200  # compiled now

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("SELECT secret FROM tokens")

    monkeypatch.setattr(query_module, "unit_node", broken)
    answered, expected = ask(on, query), ask(off, query)
    assert answered.content == expected.content
    assert "SELECT" not in answered.text
    assert answered.json()["errors"][0]["path"] == ["failing"]
    assert executions == [query, query]  # the compiled attempt fell back to it


def test_a_query_that_keeps_going_the_full_way_is_no_longer_compiled(
        pair: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    on, _ = pair
    query = '{ missing: unit(name: "市招商局") { name } }'
    assert ask(on, query).status_code == 200
    core = server.schema._schema
    assert COMPILED.known(core, query, None)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the store went away")

    monkeypatch.setattr(query_module, "unit_node", broken)
    for _ in range(MOST_MISSES - 1):
        ask(on, query)
    assert COMPILED.known(core, query, None)  # a miss or three may be the data's
    ask(on, query)
    assert not COMPILED.known(core, query, None)  # never answered: the full way only


def test_an_anonymous_read_is_refused_alike_when_anonymous_reads_are_off(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    query = '{ unit(name: "市招商局") { name } }'
    answers = {}
    for compiled in (True, False):
        with uncached_corpus_client(tmp_path_factory.mktemp("closed"), anonymous_read=False,
                                    compiled_queries=compiled) as client:
            answers[compiled] = [ask(client, query) for _ in range(2)]
    refused = answers[False][0]
    assert refused.json()["data"] is None and refused.json()["errors"]
    for answered in answers[True]:
        assert (answered.status_code, answered.content) == (refused.status_code,
                                                             refused.content)


def test_a_timed_out_compiled_query_is_503_and_gives_its_session_back(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        executions: list[str]) -> None:
    with uncached_corpus_client(tmp_path_factory.mktemp("slow"), time_budget_seconds=0.3,
                                worker_threads=1) as client:
        query = '{ slow: unit(name: "市招商局") { name } }'
        assert ask(client, query).status_code == 200  # compiled now
        real = query_module.unit_node

        def slow(*args: Any, **kwargs: Any) -> Any:
            time.sleep(0.8)
            return real(*args, **kwargs)

        monkeypatch.setattr(query_module, "unit_node", slow)
        answered = ask(client, query)
        assert answered.status_code == 503
        assert answered.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
        assert answered.headers["retry-after"]
        state = client.app.state
        assert _eventually(lambda: state.admission.in_flight == 0)
        assert _eventually(lambda: state.holder.engine.pool.checkedout() == 0)
    assert executions == []  # it never went the full way


def _eventually(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    ends = time.monotonic() + seconds
    while not check():
        if time.monotonic() > ends:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("query", [
    '{ unit(name: "x") { ...n } } fragment n on Unit { name }',
    'query($x: Boolean!) { unit(name: "x") { name @include(if: $x) } }',
    'query @skip(if: true) { unit(name: "x") { name } }',
    '{ __typename }',
    '{ __schema { queryType { name } } }',
    'mutation { recordSuccession(input: {predecessor: "a", successor: "b", '
    'effectiveOn: "2020-01-01"}) { succession { kind } } }',
    '{ place(name: "x") { obligations(asOf: "2020-01-01") { path } } }',  # arguments below
])
def test_what_only_the_executor_may_run_is_not_compiled(query: str) -> None:
    assert compile_query(bare_schema._schema, parse(query), None) is None


def test_a_root_field_that_awaits_is_not_compiled() -> None:
    @strawberry.type
    class Waiting:
        @strawberry.field
        async def later(self) -> int:
            return 1

        @strawberry.field
        def now(self) -> int:
            return 1

    core = strawberry.Schema(query=Waiting)._schema
    assert compile_query(core, parse("{ later }"), None) is None
    assert compile_query(core, parse("{ now }"), None) is not None


def test_the_named_operation_is_the_one_compiled() -> None:
    document = parse('query A { unit(name: "x") { name } } query B { units { name } }')
    compiled = compile_query(bare_schema._schema, document, "B")
    assert compiled is not None and [f.response_name for f in compiled.fields] == ["units"]
    assert compile_query(bare_schema._schema, document, None) is None  # which one?


def test_the_compiled_queries_kept_are_bounded() -> None:
    kept = CompiledQueries(most=2)
    core = bare_schema._schema
    for name in ("甲", "乙", "丙"):
        text = f'{{ unit(name: "{name}") {{ name }} }}'
        kept.of(core, text, None, parse(text))
    assert len(kept) == 2
    assert kept.known(core, '{ unit(name: "丙") { name } }', None)
    assert not kept.known(core, '{ unit(name: "甲") { name } }', None)
