"""The request path of a GraphQL query: its answer is shaped and encoded in the worker
thread that ran it (one hop off the event loop, not two, every status and header kept),
and a question that needs no stored row takes no database connection: not for the response
cache when it is off, not for an anonymous caller, not for a session nobody uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from starlette.testclient import TestClient

import hardening.cache_lookup as cache_lookup
import hardening.view as view
from tests.live_server import uncached_corpus_client

UNIT = '{ unit(name: "市规划局") { name level } }'


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The corpus app with the response cache off (what the bench serves)."""
    with uncached_corpus_client(tmp_path_factory.mktemp("hop"), max_depth=3) as test_client:
        yield test_client


@pytest.fixture
def second_hops(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every call the view makes to Starlette's thread pool from now on."""
    calls: list[Any] = []
    real = view.run_in_threadpool

    async def counting(fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(fn)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(view, "run_in_threadpool", counting)
    return calls


def test_an_answer_is_encoded_by_the_worker_that_ran_it(client: TestClient,
                                                        second_hops: list[Any]) -> None:
    response = client.post("/graphql", json={"query": UNIT})
    assert response.status_code == 200
    assert response.json() == {"data": {"unit": {"name": "市规划局", "level": "CITY"}}}
    assert second_hops == []


def test_a_refused_document_keeps_its_400_from_the_worker(client: TestClient,
                                                          second_hops: list[Any]) -> None:
    deep = "{ units { tasks { owners { unit { name } } } } }"  # deeper than max_depth 3
    response = client.post("/graphql", json={"query": deep})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert second_hops == []


def test_a_request_error_drops_data_for_graphql_response_clients(
        client: TestClient, second_hops: list[Any]) -> None:
    response = client.post("/graphql", json={"query": "{ nothingLikeThis }"},
                           headers={"Accept": "application/graphql-response+json"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in response.json()
    assert second_hops == []


def test_no_answer_the_worker_made_is_left_on_the_request(client: TestClient) -> None:
    # an answer the worker made is taken by process_result, never left on the request
    seen: list[dict[int, Any]] = []
    real = view._answered

    def watching(request: Any) -> dict[int, Any]:
        found = real(request)
        seen.append(found)
        return found

    view._answered = watching
    try:
        # the full execution's answer, and a compiled query's first (the view's way)
        for query in ('{ unit(name: "市规划局") { ...named } } fragment named on Unit { name }',
                      '{ leftBehind: unit(name: "市规划局") { name } }'):
            assert client.post("/graphql", json={"query": query}).status_code == 200
    finally:
        view._answered = real
    assert seen and all(found == {} for found in seen)


def test_a_question_answered_from_the_graph_takes_no_database_connection(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the response cache is off: nothing to look up")

    monkeypatch.setattr(cache_lookup, "look_up", never)
    engine = client.app.state.holder.engine  # type: ignore[attr-defined]
    checkouts: list[object] = []

    def checked_out(*args: Any) -> None:
        checkouts.append(args)

    event.listen(engine, "checkout", checked_out)
    try:
        response = client.post("/graphql", json={"query": UNIT})
        assert response.json() == {"data": {"unit": {"name": "市规划局", "level": "CITY"}}}
        assert checkouts == []
        # the listener sees what reads the store: the documents' connection does
        assert client.post("/graphql", json={"query": "{ documents(first: 1) { nodes { key } } }"}
                           ).status_code == 200
        assert checkouts
    finally:
        event.remove(engine, "checkout", checked_out)
