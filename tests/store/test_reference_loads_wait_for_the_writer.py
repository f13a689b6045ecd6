"""A reference load or a breakdown import run while a document is being stored, from two
sessions (the command line beside a server), both naming a unit the database does not
hold yet.

Each reads which units, places and jurisdictions exist before it inserts the ones it
lacks, as storing a document does.  Without one writer at a time the second reads
"absent" while the first has not committed, then inserts the same row and fails on the
unique constraint (or, on SQLite, on the write lock it cannot upgrade to).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from extract.divisions import Division, by_code
from extract.jurisdictions import place_division
from extract.model import UnitRef
from store.breakdown.importer import apply_import, preview_import
from store.crud.jurisdictions import ensure_jurisdiction
from store.crud.units import unit_key, upsert_unit
from store.db import session_scope, writing
from store.ingest import load_bundled
from store.readback import column_values, one_value
from store.reference import county_government, load_pairings
from store.succession_reference import Entry, Loaded, load_successions
from store.tables import Document, Unit

WENZHOU = by_code("330300000000")
NUMBER_000 = "温政发〔2018〕26号"

Write = Callable[[Session], object]


def _write_other(engine: Engine, write: Write, found: list[object]) -> None:
    try:
        with Session(engine, expire_on_commit=False) as session:
            found.append(write(session))
            session.commit()
    except BaseException as error:  # the test reports it
        found.append(error)


def _first_holds(engine: Engine, name: str, division: Division | None) -> Session:
    """A transaction that is the writer and has inserted the unit ``name`` of ``division``
    (and its jurisdiction, when new), uncommitted: what storing a document does."""
    first = Session(engine, expire_on_commit=False)
    writing(first)
    jurisdiction = ensure_jurisdiction(session=first, division=division)
    assert jurisdiction.id is not None
    upsert_unit(session=first, jurisdiction_id=jurisdiction.id,
                ref=UnitRef(name=name, raw=name, level="city"), division=division)
    return first


def _written_after(engine: Engine, first: Session, write: Write) -> object:
    """What ``write`` returned, run in a second transaction while ``first`` is open."""
    found: list[object] = []
    second = threading.Thread(target=_write_other, args=(engine, write, found))
    second.start()
    time.sleep(1.0)  # the second reaches its reads (or waits for the writer) meanwhile
    assert not found, "the second writer finished while the first was uncommitted"
    first.commit()
    first.close()
    second.join(timeout=60)
    assert not second.is_alive()
    assert len(found) == 1
    assert not isinstance(found[0], BaseException), repr(found[0])
    return found[0]


def _units_called(engine: Engine, name: str) -> list[str]:
    with Session(engine) as session:
        return column_values(session=session, column=Unit.name, where=[Unit.name == name])


def test_pairings_loaded_while_a_document_names_a_county_government_are_loaded_too(
        engine: Engine) -> None:
    taishun = county_government("泰顺县")
    first = _first_holds(engine, taishun, place_division("泰顺县", WENZHOU))
    pairs = _written_after(engine, first, lambda session: load_pairings(session=session))
    assert pairs == 5
    assert _units_called(engine, taishun) == [taishun]  # one unit, not one per writer


def test_successions_loaded_while_a_document_names_the_successor_are_loaded_too(
        engine: Engine) -> None:
    successor = "市自然资源和规划局"
    with session_scope(engine) as session:
        city = ensure_jurisdiction(session=session, division=WENZHOU)
        assert city.id is not None
        upsert_unit(session=session, jurisdiction_id=city.id,
                    ref=UnitRef(name="市国土资源局", raw="市国土资源局", level="city"))
    first = _first_holds(engine, successor, WENZHOU)
    entry = Entry("温州市", ("市国土资源局",), successor, "merge", dt.date(2019, 1, 1), "test")
    loaded = _written_after(engine, first, lambda session: load_successions(
        session=session, entries=[entry], actor="tester"))
    assert isinstance(loaded, Loaded) and loaded.recorded == [f"市国土资源局 → {successor}"]
    assert _units_called(engine, successor) == [successor]


def test_a_breakdown_imported_while_a_document_names_its_new_unit_is_imported_too(
        engine: Engine) -> None:
    assert load_bundled(engine=engine)
    with Session(engine) as session:
        document = one_value(session=session, column=Document.id,
                             where=[Document.number == NUMBER_000])
    assert document is not None
    first = _first_holds(engine, "市科技局", WENZHOU)  # the document's own government
    table = "序号,工作任务,牵头单位,配合单位\n1,促进低收入群众增收致富,市农业局,市科技局\n"

    def imported(session: Session) -> object:
        preview = preview_import(session=session, document_id=document, data=table.encode(),
                                 filename="分解表.csv")
        return apply_import(session=session, preview=preview, actor="tester")

    stored = _written_after(engine, first, imported)
    assert isinstance(stored, list) and stored  # the row's corrections, the new unit's among them
    name = unit_key("市科技局")
    assert _units_called(engine, name) == [name]
