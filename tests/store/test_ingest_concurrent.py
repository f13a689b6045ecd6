"""Two documents stored at once, from two sessions (two processes, or an upload beside
the command line), both naming a unit the database does not hold yet.

Each transaction reads which units exist before it inserts the ones it lacks.  Without
one writer at a time the second reads "absent" while the first has not committed, then
inserts the same (jurisdiction, name) and fails on the unique constraint: a document
reported failed for no fault of its own.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.db import writing
from store.ingest import IngestResult, store_in
from store.readback import column_values
from store.tables import Unit
from tests.store.extractions import extraction_000, extraction_other

ISSUER = "温州市人民政府"


def _store_other(engine: Engine, found: list[IngestResult | BaseException]) -> None:
    try:
        with Session(engine, expire_on_commit=False) as session:
            writing(session)
            found.append(store_in(session=session, path=Path("other.txt"), key="other",
                                  digest="b" * 64,
                                  extraction=extraction_other(issuer=ISSUER)))
            session.commit()
    except BaseException as error:  # the test reports it
        found.append(error)


def test_a_document_stored_while_another_names_the_same_new_units_is_stored_too(
        engine: Engine) -> None:
    first = Session(engine, expire_on_commit=False)
    writing(first)
    created = store_in(session=first, path=Path("000.txt"), key="000", digest="a" * 64,
                       extraction=extraction_000())
    assert created.status == "created"
    # the first transaction holds its new units, uncommitted, while the second begins
    found: list[IngestResult | BaseException] = []
    second = threading.Thread(target=_store_other, args=(engine, found))
    second.start()
    time.sleep(1.0)  # the second reaches its reads (or waits for the writer) meanwhile
    assert not found, "the second document finished while the first was uncommitted"
    first.commit()
    first.close()
    second.join(timeout=60)
    assert not second.is_alive()
    assert len(found) == 1
    result = found[0]
    assert isinstance(result, IngestResult), repr(result)
    assert result.status == "created"
    with Session(engine) as session:
        names = column_values(session=session, column=Unit.name,
                              where=[Unit.name == "市招商局"])
    assert names == ["市招商局"]  # one unit, not one per document


def _statements_sent(engine: Engine) -> list[int]:
    sent = [0]

    def count(*_: object) -> None:
        sent[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    return sent


def test_a_transaction_becomes_the_writer_once_however_often_it_asks(engine: Engine) -> None:
    sent = _statements_sent(engine)
    with Session(engine, expire_on_commit=False) as session:
        writing(session)
        first = sent[0]
        writing(session)  # a batch's later documents ask again
        assert sent[0] == first
        session.commit()
        writing(session)  # a new transaction: the lock (or SQLite's write lock) anew
        assert sent[0] > first
        session.rollback()
