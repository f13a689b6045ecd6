"""A document named inside an answer (a unit's tasks' `document { number }`) is read from
its header columns, never its whole text; it answers what the whole row answered; and a
re-ingest between the snapshot and the request never mixes two versions in one answer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.state import GraphHolder
from schema.context import make_context
from schema.document import DocumentType
from schema.query import schema
from settings import Settings
from store import batches
from store.ingest import bundled_paths, ingest_file
from store.readback import stored_rows
from store.tables import Document, Task

CARD = """{ unit(name: "市发改委", jurisdiction: "浙江省温州市") { name
  tasks(first: 500) { rowId path document { rowId number label title } } } }"""
UNNAMED = "\n\n  本市自2002年实施某工程以来,坚持政府推动与市场运作相结合。\n一、由市发改委负责推进。\n"


def _ask(holder: GraphHolder, query: str) -> Any:
    context = make_context(holder, Settings())
    try:
        return asyncio.run(schema.execute(query, context_value=context))
    finally:
        context.close()


@pytest.fixture
def statements(corpus_db: Engine) -> Iterator[list[str]]:
    """Every SQL statement sent to ``corpus_db`` while the test runs."""
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    event.listen(corpus_db, "before_cursor_execute", record)
    yield sent
    event.remove(corpus_db, "before_cursor_execute", record)


def test_a_header_answers_what_the_whole_row_answers(corpus_db: Engine, tmp_path: Path) -> None:
    unnamed = tmp_path / "unnamed.txt"
    unnamed.write_text(UNNAMED, encoding="utf-8")
    assert ingest_file(engine=corpus_db, path=unnamed).ok
    with Session(corpus_db) as session:
        rows = list(stored_rows(session=session, model=Document))
        headers = batches.document_headers_by_id(session=session, ids=[r.id or 0 for r in rows])
        assert len(headers) == len(rows) >= 3
        for row in rows:
            header = headers[row.id or 0]
            assert DocumentType.from_row(header) == DocumentType.from_row(row)
            assert (header.text is None) == bool(row.number or row.title)
    labels = {DocumentType.from_row(h).label for h in headers.values()}
    assert "本市自2002年实施某工程以来…" in labels or any(  # the extractor may title it
        r.title for r in rows if r.number is None)


def test_the_unit_card_never_reads_a_documents_text(corpus_db: Engine,
                                                     statements: list[str]) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)
    statements.clear()
    result = _ask(holder, CARD)
    assert result.errors is None, result.errors
    assert result.data["unit"]["tasks"], "the card lists tasks"
    reading_documents = [s for s in statements if "FROM document" in s]
    # none when the snapshot is of the store's version (it holds the headers), else one
    # batched statement for every task's document
    assert len(reading_documents) <= 1
    for statement in reading_documents:
        # the text appears only inside the head taken for a document with no name
        assert statement.count("document.text") == statement.count("substr(document.text")


def test_the_unit_cards_documents_are_the_stored_ones(corpus_db: Engine) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)
    result = _ask(holder, CARD)
    assert result.errors is None, result.errors
    tasks = result.data["unit"]["tasks"]
    with Session(corpus_db) as session:
        stored = {task.id: session.get(Document, task.document_id)
                  for task in stored_rows(session=session, model=Task)}
    assert len(tasks) >= 3
    for task in tasks:
        document = stored[task["rowId"]]
        assert document is not None
        assert task["document"]["rowId"] == document.id
        assert task["document"]["number"] == document.number
        assert task["document"]["title"] == document.title


def test_a_reingest_before_the_rebuild_never_mixes_two_versions(corpus_db: Engine) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)  # keeps the old snapshot
    before = _ask(holder, CARD)
    assert before.errors is None
    result = ingest_file(engine=corpus_db, path=bundled_paths()[0], force=True)
    assert result.status == "updated", result.message
    after = _ask(holder, CARD)
    assert after.errors is None, after.errors
    with Session(corpus_db) as session:
        current = {task.id: task for task in stored_rows(session=session, model=Task)}
    old_ids = {t["rowId"] for t in before.data["unit"]["tasks"]}
    new_ids = {t["rowId"] for t in after.data["unit"]["tasks"]}
    assert old_ids != new_ids, "the re-ingest gave the tasks new ids"
    for task in after.data["unit"]["tasks"]:  # the store's tasks with the store's headers
        assert current[task["rowId"]].path == task["path"]
        assert task["document"]["rowId"] == current[task["rowId"]].document_id
    # the snapshot's own task ids, now gone, are refused rather than joined to new rows
    stale = _ask(holder, '{ obligations(asOf: "2019-06-01") { nodes { task { path '
                         'document { number } } } } }')
    codes = {e.extensions.get("code") for e in stale.errors or []}
    assert codes == {"DATA_CHANGED"}, codes
