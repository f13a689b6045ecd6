"""Copying a whole database into another (a city's SQLite into the province's PostgreSQL):
every row arrives, new rows get fresh ids afterwards, and unsafe copies are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bench.generate import generate_documents
from store.db import make_engine
from store.ingest import ingest_file, load_bundled
from store.readback import table_rows
from store.tokens import create_token
from store.transfer import TransferError, copy_database, tables


def _normal(value: Any) -> Any:
    """A stored value as both back-ends agree on it (PostgreSQL returns aware times)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {t.name: sorted((tuple(_normal(v) for v in row) for row in
                                table_rows(connection=connection, table=t)), key=repr)
                for t in tables()}


@pytest.fixture
def city(tmp_path: Path) -> Engine:
    """A city's SQLite database: the bundled corpus and a token."""
    source = make_engine(f"sqlite:///{tmp_path / 'city.db'}")
    assert load_bundled(engine=source)
    with Session(source) as session:
        create_token(session=session, unit_id=None, role="admin")
        session.commit()
    return source


def test_every_row_of_every_table_arrives_unchanged(city: Engine, engine: Engine) -> None:
    copied = copy_database(source=city, target=engine)
    expected = _content(city)
    assert copied == {name: len(rows) for name, rows in expected.items()}
    assert copied["document"] == 2 and copied["task"] > 10 and copied["api_token"] == 1
    assert _content(engine) == expected


def test_documents_ingested_after_the_copy_get_new_ids(city: Engine, engine: Engine,
                                                       tmp_path: Path) -> None:
    copy_database(source=city, target=engine)
    name, data, _ = next(iter(generate_documents(seed=3, count=1)))
    (tmp_path / name).write_bytes(data)
    result = ingest_file(engine=engine, path=tmp_path / name)
    assert result.ok, result.message
    with engine.connect() as connection:
        ids = [row[0] for row in table_rows(connection=connection, table="document",
                                            columns=["id"])]
    assert len(ids) == 3 and result.document_id == max(ids)


def test_a_target_holding_documents_is_refused_and_left_as_it_was(
        city: Engine, engine: Engine) -> None:
    copy_database(source=city, target=engine)
    before = _content(engine)
    with pytest.raises(TransferError, match="already holds documents"):
        copy_database(source=city, target=engine)
    assert _content(engine) == before


def test_databases_at_different_revisions_are_refused(city: Engine, tmp_path: Path) -> None:
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(TransferError, match="schema revisions differ"):
        copy_database(source=city, target=unmigrated)


def test_progress_is_reported_per_table_as_rows_arrive(city: Engine, engine: Engine) -> None:
    seen: list[tuple[str, int]] = []
    copy_database(source=city, target=engine, chunk=5,
                  progress=lambda table, rows: seen.append((table, rows)))
    tasks = [rows for table, rows in seen if table == "task"]
    assert len(tasks) > 1 and tasks == sorted(tasks) and tasks[0] == 5
    assert [t for t, _ in seen if t == "document"] == ["document"]


def test_doctests_of_the_transfer_pass() -> None:
    import doctest

    import store.transfer

    result = doctest.testmod(store.transfer)
    assert result.attempted > 0 and result.failed == 0
