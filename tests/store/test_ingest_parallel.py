"""A folder extracted in worker processes is stored as one process stores it.

Expected values come from the files the tests write (which one is broken, which two
are the same bytes) and from the one-process ingest of the same folder, never from the
parallel path alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

import store.ingest_many as ingest_many
from bench.generate import generate_documents
from store.db import make_engine
from store.ingest import IngestResult
from store.ingest_many import ingest_paths
from store.reference import load_pairings
from store.setup import init_db
from tests.conftest import CORPUS_DIR
from tests.store.conftest import dump_tables


def _engine(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    with Session(engine) as session:
        load_pairings(session=session)
        session.commit()
    return engine


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    """Two empty migrated SQLite databases, pairings loaded."""
    one, many = _engine(tmp_path / "one.db"), _engine(tmp_path / "many.db")
    yield one, many
    one.dispose()
    many.dispose()


@pytest.fixture
def folder(tmp_path: Path) -> list[Path]:
    """Ten files in name order: the Wenzhou document, six generated ones, an empty file
    (unreadable) in the middle, a file of bytes that are no text, and the Wenzhou document
    again under another name (the same bytes)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    wenzhou = CORPUS_DIR / "000_a92242b81cc0d015.txt"
    paths = [Path(shutil.copy(wenzhou, docs / "a_000.txt"))]
    for name, data, _ in generate_documents(seed=11, count=6):
        (docs / f"b_{name}").write_bytes(data)
        paths.append(docs / f"b_{name}")
    (docs / "c_empty.txt").write_bytes(b"")
    (docs / "d_binary.txt").write_bytes(bytes(range(256)) * 8)
    paths.insert(4, docs / "c_empty.txt")
    paths.append(docs / "d_binary.txt")
    paths.append(Path(shutil.copy(wenzhou, docs / "e_000_again.txt")))
    return paths


def _statuses(results: list[IngestResult]) -> list[tuple[str, str]]:
    return [(r.path.name, r.status) for r in results]


def test_workers_store_the_rows_one_process_stores_and_report_in_order(
        engines: tuple[Engine, Engine], folder: list[Path]) -> None:
    one, many = engines
    seen: list[str] = []
    alone = ingest_paths(engine=one, paths=folder, workers=1)
    together = ingest_paths(engine=many, paths=folder, workers=2,
                            progress=lambda r: seen.append(r.path.name))

    assert [r.path for r in together] == folder
    assert seen == [p.name for p in folder]  # the progress hears each file in order
    assert _statuses(together) == _statuses(alone)
    statuses = dict(_statuses(together))
    assert statuses["a_000.txt"] == "created"
    assert statuses["c_empty.txt"] == "failed" and statuses["d_binary.txt"] == "failed"
    assert statuses["e_000_again.txt"] == "unchanged"  # the same bytes as a_000.txt
    assert sum(s == "created" for s in statuses.values()) == 7
    failed = {r.path.name: r.message for r in together if not r.ok}
    assert failed == {r.path.name: r.message for r in alone if not r.ok}
    assert all(message for message in failed.values())
    assert dump_tables(many).keys() == dump_tables(one).keys()
    for table, rows in dump_tables(one).items():
        if table not in ("document", "dataversion", "review_item"):  # they hold the clock
            assert dump_tables(many)[table] == rows, table


def test_the_same_bytes_read_ahead_are_reported_unchanged_not_stored_twice(
        engines: tuple[Engine, Engine], tmp_path: Path) -> None:
    _, many = engines
    docs = tmp_path / "same"
    docs.mkdir()
    data = next(generate_documents(seed=3, count=1))[1]
    paths = []
    for name in ("x1.txt", "x2.txt", "x3.txt"):
        (docs / name).write_bytes(data)
        paths.append(docs / name)
    # all three are read ahead before the first is stored
    results = ingest_paths(engine=many, paths=paths, workers=2)
    assert _statuses(results) == [("x1.txt", "created"), ("x2.txt", "unchanged"),
                                  ("x3.txt", "unchanged")]
    assert len(dump_tables(many)["document"]) == 1


def test_files_read_ahead_of_the_one_stored_are_bounded_by_count_and_by_bytes(
        engines: tuple[Engine, Engine], folder: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, many = engines
    read: list[int] = []  # each file's size, as it is read
    finished: list[int] = []  # the size of each file handed to be stored
    ahead: list[tuple[int, int]] = []  # (files, bytes) read and not handed, at each read

    def reading(path: Path, **kwargs: Any) -> bytes:
        ahead.append((len(read) - len(finished), sum(read) - sum(finished)))
        data = real_read(path, **kwargs)
        read.append(len(data))
        return data

    def finishing(**kwargs: Any) -> list[IngestResult]:
        finished.append(kwargs["item"][3])
        return real_finish(**kwargs)

    real_read, real_finish = ingest_many.read_document, ingest_many._finish
    monkeypatch.setattr(ingest_many, "read_document", reading)
    monkeypatch.setattr(ingest_many, "_finish", finishing)
    monkeypatch.setattr(ingest_many, "window", lambda workers: 3)
    ingest_paths(engine=many, paths=folder, workers=2)
    assert len(read) == len(folder) - 1  # the empty file is refused as it is read
    assert max(files for files, _ in ahead) == 3
    largest = max(path.stat().st_size for path in folder)
    assert max(size for _, size in ahead) > largest  # more than one file's bytes

    read.clear()
    finished.clear()
    ahead.clear()
    monkeypatch.setattr(ingest_many, "READ_AHEAD_BYTES", largest)  # room for one file
    ingest_paths(engine=many, paths=folder, workers=2, force=True)
    assert len(read) == len(folder) - 1
    assert max(size for _, size in ahead) <= largest
