"""An operation and the shaping and encoding of its answer take one run of the worker
thread's event loop, not one each (a compiled query none); statuses and answers are
unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

import hardening.view as view
from tests.live_server import uncached_corpus_client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with uncached_corpus_client(tmp_path_factory.mktemp("runs"), max_depth=3) as test_client:
        yield test_client


@pytest.fixture
def loop_runs(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every coroutine the workers' loops run to completion from now on."""
    runs: list[Any] = []
    real = view.worker_loop
    wrapped: set[int] = set()

    def counted() -> asyncio.AbstractEventLoop:
        loop = real()
        if id(loop) not in wrapped:  # each worker's loop once; undone after the test
            wrapped.add(id(loop))
            original = loop.run_until_complete

            def run_until_complete(awaitable: Any) -> Any:
                runs.append(awaitable)
                return original(awaitable)

            monkeypatch.setattr(loop, "run_until_complete", run_until_complete)
        return loop

    monkeypatch.setattr(view, "worker_loop", counted)
    return runs


def test_an_answer_takes_one_run_of_the_worker_loop(client: TestClient,
                                                    loop_runs: list[Any]) -> None:
    # a fragment spread: never compiled, so answered by strawberry's execution
    query = '{ unit(name: "市规划局") { ...u } } fragment u on Unit { name level }'
    response = client.post("/graphql", json={"query": query})
    assert response.json() == {"data": {"unit": {"name": "市规划局", "level": "CITY"}}}
    assert len(loop_runs) == 1


def test_a_compiled_query_takes_no_run_of_the_worker_loop(client: TestClient,
                                                          loop_runs: list[Any]) -> None:
    query = '{ unit(name: "市规划局") { name level } }'
    for _ in range(2):  # compiled by the first, answered by the short way after
        response = client.post("/graphql", json={"query": query})
        assert response.json() == {"data": {"unit": {"name": "市规划局", "level": "CITY"}}}
    assert loop_runs == []


def test_a_refused_document_takes_one_run_and_keeps_its_status(client: TestClient,
                                                                loop_runs: list[Any]) -> None:
    deep = "{ units { tasks { owners { unit { name } } } } }"  # deeper than max_depth 3
    response = client.post("/graphql", json={"query": deep})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert len(loop_runs) == 1
