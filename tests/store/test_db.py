"""``store.db.make_engine``: the SQLite file's settings, and a source opened only to read."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import create_engine

from store.db import make_engine
from store.readback import insert_row, journal_mode, table_rows, use_rollback_journal
from store.setup import head_revision, init_db


def _file_in_rollback_journal_mode(path: Path) -> Path:
    """A migrated database file, then switched back to SQLite's default journal."""
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    engine.dispose()
    plain = create_engine(f"sqlite:///{path}")  # not make_engine: it would set WAL again
    with plain.connect() as connection:
        assert use_rollback_journal(connection=connection) == "delete"
    plain.dispose()
    return path


def test_an_engine_switches_a_sqlite_file_to_the_write_ahead_log(tmp_path: Path) -> None:
    path = _file_in_rollback_journal_mode(tmp_path / "city.db")
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert journal_mode(connection=connection) == "wal"
    engine.dispose()


def test_a_read_only_engine_keeps_the_journal_mode_and_refuses_writes(tmp_path: Path) -> None:
    path = _file_in_rollback_journal_mode(tmp_path / "city.db")
    before = path.read_bytes()
    engine = make_engine(f"sqlite:///{path}", read_only=True)
    with engine.connect() as connection:
        assert table_rows(connection=connection, table="alembic_version") == [(head_revision(),)]
        assert journal_mode(connection=connection) == "delete"
        with pytest.raises(OperationalError, match="readonly"):
            insert_row(connection=connection, table="alembic_version",
                       values={"version_num": "written"})
    engine.dispose()
    assert path.read_bytes() == before
