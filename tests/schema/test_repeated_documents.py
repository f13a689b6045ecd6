"""What a request no longer pays for again: a document without variables found within the
string limits is not walked again (one that was refused, or one with variables, is checked
every time), and a request makes only the DataLoaders its resolvers ask for."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

import schema.lengths as lengths
from schema.loaders import Loaders
from tests.schema.conftest import Gql

LONG = "局" * 1001


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The variables of every string-limit walk from now on (the memory emptied first)."""
    seen: list[Any] = []
    real = lengths.overlong_argument

    def counting(document: Any, variables: Any, default: int = 1000) -> Any:
        seen.append(variables)
        return real(document, variables, default)

    monkeypatch.setattr(lengths, "overlong_argument", counting)
    monkeypatch.setattr(lengths, "_passed", type(lengths._passed)(maxsize=8))
    return seen


def test_a_repeated_document_within_the_limits_is_walked_once(gql: Gql,
                                                              walks: list[Any]) -> None:
    query = '{ unit(name: "市商务局") { name } }'
    answers = [gql(query) for _ in range(3)]
    assert answers[0] == {"data": {"unit": {"name": "市商务局"}}}, answers[0]
    assert len(walks) == 1


def test_a_document_over_the_limit_is_refused_every_time(client: TestClient,
                                                          walks: list[Any]) -> None:
    query = '{ unit(name: "' + LONG + '") { name } }'
    for _ in range(2):
        response = client.post("/graphql", json={"query": query})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"] == {
            "code": "BAD_USER_INPUT", "argument": "name", "limit": 1000}
    assert len(walks) == 2


def test_a_document_with_variables_is_checked_with_each_request_s_values(
        gql: Gql, client: TestClient, walks: list[Any]) -> None:
    query = "query($n: String!) { unit(name: $n) { name } }"
    assert gql(query, n="市商务局") == {"data": {"unit": {"name": "市商务局"}}}
    refused = client.post("/graphql", json={"query": query, "variables": {"n": LONG}})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert len(walks) == 2


def test_only_the_loaders_a_request_asks_for_are_made(sample_engine: Engine) -> None:
    with Session(sample_engine) as session:
        loaders = Loaders(session)
        assert "unit" not in vars(loaders) and "task" not in vars(loaders)
        first = loaders.unit
        assert loaders.unit is first  # one per request: its cache is the request's
        assert "unit" in vars(loaders) and "task" not in vars(loaders)
