"""PostgreSQL gets pg_trgm GIN indexes for Chinese substring search; SQLite scans."""

from __future__ import annotations

import pytest

from store.db import make_engine
from store.readback import index_names
from store.setup import init_db
from tests.pg_cluster import PgCluster


@pytest.mark.postgres
def test_postgresql_migration_creates_the_trigram_indexes(pg_cluster: PgCluster) -> None:
    pg_engine = make_engine(pg_cluster.create_database())
    init_db(pg_engine)
    with pg_engine.connect() as conn:
        names = index_names(connection=conn, prefix="ix_trgm_")
    pg_engine.dispose()
    assert sorted(names) == ["ix_trgm_target_source_quote", "ix_trgm_task_text"]
