"""The access log names a GraphQL operation from what the view already read: the body's
JSON is parsed once per request, and a request refused before the view is still named."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

import observability.accesslog as accesslog
from tests.live_server import uncached_corpus_client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with uncached_corpus_client(tmp_path_factory.mktemp("oplog")) as test_client:
        yield test_client


@pytest.fixture
def body_parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every request body the access log parses itself from now on."""
    parsed: list[bytes] = []
    real = accesslog._request_params

    def counting(scope: dict[str, Any]) -> dict[str, Any]:
        parsed.append(scope.get(accesslog.BODY_KEY) or b"")
        return real(scope)

    monkeypatch.setattr(accesslog, "_request_params", counting)
    return parsed


def _logged(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == accesslog.LOGGER]


def test_a_post_is_named_without_parsing_its_body_again(
        client: TestClient, body_parses: list[bytes], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=accesslog.LOGGER)
    named = client.post("/graphql", json={"query": "query Units { units { name } }"})
    chosen = client.post("/graphql", json={"query": "query A { units { name } } "
                                                    "query B { __typename }",
                                           "operationName": "B"})
    anonymous = client.post("/graphql", json={"query": "{ __typename }"})
    assert [r.status_code for r in (named, chosen, anonymous)] == [200, 200, 200]
    assert [line["operation"] for line in _logged(caplog)] == ["Units", "B", None]
    assert body_parses == []


def test_a_get_is_named_from_its_query_string(client: TestClient,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=accesslog.LOGGER)
    response = client.get("/graphql", params={"query": "query Units { units { name } }"})
    assert response.status_code == 200
    assert [line["operation"] for line in _logged(caplog)] == ["Units"]


def test_a_body_refused_before_the_view_is_still_named(
        client: TestClient, body_parses: list[bytes], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=accesslog.LOGGER)
    deep = {"query": "query Deep { __typename }", "variables": {"v": json.loads("[" * 80 + "]" * 80)}}
    response = client.post("/graphql", json=deep)
    assert response.status_code == 400  # JSON nested past the limit: refused unparsed
    assert [line["operation"] for line in _logged(caplog)] == ["Deep"]
    assert len(body_parses) == 1


def test_a_body_nested_past_what_python_parses_is_logged_unnamed(
        client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=accesslog.LOGGER)
    # not declared JSON, so the depth check lets it by and the view refuses its type
    body = b'{"query": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post("/graphql", content=body, headers={"content-type": "text/plain"})
    assert response.status_code == 400
    assert [(line["operation"], line["status"]) for line in _logged(caplog)] == [(None, 400)]
