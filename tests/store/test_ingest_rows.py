"""Ingest writes in bulk, yet stores exactly the rows one-by-one writing stored.

The reference is the way ingest wrote before it wrote in bulk, run here beside it on the
same files: each place found or created by :func:`store.crud.places.upsert_place` (a
query and a flush each), each task, unit, place and review item added as an ORM object
and flushed for its id, and the review items found by reading the stored rows back
(:func:`store.review.collect.refresh_review_items` without ``written``).  Both databases
must then hold the same rows, ids included, in every table (timestamps aside): tasks,
units, aliases, jurisdictions, places, mentions, obligations' deadlines and targets,
review items.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import store.bulk
import store.crud.places
import store.curation_tables
import store.ingest_write
import store.review.collect
import store.tables
import store.unit_index
import store.writers
from bench.generate import generate_documents
from extract.jurisdictions import place_division
from extract.model import Extraction
from store.crud.places import upsert_place
from store.db import make_engine
from store.ingest_many import ingest_paths
from store.readback import table_rows
from store.reference import load_pairings
from store.setup import init_db
from tests.conftest import BACKENDS, CORPUS_DIR, _new_database

Rows = dict[str, list[tuple[Any, ...]]]


def _one_by_one_ids(session: Session, table: type[SQLModel], rows: list[dict[str, Any]],
                    keys: tuple[str, ...]) -> list[int]:
    """Each row an ORM object flushed on its own, as ingest used to get ids."""
    ids = []
    for row in rows:
        obj = table(**row)
        session.add(obj)
        session.flush()
        ids.append(obj.id)  # type: ignore[attr-defined]
    return ids


def _places_one_by_one(session: Session, document_id: int, extraction: Extraction,
                       spans: list[store.writers.TaskSpan], issuer: Any = None,
                       index: Any = None) -> None:
    """The place writer as it was: upsert_place (a query and a flush) per place."""
    within = index.jurisdiction(issuer)
    mentions = []
    for p in extraction.places:
        place = upsert_place(session=session, name=p.name, kind=p.kind,
                             division=place_division(p.name, issuer), within=within,
                             index=index)
        mentions.append({"place_id": place.id, "document_id": document_id,
                         "task_id": store.writers.owning_task(spans, p.source.start,
                                                              p.source.path),
                         **store.writers.source_fields(p.source)})
    _one_by_one_ids(session, store.tables.PlaceMention, mentions, ())


_refresh = store.review.collect.refresh_review_items


def _refresh_reading_back(**kwargs: Any) -> Any:
    kwargs.pop("written", None)
    return _refresh(**kwargs)


@pytest.fixture(params=BACKENDS)
def engines(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    """Two empty migrated databases of one back-end, pairings loaded."""
    made = []
    for name in ("bulk", "reference"):
        (tmp_path / name).mkdir()
        engine = make_engine(_new_database(request, request.param, tmp_path / name))
        init_db(engine)
        with Session(engine) as session:
            load_pairings(session=session)
            session.commit()
        made.append(engine)
    yield made[0], made[1]
    for engine in made:
        engine.dispose()


@pytest.fixture
def documents(tmp_path: Path) -> list[Path]:
    """The bundled documents, four generated ones, and document 000 again under another
    name with an edited deadline (stored again in place: its items found again)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    paths = [Path(shutil.copy(p, folder / p.name)) for p in sorted(CORPUS_DIR.glob("*.txt"))
             if p.stem.lower() not in ("readme", "source")]
    for name, data, _ in generate_documents(seed=7, count=4):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    edited = folder / "zz_000_edited.txt"
    edited.write_text(paths[0].read_text(encoding="utf-8").replace("2019年前", "2019年底前"),
                      encoding="utf-8")
    return [*paths, edited]


def _clock(column: Any) -> bool:
    """Whether a column holds a moment (a timestamp type or a decorator over one)."""
    return isinstance(getattr(column.type, "impl", column.type), DateTime) or isinstance(
        column.type, DateTime)


def _rows(engine: Engine) -> Rows:
    """Every table's rows by primary key, without the columns that hold the clock."""
    out: Rows = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c.name for c in table.columns
                       if not _clock(c) and c.name != "source_file"]
            out[table.name] = table_rows(connection=connection, table=table, columns=columns,
                                         order_by=[c.name for c in table.primary_key.columns])
    return out


def test_bulk_ingest_stores_the_rows_one_by_one_writing_stored(
        engines: tuple[Engine, Engine], documents: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    bulk, reference = engines
    assert all(r.ok for r in ingest_paths(engine=bulk, paths=documents))

    for module in (store.writers, store.unit_index, store.review.collect, store.crud.places):
        monkeypatch.setattr(module, "insert_ids", _one_by_one_ids)
    monkeypatch.setattr(store.writers, "store_places", _places_one_by_one)
    monkeypatch.setattr(store.ingest_write, "refresh_review_items", _refresh_reading_back)
    assert all(r.ok for r in ingest_paths(engine=reference, paths=documents))

    written, expected = _rows(bulk), _rows(reference)
    # the documents give something of every kind compared (else the test proves nothing)
    for table in ("task", "unit", "unitalias", "taskunit", "jurisdiction", "place",
                  "placemention", "deadline", "target", "review_item"):
        assert expected[table], table
    kind = [c.name for c in store.curation_tables.ReviewItem.__table__.columns  # type: ignore[attr-defined]
            if not _clock(c)].index("kind")
    kinds = {row[kind] for row in expected["review_item"]}
    assert {"unknown_unit", "ambiguous_deadline"} <= kinds
    assert len(expected["document"]) == 6  # the edited 000 is stored in place of the first
    for table, rows in expected.items():
        assert written[table] == rows, table


def test_the_patched_names_are_the_ones_ingest_calls() -> None:
    """The comparison above means something only if the reference replaced what ingest
    really calls."""
    assert store.writers.insert_ids is store.bulk.insert_ids
    assert store.unit_index.insert_ids is store.bulk.insert_ids
    assert store.review.collect.insert_ids is store.bulk.insert_ids
    assert store.ingest_write.refresh_review_items is store.review.collect.refresh_review_items
