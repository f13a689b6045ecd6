"""PostgreSQL gets pg_trgm GIN indexes for Chinese substring search; SQLite scans."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from store.db import make_engine, session_scope
from store.ingest import ingest_extraction
from store.search import search_tasks
from store.setup import init_db
from tests.pg_cluster import PgCluster
from tests.store.extractions import extraction_000


def test_search_finds_tasks_by_a_chinese_substring_of_text_or_target_quote(engine: Engine) -> None:
    with session_scope(engine) as session:
        ingest_extraction(
            session=session, extraction=extraction_000(), source_file=None, sha256="x"
        )
    with session_scope(engine) as session:
        assert [t.path for t in search_tasks(session=session, phrase="股份合作")] == ["二(二)1"]
        assert [t.path for t in search_tasks(session=session, phrase="到位资金不少于40亿元")] == [
            "二(一)"
        ]
        assert search_tasks(session=session, phrase="100%_") == []


@pytest.mark.postgres
def test_postgresql_migration_creates_the_trigram_indexes(pg_cluster: PgCluster) -> None:
    pg_engine = make_engine(pg_cluster.create_database())
    init_db(pg_engine)
    with pg_engine.connect() as conn:
        names = (
            conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_trgm_%'"))
            .scalars()
            .all()
        )
    pg_engine.dispose()
    assert sorted(names) == ["ix_trgm_target_source_quote", "ix_trgm_task_text"]
