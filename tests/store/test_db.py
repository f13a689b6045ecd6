"""``store.db.make_engine``: the SQLite file's settings, and a source opened only to read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from store.db import make_engine


def _file_in_rollback_journal_mode(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE kept (x INTEGER)")
        connection.execute("INSERT INTO kept VALUES (1)")
    return path


def test_an_engine_switches_a_sqlite_file_to_the_write_ahead_log(tmp_path: Path) -> None:
    path = _file_in_rollback_journal_mode(tmp_path / "city.db")
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_a_read_only_engine_keeps_the_journal_mode_and_refuses_writes(tmp_path: Path) -> None:
    path = _file_in_rollback_journal_mode(tmp_path / "city.db")
    before = path.read_bytes()
    engine = make_engine(f"sqlite:///{path}", read_only=True)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT x FROM kept")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "delete"
        with pytest.raises(OperationalError, match="readonly"):
            connection.execute(text("INSERT INTO kept VALUES (2)"))
    engine.dispose()
    assert path.read_bytes() == before
