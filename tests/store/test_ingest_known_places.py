"""Ingest reads documents with the pairings' counties as known places."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import Session

from store import tables
from store.ingest import ingest_file
from store.readback import stored_rows
from store.setup import init_db


def test_pairing_counties_resolve_their_short_forms_at_ingest(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    init_db(engine)
    with Session(engine) as session:
        assert not stored_rows(session=session, model=tables.Place)
    plan = tmp_path / "plan.txt"
    plan.write_text("一、共建园区\n（一）推进鹿—泰合作园区建设。（责任单位：市发改委）\n", encoding="utf-8")
    assert ingest_file(engine=engine, path=plan).ok
    with Session(engine) as session:
        names = {p.name for p in stored_rows(session=session, model=tables.Place)}
    assert {"鹿城区", "泰顺县"} <= names
