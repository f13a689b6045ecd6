"""A folder is stored a batch of documents per transaction, a savepoint per document only
once one has failed: a failing document loses no other, a failed commit stores each document alone, and a
result is reported only once its document is committed (both back-ends)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

import store.ingest_batch as batch_module
import store.writers as writers_module
from bench.generate import generate_documents
from store.extract_pool import extract_checked
from store.ingest import IngestResult, default_config
from store.ingest_batch import Batch
from store.ingest_many import ingest_paths
from store.readback import column_values
from store.tables import Document
from tests.store.conftest import row_counts


def _folder(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for name, data, _ in generate_documents(seed=5, count=count):
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    return paths


def _keys(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(column_values(session=session, column=Document.key))


def test_a_document_failing_inside_a_batch_is_rolled_back_alone(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _folder(tmp_path, 3)
    real = _second_store_explodes(monkeypatch)
    results = ingest_paths(engine=engine, paths=paths, workers=1)

    assert [(r.path, r.status) for r in results] == [
        (paths[0], "created"), (paths[1], "failed"), (paths[2], "created")]
    assert results[1].message == "RuntimeError: disk on fire"
    assert _keys(engine) == sorted([paths[0].stem, paths[2].stem])
    # the failed document left no row behind: the good two stored alone give as many
    monkeypatch.setattr(writers_module, "store_citations", real)
    expected_engine = _fresh(tmp_path / "expected.db")
    ingest_paths(engine=expected_engine, paths=[paths[0], paths[2]], workers=1)
    assert row_counts(engine)["task"] == row_counts(expected_engine)["task"]
    assert row_counts(engine)["section"] == row_counts(expected_engine)["section"]
    expected_engine.dispose()


def test_documents_take_a_savepoint_each_only_when_one_before_them_failed(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _folder(tmp_path, 4)
    savepoints: list[str] = []
    event.listen(engine, "savepoint", lambda _connection, name: savepoints.append(name))
    assert [r.status for r in ingest_paths(engine=engine, paths=paths[:2], workers=1)] == [
        "created", "created"]
    assert savepoints == []  # nothing failed: no savepoint at all

    _second_store_explodes(monkeypatch)
    results = ingest_paths(engine=engine, paths=paths[2:], workers=1, force=True)
    # the first is stored again, in a savepoint, after the second failed
    assert [r.status for r in results] == ["created", "failed"]
    assert len(savepoints) == 1
    assert _keys(engine) == sorted(p.stem for p in paths[:3])


def _second_store_explodes(monkeypatch: pytest.MonkeyPatch) -> object:
    """Make the second document stored from now on fail; the real writer, to put back."""
    real = writers_module.store_citations
    calls = []

    def second_explodes(session: Session, document_id: int, extraction: object) -> None:
        calls.append(document_id)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        real(session, document_id, extraction)

    monkeypatch.setattr(writers_module, "store_citations", second_explodes)
    return real


def _fresh(path: Path) -> Engine:
    from store.db import make_engine
    from store.setup import init_db

    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    return engine


def test_when_the_commit_fails_each_document_is_stored_alone(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _folder(tmp_path, 2)
    config = default_config()
    batch = Batch(engine)
    for path in paths:
        extraction = extract_checked(path.read_bytes(), path.name, path.stem, config)
        assert batch.store(path=path, key=path.stem, digest=path.stem,
                           extraction=extraction) == []

    def refuse() -> None:
        raise RuntimeError("the disk filled up at commit")

    monkeypatch.setattr(batch.session, "commit", refuse)
    results = batch.flush()
    batch.close()

    assert [(r.path, r.status) for r in results] == [(p, "created") for p in paths]
    assert _keys(engine) == sorted(p.stem for p in paths)


def test_a_result_is_reported_only_once_its_document_is_committed(
        engine: Engine, tmp_path: Path) -> None:
    paths = _folder(tmp_path, 3)
    committed: list[list[str]] = []

    def progress(result: IngestResult) -> None:
        committed.append(_keys(engine))  # read on another connection

    results = ingest_paths(engine=engine, paths=paths, workers=1, progress=progress)

    assert [r.status for r in results] == ["created"] * 3
    for result, keys in zip(results, committed, strict=True):
        assert result.key in keys


def test_a_batch_is_committed_when_full_or_old(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _folder(tmp_path, 3)
    config = default_config()
    extractions = [extract_checked(p.read_bytes(), p.name, p.stem, config) for p in paths]
    monkeypatch.setattr(batch_module, "MAX_DOCUMENTS", 2)
    now = [0.0]
    batch = Batch(engine, clock=lambda: now[0])

    first = batch.store(path=paths[0], key=paths[0].stem, digest="a", extraction=extractions[0])
    second = batch.store(path=paths[1], key=paths[1].stem, digest="b", extraction=extractions[1])
    assert first == [] and [r.path for r in second] == paths[:2]  # full at two
    assert _keys(engine) == sorted(p.stem for p in paths[:2])

    now[0] = 0.5
    batch.unchanged(path=paths[2], key=paths[2].stem, digest="c")  # opens the next batch
    now[0] = 0.5 + batch_module.MAX_SECONDS
    third = batch.store(path=paths[2], key=paths[2].stem, digest="c", extraction=extractions[2])
    assert [r.path for r in third] == [paths[2]]  # older than MAX_SECONDS
    batch.close()
    assert _keys(engine) == sorted(p.stem for p in paths)
