"""Hostile files through ``policygraph ingest``: a clear one-line refusal and a non-zero
exit, with every table exactly as before (SQLite and PostgreSQL); or, where the content
is legitimate, stored with the right text and warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from cli.main import app
from store.ingest import load_bundled
from tests.hardening.conftest import record_figure
from tests.hardening.hostile import HOSTILE, SAMPLE
from tests.hardening.store_dump import dump_store

# Refused files and the reason their one-line message must give (read off decode.py /
# inputs.py limits: 20 MB, NUL bytes, UTF-8 then GB18030 decoding).
REFUSED = {
    "truncated_utf8": "neither UTF-8 nor GB18030/GBK text",
    "zip_bomb_docx": "100.0 MB uncompressed is over the limit of 20 MB",
    "hundred_megabytes": "file too large (100.0 MB; limit 20 MB)",
    "nul_bytes": "binary file (contains NUL bytes)",
    "empty": "empty file",
    "nested_headings": "too many headings (10000; limit 2000)",
}
TRIED: list[str] = []  # one entry per file ingested (kinds x back-ends)


def ingest(engine: Engine, path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--database-url", engine.url.render_as_string(
        hide_password=False), "ingest", str(path)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    """A migrated store holding the bundled corpus, so 'unchanged' means something."""
    load_bundled(engine=engine)
    return engine


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_file_is_refused_in_one_line_and_changes_nothing(
        name: str, loaded: Engine, tmp_path: Path) -> None:
    path = HOSTILE[name](tmp_path)
    before = dump_store(loaded)
    code, out, _ = ingest(loaded, path)
    TRIED.append(name)
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("失败"), out
    assert REFUSED[name] in lines[0]
    assert dump_store(loaded) == before


def test_ten_thousand_nested_headings_get_a_reason_not_a_database_error(
        engine: Engine, tmp_path: Path) -> None:
    _code, out, _ = ingest(engine, HOSTILE["nested_headings"](tmp_path))
    assert "IntegrityError" not in out and "UNIQUE" not in out


def test_gbk_mislabelled_as_utf8_is_stored_decoded_correctly(engine: Engine,
                                                            tmp_path: Path) -> None:
    code, out, _ = ingest(engine, HOSTILE["gbk_labelled_utf8"](tmp_path))
    TRIED.append("gbk_labelled_utf8")
    assert code == 0 and out.startswith("新增       mislabelled")
    from sqlmodel import Session

    from store.readback import one_value
    from store.tables import Document

    with Session(engine) as session:
        text = one_value(session=session, column=Document.text)
    # the page holds the first 3000 characters of 003; its opening words survive intact
    assert "本省自2002年全面实施山海协作工程以来" in text
    assert SAMPLE.splitlines()[0][:40] in text


def test_a_file_of_only_punctuation_is_stored_with_warnings(engine: Engine,
                                                           tmp_path: Path) -> None:
    code, out, err = ingest(engine, HOSTILE["only_punctuation"](tmp_path))
    TRIED.append("only_punctuation")
    assert code == 0
    assert "0 节,0 项任务,0 个单位,0 个目标,0 个期限,0 个地点" in out
    assert "警告       punctuation：未找到标题" in err
    assert "未找到责任条款" in err


def test_zz_report_how_many_hostile_files_were_tried() -> None:
    # Runs last in this module (name order within the file is definition order).
    assert TRIED, "no hostile file ran"
    record_figure("hostile_files_tried", {"kinds": len(set(TRIED)), "ingests": len(TRIED)})
    record_figure("hostile_files", sorted(set(TRIED)))
