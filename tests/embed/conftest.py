"""Fixtures of the embed tests: the bundled corpus in a temporary SQLite database, served.

``corpus_sqlite``  - module scope: migrated, pairings and both bundled documents loaded.
``client``         - a Starlette TestClient over ``server.create_app`` on that database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from store.db import make_engine
from store.ingest import load_bundled

# Hand-written from data/corpus/000_a92242b81cc0d015.txt: each "(责任单位:…)" clause, in the
# order written; the first unit is the lead (牵头).  〈〉 are normalised to (), and
# 市招商局〈经合办〉 is the unit 市招商局 with the alias 经合办.  Units are shown by their
# standard names (extract/data/bureau_names.tsv): 市发改委 → 市发展和改革委员会,
# 市人力社保局 → 市人力资源和社会保障局, 市卫计委 → 市卫生和计划生育委员会.
COLLECTIVE = "结对县(市、区)党委、政府"
FGW, RLSB, WJW = "市发展和改革委员会", "市人力资源和社会保障局", "市卫生和计划生育委员会"
CLAUSE_UNITS_000 = {
    "二(一)": ["市招商局", COLLECTIVE],
    "二(二)1": [COLLECTIVE],
    "二(二)2": ["市招商局", FGW, "市国土资源局", "市规划局", "市旅游局", COLLECTIVE],
    "二(二)3": ["市招商局", FGW, "市财政局", "市国土资源局", "市规划局", COLLECTIVE],
    "二(三)1": ["市农业局", FGW, "市旅游局", "市招商局", COLLECTIVE],
    "二(三)2": [RLSB, "市招商局", COLLECTIVE],
    "二(三)3": ["市教育局", "市财政局", RLSB, WJW, COLLECTIVE],
    "二(三)4": ["市农业局", "市商务局", "市招商局", COLLECTIVE],
}


def new_corpus_engine(directory: Path) -> Engine:
    """A migrated SQLite database in ``directory`` holding the bundled corpus."""
    engine = make_engine(f"sqlite:///{directory / 'policygraph.db'}")
    assert load_bundled(engine=engine), "load_bundled found documents in a brand-new database"
    return engine


@pytest.fixture(scope="module")
def corpus_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("embed-db"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(corpus_sqlite: Engine) -> Iterator[TestClient]:
    app = create_app(corpus_sqlite, settings=Settings(version_check_seconds=0))
    with TestClient(app) as test_client:
        yield test_client
