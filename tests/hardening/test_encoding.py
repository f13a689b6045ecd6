"""GraphQL answers are written by orjson only where it writes the bytes json writes: the
same answers, byte for byte, as the old encoder gave, over the bundled corpus and over
every character a string may hold."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

import hardening.view as view
from hardening.encoding import answer_bytes
from i18n.jsonio import encode
from tests.live_server import uncached_corpus_client

PLAIN = (  # every leaf a String, ID, Int, Boolean, Date or enum
    '{ obligations(asOf: "2019-01-01", first: 100) { totalCount pageInfo { hasNextPage '
    'endCursor } nodes { id path dueDate status owners { name } } } }',
    '{ dueBetween(start: "2018-01-01", end: "2021-12-31") { path dueDate } }',
    '{ unit(name: "市规划局") { name level tasks { path document { number } } } }',
    '{ overdue(asOf: "2019-06-01") { id path text dueDate status source { quote } } }',
    '{ units { name taskCount } }',
)
WITH_FLOATS = (
    '{ whoOwns(text: "亿元") { target { path quote value unit } owners { name role } } }',
    '{ workload(asOf: "2019-06-01") { unit { name } tasks centrality } }',
)


def old_encoding(body: bytes) -> bytes:
    """What the server wrote before: json.dumps of the same answer (json reads floats
    back to the same float, so re-encoding gives the old bytes)."""
    return encode(json.loads(body))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with uncached_corpus_client(tmp_path_factory.mktemp("encoding")) as test_client:
        yield test_client


@pytest.fixture
def fast_writes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every answer the view hands to orjson from now on."""
    written: list[Any] = []
    real = view.answer_bytes

    def counting(value: Any, *, plain: bool) -> bytes:
        written.append(value)
        return real(value, plain=plain)

    monkeypatch.setattr(view, "answer_bytes", counting)
    return written


@pytest.mark.parametrize("query", PLAIN)
def test_an_answer_without_floats_is_written_by_orjson_as_json_wrote_it(
        client: TestClient, fast_writes: list[Any], query: str) -> None:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200 and "errors" not in response.json()
    assert response.content == old_encoding(response.content)
    assert len(fast_writes) == 1


@pytest.mark.parametrize("query", WITH_FLOATS)
def test_an_answer_that_may_hold_floats_is_written_by_json(
        client: TestClient, fast_writes: list[Any], query: str) -> None:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200 and "errors" not in response.json()
    assert response.content == old_encoding(response.content)
    assert fast_writes == []


def test_an_answer_with_errors_is_written_by_json(client: TestClient,
                                                  fast_writes: list[Any]) -> None:
    response = client.post("/graphql", json={"query": '{ unit(name: "没有这个单位") { name } }'})
    assert response.json()["errors"]
    assert response.content == old_encoding(response.content)
    assert fast_writes == []


def test_every_character_is_written_as_json_writes_it() -> None:
    characters = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(characters), 4096):
        text = "".join(characters[start:start + 4096])
        value = {"data": {text[:8]: [text, {"k": text}]}}
        assert answer_bytes(value, plain=True) == encode(value)


def test_what_orjson_refuses_is_written_by_json() -> None:
    for value in ({"data": {"n": 2 ** 64}}, {"data": {1: "one"}}):
        assert answer_bytes(value, plain=True) == encode(value)
