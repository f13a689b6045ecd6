"""What one document of a batch learns about units, places and jurisdictions is shared
with the next ones, and forgotten with a document that fails; rows sent straight to the
SQLite driver are stored exactly as SQLAlchemy stores them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

import store.writers as writers_module
from bench.generate import generate_documents
from store import bulk
from store.bulk import table_of
from store.curation_tables import ReviewItem
from store.db import make_engine
from store.ingest_many import ingest_paths
from store.readback import column_values, table_rows
from store.setup import init_db
from store.tables import Deadline, Document, TaskUnit, Unit
from tests.store.conftest import row_counts


def _raw(connection: Connection, model: type[SQLModel]) -> list[tuple[object, ...]]:
    """Every row of the model's table as SQLite holds it (text, not parsed dates)."""
    columns = [c.name for c in table_of(model).columns]
    as_text = Table(table_of(model).name, MetaData(), *(Column(c, String) for c in columns))
    return table_rows(connection=connection, table=as_text, order_by=["id"])


def _one_document(folder: Path) -> Path:
    name, data, _ = next(iter(generate_documents(seed=11, count=1)))
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_document_after_a_failed_one_does_not_see_the_units_its_savepoint_took_back(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _one_document(tmp_path)
    # the same text under another name: it names every unit the failed one created
    again = Path(shutil.copy(first, tmp_path / f"zz_{first.name}"))
    real = writers_module.store_citations
    calls: list[int] = []

    def first_explodes(session: Session, document_id: int, extraction: object) -> None:
        calls.append(document_id)  # after its tasks, units and aliases were written
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        real(session, document_id, extraction)  # type: ignore[arg-type]

    monkeypatch.setattr(writers_module, "store_citations", first_explodes)
    results = ingest_paths(engine=engine, paths=[first, again], workers=1)

    assert [r.status for r in results] == ["failed", "created"]
    with Session(engine) as session:
        linked = set(column_values(session=session, column=TaskUnit.unit_id))
        stored = set(column_values(session=session, column=Unit.id))
    assert linked and linked <= stored  # no link to a unit that was rolled back
    # and the same rows as the good copy stored alone
    monkeypatch.setattr(writers_module, "store_citations", real)
    alone = make_engine(f"sqlite:///{tmp_path / 'alone.db'}")
    init_db(alone)
    assert [r.status for r in ingest_paths(engine=alone, paths=[again], workers=1)] == ["created"]
    counts, expected = row_counts(engine), row_counts(alone)
    for table in ("unit", "unitalias", "taskunit", "place", "jurisdiction", "review_item"):
        assert counts[table] == expected[table], table
    alone.dispose()


def test_rows_sent_straight_to_the_driver_are_stored_as_sqlalchemy_stores_them(
        tmp_path: Path) -> None:
    engines = {}
    for way in ("direct", "core"):
        engines[way] = make_engine(f"sqlite:///{tmp_path / way}.db")
        init_db(engines[way])
    moment = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)  # no microseconds: a format edge
    stored = {}
    bulk._plans.clear()
    for way, engine in engines.items():
        with Session(engine) as session:
            document = {
                "key": "k", "number": None, "title": "t", "issuer": None,
                "issued_on": dt.date(2019, 1, 2), "source_file": None, "sha256": "0" * 64,
                "text": "正文", "ingested_at": moment, "fingerprint": None,
                "withdrawn_on": None, "superseded_on": None, "superseded_by": None,
                "jurisdiction_id": None, "number_normalised": None}
            if way == "core":
                document.pop("superseded_by")
            document_id = bulk.insert_one(session, Document, document)
            review = {"document_id": document_id, "kind": "no_tasks", "key": "x",
                      "task_path": "", "quote": "", "detail": "{}", "status": "open",
                      "decided_by": None, "decided_at": None, "correction_id": None,
                      "created_at": moment}
            deadline = {"document_id": document_id, "task_id": None, "path": "一",
                        "raw": "2019年底前", "due": dt.date(2019, 12, 31), "precision": "day",
                        "recurrence": "once", "month": None, "day": None,
                        "horizon": dt.date(2020, 6, 30),
                        "readings": "[]", "correction_id": None, "source_path": "一",
                        "source_start": 0, "source_end": 2, "source_quote": "正文"}
            if way == "core":  # one column left out: SQLAlchemy's own path
                review.pop("decided_by")
                deadline.pop("correction_id")
            bulk.bulk_insert(session, ReviewItem, [review])
            ids = bulk.insert_ids(session, Deadline, [deadline], keys=("path",))
            session.commit()
        with engine.connect() as connection:
            stored[way] = (ids, _raw(connection, ReviewItem), _raw(connection, Deadline),
                           document_id, _raw(connection, Document))
        engine.dispose()
    # the direct way was taken (a statement built for each table), the other was not
    assert {key[1] for key in bulk._plans} == {"document", "review_item", "deadline"}
    assert stored["direct"] == stored["core"]
    created_at = [c.name for c in table_of(ReviewItem).columns].index("created_at")
    assert stored["direct"][1][0][created_at] == "2026-03-04 05:06:07.000000"
