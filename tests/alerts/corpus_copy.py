"""A private copy of the bundled corpus database for each test that writes to it.

Loading the corpus (migrations + extraction) takes a few seconds, so it is done once per
session into a template SQLite file; each test gets a byte copy, migrated and loaded,
and may write alert state, reports and outbox rows freely.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from store.db import make_engine
from store.ingest import load_bundled


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus loaded once into a SQLite file (closed, so the WAL is checkpointed)."""
    path = tmp_path_factory.mktemp("corpus-template") / "policygraph.db"
    engine = make_engine(f"sqlite:///{path}")
    assert load_bundled(engine=engine)
    engine.dispose()
    return path


@pytest.fixture
def corpus_url(corpus_template: Path, tmp_path: Path) -> str:
    """URL of this test's own copy of the corpus database."""
    copy = tmp_path / "policygraph.db"
    shutil.copyfile(corpus_template, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def corpus_db(corpus_url: str) -> Iterator[Engine]:
    """An engine on this test's own copy of the corpus database."""
    engine = make_engine(corpus_url)
    yield engine
    engine.dispose()
