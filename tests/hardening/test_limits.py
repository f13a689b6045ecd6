"""Query limits over real HTTP: each refusal is a 4xx with an ``extensions.code``."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager

import httpx
import pytest

from settings import Settings
from tests.hardening.conftest import post


def nested_pairings(levels: int) -> str:
    """``place { pairedWith { pairedWith … { name } } }`` with ``levels`` pairedWith."""
    return ("{ place(name: \"泰顺县\") { " + "pairedWith { " * levels + "name"
            + " }" * levels + " } }")


def codes(response: httpx.Response) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json()["errors"]]


def test_a_shallow_query_is_answered(default_server: str) -> None:
    response = post(default_server, nested_pairings(2))
    assert response.status_code == 200
    assert response.json()["data"]["place"]["pairedWith"], "泰顺县 is paired with a district"


def test_a_too_deep_query_is_refused_with_400_and_its_code(default_server: str) -> None:
    response = post(default_server, nested_pairings(40))
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_DEEP"]
    assert "最大操作深度" in response.json()["errors"][0]["message"]


def test_thirty_aliases_pass_and_thirty_one_are_refused(default_server: str) -> None:
    thirty = "{ " + " ".join(f"a{i}: __typename" for i in range(30)) + " }"
    thirty_one = "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"
    assert post(default_server, thirty).json()["data"]["a29"] == "Query"
    refused = post(default_server, thirty_one)
    assert refused.status_code == 400
    assert codes(refused) == ["TOO_MANY_ALIASES"]


def test_a_document_over_the_token_limit_is_refused(default_server: str) -> None:
    # 5000 field names plus the two braces: 5002 tokens, the limit is 5000.
    response = post(default_server, "{ " + "__typename " * 5000 + "}")
    assert response.status_code == 400
    assert codes(response) == ["TOO_MANY_TOKENS"]


@pytest.mark.parametrize("query, variables", [
    ('{ obligations(asOf: "2019-01-01", first: 501) { totalCount } }', {}),
    ('query Big($n: Int) { obligations(asOf: "2019-01-01", first: $n) { totalCount } }',
     {"n": 100000}),
    ('query F { ...Page } fragment Page on Query { units(first: 9999) { name } }', {}),
], ids=["literal", "variable", "fragment"])
def test_first_above_the_page_size_is_bad_user_input(default_server: str, query: str,
                                                    variables: dict[str, int]) -> None:
    response = post(default_server, query, variables)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["maximum"] == 500


def test_first_within_the_page_size_pages(default_server: str) -> None:
    response = post(default_server, '{ obligations(asOf: "2019-01-01", first: 2) '
                                    '{ edges { cursor } } }')
    assert response.status_code == 200
    assert len(response.json()["data"]["obligations"]["edges"]) == 2
    assert len(post(default_server, "{ units(first: 2) { name } }").json()["data"]["units"]) == 2


def test_a_body_over_the_limit_is_413_by_content_length(default_server: str) -> None:
    body = b'{"query": "{ __typename }", "pad": "' + b"x" * 1_048_576 + b'"}'
    response = httpx.post(f"{default_server}/graphql", content=body,
                          headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_a_chunked_body_over_the_limit_is_413_too(default_server: str) -> None:
    def chunks():  # no Content-Length: the server must count what arrives
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    response = httpx.post(f"{default_server}/graphql", content=chunks(),
                          headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_an_operation_past_its_time_budget_is_503_and_the_server_stays_up(
        live: Callable[..., AbstractContextManager[str]]) -> None:
    many = "{ " + " ".join(f"w{i}: workload(asOf: \"2019-06-01\") {{ tasks centrality }}"
                           for i in range(150)) + " }"
    with live(time_budget_seconds=0.05, max_aliases=1000, max_tokens=100000) as base:
        started = time.monotonic()
        response = post(base, many)
        assert time.monotonic() - started < 5
        assert response.status_code == 503
        assert response.headers["retry-after"]
        assert codes(response) == ["TIMEOUT"]
        assert httpx.get(f"{base}/healthz", timeout=5).json()["ok"] is True
        assert post(base, "{ __typename }").json() == {"data": {"__typename": "Query"}}


def test_introspection_can_be_switched_off(live: Callable[..., AbstractContextManager[str]]) -> None:
    with live(introspection=False) as base:
        refused = post(base, "{ __schema { queryType { name } } }")
        assert refused.status_code == 400
        assert set(codes(refused)) == {"INTROSPECTION_DISABLED"}
        assert post(base, "{ __typename }").status_code == 200
        # the playground is a separate switch; it stays on here
        assert httpx.get(f"{base}/graphql", headers={"accept": "text/html"}).status_code == 200


def test_production_turns_introspection_and_the_playground_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_ENV", "production")
    monkeypatch.delenv("POLICYGRAPH_GRAPHIQL", raising=False)
    monkeypatch.delenv("POLICYGRAPH_INTROSPECTION", raising=False)
    settings = Settings.from_env()
    assert (settings.graphiql, settings.introspection) == (False, False)
    monkeypatch.setenv("POLICYGRAPH_INTROSPECTION", "1")
    assert Settings.from_env().introspection is True


def test_limits_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_MAX_DEPTH", "4")
    monkeypatch.setenv("POLICYGRAPH_MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("POLICYGRAPH_RATE_LIMIT_IP", "0")
    settings = Settings.from_env()
    assert (settings.max_depth, settings.max_body_bytes, settings.rate_limit_ip) == (4, 2048, 0)


def test_graphql_response_json_is_served_when_asked_for(default_server: str) -> None:
    accept = {"accept": "application/graphql-response+json, application/json;q=0.9"}
    ok = post(default_server, "{ __typename }", headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    broken = post(default_server, "{", headers=accept)
    assert broken.status_code == 400
    assert "data" not in broken.json()
    # plain JSON clients keep the 200 of the legacy behaviour for ordinary parse errors
    legacy = post(default_server, "{", headers={"accept": "application/json"})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == "application/json"
