"""On SQLite an ingest batch fills the search index once, before it commits: the index
then holds exactly what one maintained row by row by triggers holds, a failed or
abandoned batch leaves it consistent, and migration 0014 goes down to 0012's triggers."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.engine import Engine
from sqlmodel import Session

import store.ingest_batch as batch_module
import store.search
from bench.generate import generate_documents
from schema.search import find_text
from store.db import make_engine
from store.extract_pool import extract_checked
from store.ingest import default_config, ingest_file
from store.ingest_batch import Batch
from store.ingest_many import ingest_paths
from store.readback import max_value, stored_rows, table_rows
from store.readback.search import indexed_instances, indexed_rowids, trigger_sql
from store.search_deferred import DEFERRED, defer, fill
from store.search_index import INDEXED
from store.setup import alembic_config, init_db, migration_connection
from store.tables import Document, Unit

Index = dict[str, list[tuple[str, int, int]]]


@pytest.fixture
def sqlite(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'search.db'}")
    init_db(engine)
    yield engine
    engine.dispose()


def _folder(folder: Path, count: int, seed: int = 11) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, data, _ in generate_documents(seed=seed, count=count):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def _index(engine: Engine) -> Index:
    with engine.connect() as connection:
        return {fts: indexed_instances(connection=connection, fts=fts)
                for fts, _, _ in INDEXED}


def _rebuilt(engine: Engine) -> Index:
    """The index built again from the stored rows (0012's upgrade fills it from them)."""
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
        command.upgrade(config, "head")
    return _index(engine)


def _deferring(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return table_rows(connection=connection, table=DEFERRED)


def _hits(session: Session, phrase: str) -> list[tuple[object, ...]]:
    return [(h.kind, h.id, h.path, h.snippet) for h in find_text(session=session, phrase=phrase)]


def _edited(path: Path, folder: Path, name: str) -> Path:
    """The same document (its 文号) under another name, one sentence added."""
    folder.mkdir(exist_ok=True)
    out = folder / name
    out.write_text(path.read_text(encoding="utf-8") + "\n另行增加乡村民宿集聚区建设。\n",
                   encoding="utf-8")
    return out


def test_a_batch_indexes_exactly_what_triggers_row_by_row_would(
        sqlite: Engine, tmp_path: Path) -> None:
    first = _folder(tmp_path / "a", 6)
    assert all(r.status == "created" for r in ingest_paths(engine=sqlite, paths=first,
                                                             workers=1))
    # a second batch updating a stored document, and one of its own new documents twice
    new = _folder(tmp_path / "b", 9)[6:]
    again = [_edited(first[2], tmp_path / "c", "edited.txt"), *new,
             _edited(new[0], tmp_path / "c", "new-edited.txt")]
    results = ingest_paths(engine=sqlite, paths=again, workers=1)
    assert [r.status for r in results] == ["updated", "created", "created", "created",
                                           "updated"]
    index = _index(sqlite)
    assert all(index.values())
    assert _deferring(sqlite) == []
    with Session(sqlite) as session:
        before = {p: _hits(session, p) for p in ("民宿集聚区", "民宿", "市", "年底前", "考核")}
    with sqlite.connect() as connection:  # the sentence the updates added is indexed
        assert indexed_rowids(connection=connection, fts="search_document",
                              phrase="民宿集聚区") == sorted({r.document_id for r in
                                                           (results[0], results[-1])})
    assert _rebuilt(sqlite) == index
    with Session(sqlite) as session:
        assert {p: _hits(session, p) for p in before} == before


def test_a_batch_whose_commit_fails_leaves_the_index_as_triggers_keep_it(
        sqlite: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _folder(tmp_path / "a", 4)
    real = batch_module.bump_data_version
    calls = []

    def first_fails(**kwargs: object) -> int:
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_module, "bump_data_version", first_fails)
    results = ingest_paths(engine=sqlite, paths=paths, workers=1)
    assert [r.status for r in results] == ["created"] * 4  # stored again one by one
    assert _deferring(sqlite) == []
    index = _index(sqlite)
    assert all(index.values())
    assert _rebuilt(sqlite) == index


def test_an_abandoned_batch_leaves_no_deferral_and_later_writes_are_indexed(
        sqlite: Engine, tmp_path: Path) -> None:
    paths = _folder(tmp_path / "a", 3)
    ingest_paths(engine=sqlite, paths=paths[:1], workers=1)
    before = _index(sqlite)
    batch = Batch(sqlite)
    extraction = extract_checked(paths[1].read_bytes(), paths[1].name, paths[1].stem,
                                 default_config())
    batch.store(path=paths[1], key=paths[1].stem, digest="0" * 64, extraction=extraction)
    batch.close()  # as when the ingest stops on an error: nothing committed
    assert _deferring(sqlite) == []
    assert _index(sqlite) == before
    assert ingest_file(engine=sqlite, path=paths[2]).status == "created"
    with Session(sqlite) as session:
        newest = max_value(session=session, column=Document.id)
    assert any(doc == newest for _, doc, _ in _index(sqlite)["search_document"])
    assert _rebuilt(sqlite) == _index(sqlite)


def test_rows_at_or_below_the_watermark_go_through_the_triggers_while_deferring(
        sqlite: Engine) -> None:
    with Session(sqlite) as session:
        session.add_all([Unit(name="市民宿办公室", level="city"),
                         Unit(name="市乡村旅游局", level="city")])
        session.commit()
    with Session(sqlite) as session:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        assert defer(session.connection())
        renamed, removed = sorted(stored_rows(session=session, model=Unit),
                                  key=lambda u: u.id or 0)[-2:]
        renamed.name = "市民宿发展中心"  # an old row changed: its trigger runs now
        session.add(renamed)
        session.delete(removed)  # the highest id: a new row reuses it, at the watermark
        session.flush()
        session.add_all([Unit(name="市招商服务中心", level="city"),
                         Unit(name="市农家乐协会", level="city")])
        session.flush()
        fill(session.connection())
        session.commit()
    assert _deferring(sqlite) == []
    index = _index(sqlite)
    assert _rebuilt(sqlite) == index
    with Session(sqlite) as session:
        names = sorted(u.name for u in store.search.units_named(session=session,
                                                                  phrase="中心"))
    assert names == ["市招商服务中心", "市民宿发展中心"]


def test_0014_down_restores_the_triggers_of_0012(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0013")
        at_0013 = trigger_sql(connection=connection, prefix="search_")
        command.upgrade(config, "0014")
        at_0014 = trigger_sql(connection=connection, prefix="search_")
        assert sorted(at_0014) == sorted(at_0013) and len(at_0013) == 3 * len(INDEXED)
        assert all(DEFERRED in sql for sql in at_0014.values())
        assert table_rows(connection=connection, table=DEFERRED) == []
        command.downgrade(config, "0013")
        assert trigger_sql(connection=connection, prefix="search_") == at_0013
        assert DEFERRED not in " ".join(at_0013.values())
    engine.dispose()
