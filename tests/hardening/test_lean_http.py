"""A POST of one JSON operation takes the short path of :mod:`hardening.lean_http`, and
answers byte for byte what strawberry's long way answers it (statuses, headers and
errors included); every other kind of request still goes the long way."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry.http.async_base_view import AsyncBaseHTTPView

import hardening.lean_http as lean_http
from tests.live_server import uncached_corpus_client

UNIT = '{ unit(name: "市规划局") { name level } }'
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with uncached_corpus_client(tmp_path_factory.mktemp("lean"), max_depth=3) as test_client:
        yield test_client


@pytest.fixture
def long_ways(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every body strawberry's own view parsed from now on."""
    calls: list[Any] = []
    real = AsyncBaseHTTPView.parse_http_body

    async def counting(self: Any, request: Any) -> Any:
        calls.append(request)
        return await real(self, request)

    monkeypatch.setattr(AsyncBaseHTTPView, "parse_http_body", counting)
    return calls


def test_a_json_post_of_one_operation_takes_the_short_path(client: TestClient,
                                                           long_ways: list[Any]) -> None:
    for content_type in ("application/json", "application/json; charset=utf-8"):
        response = client.post("/graphql", content=json.dumps({"query": UNIT}),
                               headers={"content-type": content_type})
        assert response.status_code == 200
        assert response.json() == {"data": {"unit": {"name": "市规划局", "level": "CITY"}}}
    assert long_ways == []


@pytest.mark.parametrize("how", [
    {"method": "GET", "url": "/graphql?query={units{name}}"},
    {"content": b'[{"query": "{ units { name } }"}]', "headers": JSON},
    {"content": b'{"query": "{ units { name } }", "extensions": {"x": 1}}', "headers": JSON},
    {"content": b'{"query": "{ units { name } }", "other": 1}', "headers": JSON},
    {"content": b'{"query": 1}', "headers": JSON},
    {"content": b"not json", "headers": JSON},
    {"content": b'{"query": "{ units { name } }"}', "headers": {"content-type": "text/plain"}},
])
def test_any_other_request_goes_the_long_way(client: TestClient, long_ways: list[Any],
                                             how: dict[str, Any]) -> None:
    method = how.get("method", "POST")
    client.request(method, how.get("url", "/graphql"), content=how.get("content"),
                   headers=how.get("headers"))
    assert len(long_ways) == 1


@pytest.mark.parametrize("body,headers", [
    ({"query": UNIT}, {}),
    ({"query": UNIT}, {"accept": "application/graphql-response+json"}),
    ({"query": "query($n: String!) { unit(name: $n) { name } }", "variables": {"n": "市规划局"},
      "operationName": None}, {}),
    ({"query": "query A { units { name } } query B { unit(name: \"市规划局\") { name } }",
      "operationName": "B"}, {}),
    ({"query": "{ unit(name: \"无此单位\") { name } }"}, {}),
    ({"query": "{ nothingHere }"}, {}),
    ({"query": "{ units { name "}, {}),
    ({"query": "{ units { tasks { owners { unit { name } } } } }"}, {}),  # too deep
    ({"query": "subscription { x }"}, {}),
    ({"query": ""}, {}),
    ({"query": UNIT}, {"authorization": "Bearer nonsense"}),
    ({"query": "mutation { reportProgress(obligationId: \"x\", state: DONE) { id } }"}, {}),
])
def test_the_short_path_answers_what_the_long_way_answers(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, body: dict[str, Any],
        headers: dict[str, str]) -> None:
    short = client.post("/graphql", json=body, headers=headers)
    monkeypatch.setattr(lean_http, "plain_json_post", lambda scope: False)
    long = client.post("/graphql", json=body, headers=headers)
    assert (short.status_code, short.content) == (long.status_code, long.content)
    for name in ("content-type", "retry-after", "content-length"):
        assert short.headers.get(name) == long.headers.get(name)
