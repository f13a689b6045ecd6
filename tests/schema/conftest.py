"""Fixtures for the GraphQL tests: the hand-written sample store behind a real app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from graph.sample import fill_sample
from schema.obligation import ObligationType
from server import create_app
from settings import Settings

Gql = Callable[..., dict[str, Any]]


@pytest.fixture
def sample_engine(engine: Engine) -> Engine:
    """The migrated ``engine`` (SQLite and PostgreSQL) holding graph.sample's rows."""
    with Session(engine) as session:
        fill_sample(session)
        session.commit()
    return engine


def make_client(engine: Engine, **fields: Any) -> TestClient:
    """A TestClient over the app, checking the data version on every request; ``fields``
    are further settings (the progress rule, …)."""
    return TestClient(create_app(engine, settings=Settings(version_check_seconds=0, **fields)))


@pytest.fixture
def client(sample_engine: Engine) -> Iterator[TestClient]:
    with make_client(sample_engine) as test_client:
        yield test_client


def post_query(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """POST a GraphQL query; return the decoded response body."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def gql(client: TestClient) -> Gql:
    """Run a query against the sample app: ``gql("{ units { name } }")``."""
    return lambda query, **variables: post_query(client, query, **variables)


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of every Obligation object built from now on."""
    keys: list[str] = []
    real = ObligationType.from_assessed

    def counting(graph: nx.MultiDiGraph, assessed: Any, as_of: Any = None) -> ObligationType:
        keys.append(assessed.obligation.id)
        return real(graph, assessed, as_of)

    monkeypatch.setattr(ObligationType, "from_assessed", counting)
    return keys


# --- a private, writable copy of the bundled corpus (progress, auth tests) -----------------

from tests.alerts import corpus_copy  # noqa: E402

# Re-exported fixtures: a per-test byte copy of a corpus loaded once per session.
corpus_template = corpus_copy.corpus_template
corpus_url = corpus_copy.corpus_url
corpus_db = corpus_copy.corpus_db
PARK = "deadline:000_a92242b81cc0d015/二(二)1/1"  # 2018年7月底前, 结对县(市、区)党委、政府
PLAN_REVIEW = "deadline:000_a92242b81cc0d015/二(二)2/1"  # 2018年四季度前, 市规划局 among owners


@pytest.fixture
def corpus_client(corpus_db: Engine) -> Iterator[TestClient]:
    """The app over this test's own copy of the corpus (anonymous reads allowed)."""
    with make_client(corpus_db) as test_client:
        yield test_client


def make_token(engine: Engine, role: str, unit: str | None = None) -> str:
    """Create a token (for ``unit`` by canonical name, creating the unit if new)."""
    from store.readback import first_row
    from store.tables import Unit
    from store.tokens import create_token

    with Session(engine) as session:
        unit_id = None
        if unit is not None:
            row = first_row(session=session, model=Unit, where=[Unit.name == unit])
            if row is None:  # a county government the documents never name
                row = Unit(name=unit, level="county")
                session.add(row)
                session.flush()
            unit_id = row.id
        _, clear = create_token(session=session, unit_id=unit_id, role=role)
        session.commit()
    return clear


def as_token(client: TestClient, token: str | None, query: str, **variables: Any) -> dict[str, Any]:
    """POST a GraphQL operation with ``Authorization: Bearer token`` (none when ``None``)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post("/graphql", json={"query": query, "variables": variables},
                           headers=headers)
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body


def codes(body: dict[str, Any]) -> list[str]:
    """The ``extensions.code`` of every error in a response."""
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def upload_as(client: TestClient, token: str | None, query: str, data: bytes, filename: str,
              *, headers: dict[str, str] | None = None, **variables: Any) -> dict[str, Any]:
    """POST an operation whose ``$file`` variable is a file, as the GraphQL multipart request
    spec says (``operations``, ``map``, the file part), with the CSRF preflight header."""
    import json

    sent = {"Apollo-Require-Preflight": "true",
            **({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
    operations = {"query": query, "variables": {**variables, "file": None}}
    response = client.post("/graphql", headers=sent,
                           data={"operations": json.dumps(operations),
                                 "map": json.dumps({"0": ["variables.file"]})},
                           files={"0": (filename, data, "application/octet-stream")})
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body
