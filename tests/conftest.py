"""Fixtures shared by every test package: databases on SQLite and real PostgreSQL.

``db_url``         - function scope, parametrised ``sqlite`` / ``postgresql``: an empty database.
``engine``         - an engine on ``db_url``, migrated to head, no rows but the DataVersion one.
``corpus_engine``  - module scope, both back-ends: migrated, pairings loaded and the two
                     bundled documents ingested.  Treat it as read-only.
``pg_cluster``     - session scope: the running PostgreSQL cluster (see tests/pg_cluster.py).

PostgreSQL cases carry the ``postgres`` marker (``-m "not postgres"`` deselects them);
when the server binaries are missing they FAIL with an install hint, never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.pg_cluster import PgCluster, start_cluster

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """Start one PostgreSQL cluster for the session; stop and delete it at the end."""
    try:
        cluster = start_cluster()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


def _new_database(request: pytest.FixtureRequest, backend: str, directory: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{directory / 'policygraph.db'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a new, empty database: a temp SQLite file or a fresh PostgreSQL database."""
    return _new_database(request, request.param, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on ``db_url``, migrated to the current schema and otherwise empty."""
    from store.db import make_engine
    from store.setup import init_db

    eng = make_engine(db_url)
    init_db(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """Migrated + pairings + both bundled documents; shared by a module, do not write."""
    from store.db import make_engine
    from store.ingest import load_bundled

    url = _new_database(request, request.param, tmp_path_factory.mktemp("corpus"))
    eng = make_engine(url)
    assert load_bundled(engine=eng), "load_bundled found documents in a brand-new database"
    yield eng
    eng.dispose()


@pytest.fixture
def corpus_paths() -> list[Path]:
    """The bundled documents (data/corpus/*.txt), in name order."""
    return sorted(CORPUS_DIR.glob("*.txt"))
