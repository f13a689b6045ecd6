"""A fresh migrated SQLite database holding the bundled corpus, for each test that writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.db import make_engine
from store.ingest import load_bundled
from store.readback import one_value
from store.tables import Document

NUMBER_000 = "温政发〔2018〕26号"


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'policygraph.db'}")
    assert load_bundled(engine=engine)
    yield engine
    engine.dispose()


def document_id(engine: Engine, number: str = NUMBER_000) -> int:
    """The id of the stored document with this 文号."""
    with Session(engine) as session:
        found = one_value(session=session, column=Document.id, where=[Document.number == number])
    assert found is not None
    return found
