"""Fixtures for correction tests: document 000 ingested from a copy that tests may edit."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.corrections.snapshot import breakdown
from store.ingest import ingest_file

CORPUS = Path(__file__).resolve().parents[3] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"


@dataclass
class Stored:
    """An ingested copy of document 000: its file, id and breakdown as extracted."""

    engine: Engine
    path: Path
    document_id: int
    extracted: list[dict]

    def breakdown(self) -> list[dict]:
        with Session(self.engine) as session:
            return breakdown(session=session, document_id=self.document_id)

    def task(self, path: str) -> dict:
        return next(t for t in self.breakdown() if t["path"] == path)


@pytest.fixture
def stored(engine: Engine, tmp_path: Path) -> Stored:
    copy = tmp_path / DOC_000.name
    shutil.copy(DOC_000, copy)
    result = ingest_file(engine=engine, path=copy)
    assert result.ok and result.document_id is not None
    with Session(engine) as session:
        extracted = breakdown(session=session, document_id=result.document_id)
    return Stored(engine, copy, result.document_id, extracted)
