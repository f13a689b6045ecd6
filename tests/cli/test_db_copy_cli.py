"""``policygraph db copy TARGET_URL``: a city's database copied into another, as a user runs it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlmodel import Session, create_engine
from typer.testing import CliRunner

from cli.main import app
from store.crud.documents import count_documents
from store.db import make_engine
from store.readback import journal_mode, use_rollback_journal

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def _run(db_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"DATABASE_URL": db_url, "COLUMNS": "200",
                                                 "POLICYGRAPH_LANG": "en"})
    return result.exit_code, result.output


def _documents(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return count_documents(session=session)
    finally:
        engine.dispose()


def test_copy_migrates_the_target_and_says_what_it_copied(db_url: str, tmp_path: Path) -> None:
    city = f"sqlite:///{tmp_path / 'city.db'}"
    code, output = _run(city, "ingest", *map(str, sorted(CORPUS.glob("*.txt"))))
    assert code == 0, output
    code, output = _run(city, "db", "copy", db_url)
    assert code == 0, output
    assert "(2 documents)" in output and "copied " in output
    assert _documents(db_url) == 2


def test_copy_into_a_database_holding_documents_is_refused_saying_why(tmp_path: Path) -> None:
    city = f"sqlite:///{tmp_path / 'city.db'}"
    assert _run(city, "ingest", *map(str, sorted(CORPUS.glob("*.txt"))))[0] == 0
    assert _run(city, "db", "copy", f"sqlite:///{tmp_path / 'copy.db'}")[0] == 0
    code, output = _run(city, "db", "copy", f"sqlite:///{tmp_path / 'copy.db'}")
    assert code == 1
    assert "not copied: the target already holds documents" in output
    assert _documents(f"sqlite:///{tmp_path / 'copy.db'}") == 2


def test_copy_from_an_unmigrated_source_is_refused_and_leaves_it_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "old.db"
    with sqlite3.connect(source) as connection:  # a database the migrations never ran on
        connection.execute("CREATE TABLE kept (x INTEGER)")
    code, output = _run(f"sqlite:///{source}", "db", "copy", f"sqlite:///{tmp_path / 'copy.db'}")
    assert code == 1
    assert "not copied: the source is at schema revision None" in output
    assert "db upgrade" in output
    with sqlite3.connect(source) as connection:  # nothing migrated: no schema tables added
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert [name for (name,) in tables] == ["kept"]
    assert not (tmp_path / "copy.db").exists()


def test_copy_from_a_missing_file_is_refused_without_creating_either(tmp_path: Path) -> None:
    code, output = _run(f"sqlite:///{tmp_path / 'none.db'}", "db", "copy",
                        f"sqlite:///{tmp_path / 'copy.db'}")
    assert code == 1
    assert f"there is no database at {tmp_path / 'none.db'}" in output
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "copy.db").exists()


def test_copy_leaves_the_source_file_byte_for_byte_as_it_was(tmp_path: Path) -> None:
    city = tmp_path / "city.db"
    assert _run(f"sqlite:///{city}", "ingest", *map(str, sorted(CORPUS.glob("*.txt"))))[0] == 0
    plain = create_engine(f"sqlite:///{city}")  # not make_engine: it would set WAL again
    with plain.connect() as connection:  # a file kept in the rollback-journal mode
        assert use_rollback_journal(connection=connection) == "delete"
    before = city.read_bytes()
    code, output = _run(f"sqlite:///{city}", "db", "copy", f"sqlite:///{tmp_path / 'copy.db'}")
    assert code == 0, output
    assert city.read_bytes() == before
    assert not (tmp_path / "city.db-wal").exists()
    with plain.connect() as connection:
        assert journal_mode(connection=connection) == "delete"
    plain.dispose()
