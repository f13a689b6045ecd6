"""A 文号 in any spelling is found through the stored normal spelling: the same documents
the scan over every stored number found, and migration 0013 fills the column for rows
stored before it, and back."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.crud.document_pages import count_documents, matches, page_documents
from store.crud.documents import find_document_by_reference
from store.db import make_engine
from store.fingerprint import normalised_number
from store.readback import index_names, insert_row, one_row, stored_rows, table_rows
from store.setup import alembic_config, migration_connection
from store.tables import Document

AT = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
# (key, number as written): the same 文号 in three spellings, others, and none
STORED = [
    ("a", "温政发[2018]26号"), ("b", "浙政发〔2019〕 1号"), ("c", None),
    ("d", "温政办发〔2020〕３号"), ("e", "温政发〔2018〕27号"), ("f", "温政发〔2018〕 26号"),
]
ASKED = ["温政发〔2018〕26号", "温政发[2018]26号", " 浙政发〔2019〕1号", "温政办发〔2020〕3号",
         "温政发〔2018〕28号", "温政发", "", None]


def _store(engine: Engine) -> None:
    with Session(engine) as session:
        for key, number in STORED:
            session.add(Document(key=key, number=number, title=f"关于{key}的意见",
                                 sha256=key * 64, text="正文"))
        session.commit()


def _scanned(session: Session, number: str | None) -> str | None:
    """The key the look-up found before the column: the number as written, else every
    stored number normalised in Python, oldest first."""
    spelled = normalised_number(number)
    if spelled is None:
        return None
    rows = sorted((d.id or 0, d.key, d.number) for d in stored_rows(session=session, model=Document))
    exact = [key for _, key, n in rows if n in (number, spelled)]
    if exact:
        return exact[0]
    return next((key for _, key, n in rows if normalised_number(n) == spelled), None)


def test_ingest_stores_each_number_in_its_normal_spelling(engine: Engine) -> None:
    _store(engine)
    with Session(engine) as session:
        stored = {d.key: d.number_normalised for d in stored_rows(session=session, model=Document)}
    assert stored == {"a": "温政发〔2018〕26号", "b": "浙政发〔2019〕1号", "c": None,
                      "d": "温政办发〔2020〕3号", "e": "温政发〔2018〕27号",
                      "f": "温政发〔2018〕26号"}


def test_a_changed_number_changes_its_normal_spelling(engine: Engine) -> None:
    _store(engine)
    with Session(engine) as session:
        document = one_row(session=session, model=Document, where=[Document.key == "c"])
        document.number = "温政发 [2021] 5号"
        session.add(document)
        session.commit()
        assert document.number_normalised == "温政发〔2021〕5号"


def test_a_number_in_any_spelling_finds_the_document_the_scan_found(engine: Engine) -> None:
    _store(engine)
    with Session(engine) as session:
        for number in ASKED:
            found = find_document_by_reference(session=session, number=number, title=None)
            assert (found.key if found else None) == _scanned(session, number), number
        # the number as written wins over an older document in another spelling
        found = find_document_by_reference(session=session, number="温政发〔2018〕 26号",
                                           title=None)
        assert found is not None and found.key == "f"


@pytest.mark.parametrize("text", [None, "温政", "a的意见", "b的"])
def test_the_documents_number_filter_gives_the_pages_the_scan_gave(
        engine: Engine, text: str | None) -> None:
    _store(engine)
    with Session(engine) as session:
        every = sorted((d.key, d.number, d.title) for d in stored_rows(session=session, model=Document))
        for number in [n for n in ASKED if n]:
            spelled = normalised_number(number)
            phrase = text or ""
            expected = [k for k, n, t in every if matches(n, t, spelled=spelled,
                                                          phrase=phrase.strip())]
            page = page_documents(session=session, number=number, text=text, limit=100)
            assert [d.key for d in page] == expected, (number, text)
            assert count_documents(session=session, number=number, text=text) == len(expected)


def test_0013_fills_the_normal_spelling_of_stored_rows_and_downgrades_keeping_them(
        db_url: str) -> None:
    engine = make_engine(db_url)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0012")
        for key, number in STORED:
            insert_row(connection=connection, table="document", values={
                "key": key, "number": number, "sha256": key * 64, "text": "正文",
                "ingested_at": AT})
        command.upgrade(config, "0013")
        assert "ix_document_number_normalised" in index_names(connection=connection,
                                                              prefix="ix_document")
        assert table_rows(connection=connection, table="document",
                          columns=["key", "number_normalised"], order_by=["key"]) == [
            ("a", "温政发〔2018〕26号"), ("b", "浙政发〔2019〕1号"), ("c", None),
            ("d", "温政办发〔2020〕3号"), ("e", "温政发〔2018〕27号"),
            ("f", "温政发〔2018〕26号")]
        command.downgrade(config, "0012")
        assert "ix_document_number_normalised" not in index_names(connection=connection,
                                                                  prefix="ix_document")
        assert table_rows(connection=connection, table="document", columns=["key", "number"],
                          order_by=["key"]) == sorted(STORED, key=lambda r: r[0])
        with pytest.raises(Exception, match="number_normalised"):
            table_rows(connection=connection, table="document", columns=["number_normalised"])
        command.upgrade(config, "head")
    engine.dispose()
