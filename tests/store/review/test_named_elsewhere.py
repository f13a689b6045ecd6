"""Which of a document's units another document names too (a unit named in one document
only, and not in the vocabulary, is queued for review)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bench.generate import generate_documents
from store.ingest import ingest_file
from store.readback import stored_rows
from store.review.units import named_elsewhere
from store.tables import Task, TaskUnit


def test_named_elsewhere_is_each_unit_a_task_of_another_document_names(
        engine: Engine, tmp_path: Path) -> None:
    ids = []
    for name, data, _ in generate_documents(seed=11, count=8):  # two are 温州's
        (tmp_path / name).write_bytes(data)
        result = ingest_file(engine=engine, path=tmp_path / name)
        assert result.ok and result.document_id is not None, result.message
        ids.append(result.document_id)
    with Session(engine) as session:
        document_of = {t.id: t.document_id for t in stored_rows(session=session, model=Task)}
        links = [(link.unit_id, document_of[link.task_id])
                 for link in stored_rows(session=session, model=TaskUnit)]
        shared = []
        for document_id in ids:
            mine = sorted({unit for unit, document in links if document == document_id})
            expected = {unit for unit, document in links
                        if document != document_id and unit in mine}
            found = named_elsewhere(session=session, document_id=document_id, unit_ids=mine)
            assert found == expected
            shared.append(0 < len(expected) < len(mine))
        assert any(shared)  # the case that matters was there: some units shared, not all
        assert named_elsewhere(session=session, document_id=ids[0], unit_ids=[]) == set()
