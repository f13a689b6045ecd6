"""ingest_file / ingest_paths / load_bundled on the real corpus files, both back-ends."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

import store.writers as writers_module
from graph.state import read_version
from store.ingest import IngestResult, bundled_paths, ingest_file, ingest_paths, load_bundled
from store.readback import column_values, stored_rows
from store.tables import Document, Pairing
from tests.store.conftest import Dump, row_counts

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"
DOC_003 = CORPUS / "003_e159d8715f3bd95b.txt"


def test_bundled_paths_are_the_two_corpus_texts() -> None:
    assert [p.name for p in bundled_paths()] == [DOC_000.name, DOC_003.name]


def test_the_same_file_twice_is_unchanged_and_writes_nothing(
    engine: Engine, dump: Callable[[Engine], Dump]
) -> None:
    first = ingest_file(engine=engine, path=DOC_000)
    assert (first.status, first.key) == ("created", "000_a92242b81cc0d015")
    before = dump(engine)
    second = ingest_file(engine=engine, path=DOC_000)
    assert (second.status, second.document_id) == ("unchanged", first.document_id)
    assert dump(engine) == before


def test_a_changed_file_with_the_same_stem_is_updated_in_place(
    engine: Engine, tmp_path: Path
) -> None:
    copy = tmp_path / DOC_000.name
    shutil.copy(DOC_000, copy)
    first = ingest_file(engine=engine, path=copy)
    counts = row_counts(engine)
    copy.write_bytes(DOC_000.read_bytes() + b"\n")  # same content, new SHA-256
    second = ingest_file(engine=engine, path=copy)
    assert (second.status, second.document_id) == ("updated", first.document_id)
    assert row_counts(engine) == counts
    with Session(engine) as session:
        assert read_version(session) == 2


def test_a_failure_inside_ingest_file_is_reported_and_leaves_the_database_as_it_was(
    engine: Engine, dump: Callable[[Engine], Dump], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy = tmp_path / DOC_000.name
    shutil.copy(DOC_000, copy)
    ingest_file(engine=engine, path=copy)
    before = dump(engine)
    copy.write_bytes(DOC_000.read_bytes() + b"\n")

    def explode(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writers_module, "store_citations", explode)
    result = ingest_file(engine=engine, path=copy)
    assert (result.status, result.message) == ("failed", "RuntimeError: disk on fire")
    assert dump(engine) == before


def test_ingest_paths_reports_each_file_and_stores_the_good_ones(
    engine: Engine, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    seen: list[IngestResult] = []
    results = ingest_paths(engine=engine, paths=[empty, DOC_003], progress=seen.append)
    assert [r.status for r in results] == ["failed", "created"]
    assert seen == results
    with Session(engine) as session:
        assert column_values(session=session, column=Document.key) == ["003_e159d8715f3bd95b"]


def test_load_bundled_loads_once_then_does_nothing(db_url: str) -> None:
    from store.db import make_engine

    engine = make_engine(db_url)
    assert load_bundled(engine=engine) is True
    counts = row_counts(engine)
    assert counts["document"] == 2 and counts["pairing"] == 5
    assert load_bundled(engine=engine) is False
    assert row_counts(engine) == counts
    with Session(engine) as session:
        assert {p.confidence for p in stored_rows(session=session, model=Pairing)} == {
            "stated",
            "reported",
            "inferred",
        }
    engine.dispose()
