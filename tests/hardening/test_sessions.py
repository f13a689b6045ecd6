"""Every request gives its database connection back, whatever path it took.

Found by the fuzz run: bodies that are not JSON, mutations over GET, the playground page
and refused operations each opened a session that nothing closed, and after a few
thousand requests the connection pool was empty and the next query waited out its time
budget.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.alerts import corpus_copy
from tests.schema.conftest import make_client, make_token

# A writable copy of the corpus per test (the hardening conftest's corpus_db is a path factory).
corpus_template = corpus_copy.corpus_template
corpus_url = corpus_copy.corpus_url
corpus_db = corpus_copy.corpus_db

BAD_TOKEN = {"Authorization": "Bearer pg_nothere_secret"}

REQUESTS: dict[str, tuple[str, dict[str, Any]]] = {
    "a query": ("POST", {"json": {"query": "{ units { name } }"}}),
    "a query with a token": ("POST", {"json": {"query": "{ units { name } }"},
                                      "headers": BAD_TOKEN}),
    "a syntax error": ("POST", {"json": {"query": "{ units { name "}}),
    "a validation error": ("POST", {"json": {"query": "{ nothing }"}}),
    "a body that is not JSON": ("POST", {"content": b"{not json",
                                         "headers": {"content-type": "application/json"}}),
    "a body that is not UTF-8": ("POST", {"content": b"\xff\xfe\x00",
                                          "headers": {"content-type": "application/json"}}),
    "a mutation over GET": ("GET", {"params": {"query": "mutation { refreshGraph }"}}),
    "a refused mutation": ("POST", {"json": {"query": "mutation { refreshGraph }"}}),
    "a PUT": ("PUT", {"json": {"query": "{ units { name } }"}}),
    "the playground page": ("GET", {"headers": {"accept": "text/html"}}),
}


def all_returned(engine: Engine, *, within: float = 3.0) -> bool:
    """Whether every connection is back in the pool within ``within`` seconds.

    The live-update hub reads the audit trail in the background (on SQLite it polls for new
    entries, and a refusal writes one), so a connection may be out for a moment after the
    response; a connection a request leaked stays out.
    """
    deadline = time.monotonic() + within
    while engine.pool.checkedout():  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def client(corpus_db: Engine) -> Iterator[TestClient]:
    with make_client(corpus_db) as test_client:
        yield test_client


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_the_connection_is_returned_after(kind: str, client: TestClient,
                                          corpus_db: Engine) -> None:
    method, kwargs = REQUESTS[kind]
    for _ in range(3):
        response = client.request(method, "/graphql", **kwargs)
        assert response.status_code < 500, response.text
    assert all_returned(corpus_db), f"{kind} left a connection checked out"


def test_a_token_holders_refused_report_returns_its_connection(client: TestClient,
                                                               corpus_db: Engine) -> None:
    viewer = make_token(corpus_db, "viewer")
    response = client.post("/graphql", headers={"Authorization": f"Bearer {viewer}"},
                           json={"query": "mutation { refreshGraph }"})
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert all_returned(corpus_db)
