"""Ingest asks which stored documents cite a title: migration 0015 indexes
``citation.title`` (hash on PostgreSQL, b-tree on SQLite), and the question still finds
a citing document whatever the index."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.ingest import ingest_file
from store.readback import index_names
from store.tables import Document


def test_the_migrated_citation_table_has_its_title_index(engine: Engine) -> None:
    with engine.connect() as connection:
        assert "ix_citation_title" in index_names(connection=connection, prefix="ix_citation_")


def test_a_document_repealed_by_a_citing_document_stored_first_is_marked_superseded(
        engine: Engine, tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text("温州市人民政府关于印发温州市民宿发展新方案的通知\n"
                   "一、总体要求\n（一）市文广旅局负责推进民宿发展。\n"
                   "本方案自2020年1月1日起施行，原《温州市民宿发展旧方案》同时废止。\n",
                   encoding="utf-8")
    old = tmp_path / "old.txt"
    old.write_text("温州市民宿发展旧方案\n一、总体要求\n（一）市文广旅局负责推进民宿发展。\n",
                   encoding="utf-8")
    assert ingest_file(engine=engine, path=new).status == "created"
    result = ingest_file(engine=engine, path=old)
    assert result.status == "created"
    with Session(engine) as session:
        stored = session.get(Document, result.document_id)
        assert stored is not None
        assert (stored.title, stored.superseded_by) == ("温州市民宿发展旧方案", "new")
