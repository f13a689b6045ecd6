"""The feeds follow GraphQL's read rule: in production an anonymous client gets a 401 from
every calendar and from /metrics, a viewer token (header or ``?access_token=``) reads;
failed authentication is counted on /metrics and never written to the audit trail; days
outside the documents' window are a 400, not a crash."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from store.audit import AuditEntry
from store.readback import stored_rows
from store.tokens import create_token
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401

ROUTES = ["/calendar/经合办.ics", "/calendar/place/泰顺县.ics", "/metrics"]


@pytest.fixture
def production(corpus_db: Engine) -> Iterator[TestClient]:  # noqa: F811
    settings = Settings(version_check_seconds=0, anonymous_read=False)
    with TestClient(create_app(corpus_db, settings=settings)) as client:
        yield client


def viewer_token(engine: Engine) -> str:
    with Session(engine) as session:
        _, clear = create_token(session=session, unit_id=None, role="viewer")
        session.commit()
    return clear


@pytest.mark.parametrize("route", ROUTES)
def test_production_refuses_anonymous_feed_readers(production: TestClient, route: str) -> None:
    response = production.get(route)
    assert response.status_code == 401
    assert "市招商局" not in response.text and "OVERDUE" not in response.text


@pytest.mark.parametrize("route", ROUTES)
def test_a_viewer_token_reads_the_feeds_by_header_or_parameter(
        production: TestClient, corpus_db: Engine, route: str) -> None:  # noqa: F811
    clear = viewer_token(corpus_db)
    assert production.get(route, headers={"Authorization": f"Bearer {clear}"}).status_code == 200
    assert production.get(route, params={"access_token": clear}).status_code == 200
    assert production.get(route, params={"access_token": clear + "x"}).status_code == 401


def test_bogus_tokens_are_counted_not_audited(production: TestClient,
                                              corpus_db: Engine) -> None:  # noqa: F811
    def failures() -> int:
        text = production.get("/metrics", params={"access_token": clear}).text
        line = next(x for x in text.splitlines()
                    if x.startswith('policygraph_auth_failures_total{reason="invalid_token"}'))
        return int(float(line.rsplit(" ", 1)[1]))

    clear = viewer_token(corpus_db)
    before = failures()
    for n in range(20):
        production.post("/graphql", json={"query": "{ units { name } }"},
                        headers={"Authorization": f"Bearer pg_bogus{n}_secret"})
        production.get("/metrics", headers={"Authorization": f"Bearer pg_bogus{n}_secret"})
    with Session(corpus_db) as session:
        assert stored_rows(session=session, model=AuditEntry) == []
    assert failures() == before + 40


@pytest.mark.parametrize("url", ["/calendar/经合办.ics?as_of=9999-12-31",
                                 "/calendar/place/泰顺县.ics?as_of=9999-12-31",
                                 "/metrics?as_of=9000-01-01", "/calendar/经合办.ics?as_of=x"])
def test_a_day_outside_the_window_is_a_400(corpus_db: Engine, url: str) -> None:  # noqa: F811
    with TestClient(create_app(corpus_db, settings=Settings(version_check_seconds=0))) as client:
        response = client.get(url)
    assert response.status_code == 400
    assert "as_of" in response.text
