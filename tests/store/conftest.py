"""Helpers for storage tests: a full dump of every table, to compare before and after; a
migrated SQLite file with a few real units, and a session on it.

The units and alias are those of 温政发〔2018〕26号's responsibility clauses:
市招商局〈经合办〉 (alias 经合办), 市规划局 and 市商务局.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import store.tables  # noqa: F401  (registers the tables)
from store.db import make_engine
from store.readback import table_rows
from store.setup import init_db
from store.tables import Unit, UnitAlias

Dump = dict[str, list[tuple[Any, ...]]]


def dump_tables(engine: Engine) -> Dump:
    """Every row of every table, ordered by primary key."""
    out: Dump = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            out[table.name] = table_rows(connection=conn, table=table,
                                         order_by=[c.name for c in table.primary_key.columns])
    return out


def row_counts(engine: Engine) -> dict[str, int]:
    """How many rows each table holds."""
    return {name: len(rows) for name, rows in dump_tables(engine).items()}


@pytest.fixture
def dump() -> Callable[[Engine], Dump]:
    """The :func:`dump_tables` function."""
    return dump_tables


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
