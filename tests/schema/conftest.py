"""Fixtures for the GraphQL tests: the hand-written sample store behind a real app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from graph.sample import fill_sample
from schema.settings import Settings
from server import create_app

Gql = Callable[..., dict[str, Any]]


@pytest.fixture
def sample_engine(engine: Engine) -> Engine:
    """The migrated ``engine`` (SQLite and PostgreSQL) holding graph.sample's rows."""
    with Session(engine) as session:
        fill_sample(session)
        session.commit()
    return engine


def make_client(engine: Engine) -> TestClient:
    """A TestClient over the app, checking the data version on every request."""
    return TestClient(create_app(engine, settings=Settings(version_check_seconds=0)))


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
