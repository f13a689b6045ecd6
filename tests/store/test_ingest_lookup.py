"""The ingest's questions about stored documents are planned afresh on PostgreSQL: a plan
kept for a prepared statement is the one made while a bulk ingest's tables were nearly
empty, a sequential scan over every row stored since (see store.ingest_lookup)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import ingest_lookup
from store.db import make_engine
from store.readback.postgres import prepared_statements
from store.setup import init_db
from tests.pg_cluster import PgCluster

pytestmark = pytest.mark.postgres

#: More runs than psycopg waits for before it prepares a statement (five).
RUNS = 8


@pytest.fixture
def pg_engine(pg_cluster: PgCluster) -> Iterator[Engine]:
    engine = make_engine(pg_cluster.create_database())
    init_db(engine)
    yield engine
    engine.dispose()


def _prepared(session: Session) -> list[str]:
    connection = session.connection().connection.dbapi_connection
    assert isinstance(connection, psycopg.Connection)
    return prepared_statements(connection=connection)


def test_the_ingest_look_ups_of_stored_documents_are_never_prepared(pg_engine: Engine) -> None:
    # without ``planned_each_time`` psycopg prepares each of them after its fifth run
    with Session(pg_engine) as session:
        for _ in range(RUNS):
            assert ingest_lookup.with_bytes(session, "0" * 64) == []
            assert ingest_lookup.with_key(session, "温政发2018-26") is None
            assert ingest_lookup.with_key_or_number(session, "温政发2018-26", "温政发〔2018〕26号") == []
            assert ingest_lookup.with_text(session, "f" * 64, None) is None
            assert ingest_lookup.with_text(session, "f" * 64, "0" * 64) is None
            assert ingest_lookup.citing(session, "温政发〔2018〕26号", "某方案", 0) == []
            assert ingest_lookup.citing(session, "温政发〔2018〕26号", None, 0) == []
            assert ingest_lookup.citing(session, None, "某方案", 0) == []
        prepared = _prepared(session)
    assert not any("FROM document" in statement for statement in prepared), prepared
