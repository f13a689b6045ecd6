"""Fixtures for the progress data layer: a migrated SQLite file with a few real units.

The units and alias are those of 温政发〔2018〕26号's responsibility clauses:
市招商局〈经合办〉 (alias 经合办), 市规划局 and 市商务局.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.db import make_engine
from store.setup import init_db
from store.tables import Unit, UnitAlias


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """Where the test's SQLite database lives."""
    return tmp_path / "progress.db"


@pytest.fixture
def sqlite_engine(db_file: Path) -> Iterator[Engine]:
    """A migrated SQLite file (WAL) holding three units of the Wenzhou document."""
    engine = make_engine(f"sqlite:///{db_file}")
    init_db(engine)
    with Session(engine) as session:
        investment = Unit(name="市招商局", level="city")
        session.add_all(
            [investment, Unit(name="市规划局", level="city"), Unit(name="市商务局", level="city")]
        )
        session.flush()
        assert investment.id is not None
        session.add(UnitAlias(unit_id=investment.id, alias="经合办"))
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def session(sqlite_engine: Engine) -> Iterator[Session]:
    """A session on :func:`sqlite_engine`; the test commits what it wants kept."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        yield s


def unit_id(session: Session, name: str) -> int:
    """The id of a seeded unit."""
    from store.crud.units import find_unit

    unit = find_unit(session=session, name=name)
    assert unit is not None and unit.id is not None
    return unit.id
