"""The search reads a substring index: FTS5 trigram tables on SQLite (kept in step by
triggers), pg_trgm GIN indexes on PostgreSQL; the hits are the scan's, in its order."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

import store.search
from schema.search import find_text
from store.db import make_engine
from store.readback import column_tuples, column_values, index_names, insert_row
from store.readback.search import indexed_rowids, like_plan, schema_names
from store.search_index import INDEXED
from store.setup import alembic_config, init_db, migration_connection
from store.tables import Task, Unit
from tests.pg_cluster import PgCluster

AT = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
# long and short, Chinese and Latin, common and absent, LIKE's own wildcards
PHRASES = ["民宿", "民", "宿", "乡村旅游", "招商", "市", "泰顺县", "40亿元", "2020", "年底前",
           "总则", "保障措施", "考核", "%", "_", "A", "ab", "不存在的词组", '"', "）、"]


def _scanned(monkeypatch: pytest.MonkeyPatch, session: Session, phrase: str,
             limit: int | None = None) -> list[tuple[object, ...]]:
    """The hits of the substring scan the search read before the index."""
    with monkeypatch.context() as patched:
        patched.setattr(store.search, "usable", lambda _session, _fts: False)
        return _keys(find_text(session=session, phrase=phrase, limit=limit))


def _keys(hits: list) -> list[tuple[object, ...]]:
    return [(h.kind, h.id, h.path, h.snippet, h.document_id) for h in hits]


def _fts_tables(connection: Connection) -> set[str]:
    names = schema_names(connection=connection, kind="table", prefix="search_")
    return {name for name in names if name in {fts for fts, _, _ in INDEXED}}


def test_the_index_finds_what_the_scan_found_in_the_same_order(
        corpus_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with Session(corpus_engine) as session:
        tasks = column_values(session=session, column=Task.text, order_by=[Task.id])
        # and phrases cut from the documents' own tasks, one to five characters long
        cut = [t[i:i + n] for n, t in zip([1, 2, 3, 4, 5] * 4, tasks[::7][:20], strict=False)
               for i in [len(t) // 3]]
        for phrase in PHRASES + [p for p in cut if p.strip()]:
            assert _keys(find_text(session=session, phrase=phrase)) == _scanned(
                monkeypatch, session, phrase), phrase


def test_a_bounded_search_answers_the_first_hits_of_the_whole_list(
        corpus_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with Session(corpus_engine) as session:
        whole = _scanned(monkeypatch, session, "市")
        assert len(whole) > 30  # tasks, targets, sections and units all hold 市
        for limit in (0, 1, 7, len(whole) - 1, len(whole), len(whole) + 5):
            assert _keys(find_text(session=session, phrase="市", limit=limit)) == whole[:limit]


def test_the_search_finds_the_one_task_of_the_document_naming_homestays(
        corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        hits = find_text(session=session, phrase="民宿")
        texts = {session.get(Task, h.id).text for h in hits if h.kind == "Task"}  # type: ignore[union-attr]
    # read from 温政发〔2018〕26号: 乡村旅游精品客栈(民宿)
    assert any("乡村旅游精品客栈(民宿)" in t for t in texts)


def test_sqlite_index_follows_inserts_updates_and_deletes(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the FTS5 tables are SQLite's")
    with Session(engine) as session:
        unit = Unit(name="市民宿管理办公室", level="city")
        session.add(unit)
        session.commit()
        assert [u.name for u in store.search.units_named(session=session, phrase="民宿")] == [
            "市民宿管理办公室"]
        unit.name = "市乡村旅游办公室"
        session.add(unit)
        session.commit()
        assert store.search.units_named(session=session, phrase="民宿") == []
        assert [u.id for u in store.search.units_named(session=session, phrase="乡村旅游")] == [
            unit.id]
        session.delete(unit)
        session.commit()
        assert store.search.units_named(session=session, phrase="乡村旅游") == []
    with engine.connect() as connection:  # the FTS table holds nothing of the deleted row
        assert indexed_rowids(connection=connection, fts="search_unit", phrase="乡村旅游") == []


def test_sqlite_search_reads_the_index_not_the_table(corpus_engine: Engine) -> None:
    if corpus_engine.dialect.name != "sqlite":
        pytest.skip("the FTS5 tables are SQLite's")
    statements: list[str] = []
    with Session(corpus_engine) as session:
        from sqlalchemy import event

        def seen(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        event.listen(corpus_engine, "before_cursor_execute", seen)
        try:
            find_text(session=session, phrase="民宿")
            find_text(session=session, phrase="乡村旅游")
        finally:
            event.remove(corpus_engine, "before_cursor_execute", seen)
    searching = [s for s in statements if "LIKE" in s]
    assert searching and all("MATCH" in s for s in searching)


def test_0012_builds_the_index_from_stored_rows_and_downgrades_without_it(
        tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0011")
        assert _fts_tables(connection) == set()
        unit = insert_row(connection=connection, table="unit", values={
            "name": "市民宿协会", "level": "city", "jurisdiction_id": 1, "collective": False})
        command.upgrade(config, "0012")
        assert _fts_tables(connection) == {fts for fts, _, _ in INDEXED}
        assert indexed_rowids(connection=connection, fts="search_unit", phrase="民宿协") == [unit]
        command.downgrade(config, "0011")
        assert _fts_tables(connection) == set()
        assert schema_names(connection=connection, kind="trigger", prefix="search_") == []
        command.upgrade(config, "head")
        assert _fts_tables(connection) == {fts for fts, _, _ in INDEXED}
    with Session(engine) as session:
        assert [u.name for u in store.search.units_named(session=session, phrase="民宿")] == [
            "市民宿协会"]
    engine.dispose()


@pytest.mark.postgres
def test_postgresql_migration_creates_the_trigram_indexes(pg_cluster: PgCluster) -> None:
    pg_engine = make_engine(pg_cluster.create_database())
    init_db(pg_engine)
    with pg_engine.connect() as conn:
        names = index_names(connection=conn, prefix="ix_trgm_")
    pg_engine.dispose()
    assert sorted(names) == ["ix_trgm_document_text", "ix_trgm_section_heading",
                             "ix_trgm_target_source_quote", "ix_trgm_task_text",
                             "ix_trgm_unit_name"]



@pytest.mark.postgres
def test_postgresql_trigram_indexes_narrow_a_chinese_phrase_in_a_utf8_database(
        pg_cluster: PgCluster) -> None:
    """pg_trgm reads Chinese characters as word characters only under a UTF-8 ctype (a
    ``C`` ctype database extracts no trigrams from them and reads every row)."""
    import psycopg

    from store.readback.postgres import create_database

    name = "search_utf8"
    with psycopg.connect(f"host=127.0.0.1 port={pg_cluster.port} user=postgres "
                         "dbname=postgres", autocommit=True) as admin:
        create_database(connection=admin, name=name, ctype="C.UTF-8")
    from store.ingest import load_bundled

    pg_engine = make_engine(pg_cluster.url(name))
    assert load_bundled(engine=pg_engine)
    with pg_engine.begin() as connection:
        plan = like_plan(connection=connection, table="document", column="text",
                         phrase="乡村旅游精品客栈")
    with Session(pg_engine) as session:
        hits = find_text(session=session, phrase="乡村旅游精品客栈")
        tasks = column_tuples(session=session, columns=[Task.id, Task.text])
    pg_engine.dispose()
    assert "ix_trgm_document_text" in plan
    # of the two bundled documents the index keeps only the one holding the phrase
    assert "rows=1 loops" in plan.split("Bitmap Index Scan")[1]
    assert {h.id for h in hits if h.kind == "Task"} == {i for i, t in tasks
                                                        if "乡村旅游精品客栈" in t}
