"""``policygraph db copy TARGET_URL``: a city's database copied into another, as a user runs it."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from store.crud.documents import count_documents
from store.db import make_engine

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
