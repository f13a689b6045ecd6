"""The ``policygraph`` command, driven through Click's CliRunner on real databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from store.db import make_engine
from store.readback import column_values
from store.tables import Document

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"
DOC_003 = CORPUS / "003_e159d8715f3bd95b.txt"


def _documents(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as session:
        keys = sorted(column_values(session=session, column=Document.key))
    engine.dispose()
    return keys


def test_ingest_stores_both_bundled_documents_then_reports_them_unchanged(db_url: str) -> None:
    first = runner.invoke(app, ["ingest", str(DOC_000), str(DOC_003)], env={"DATABASE_URL": db_url})
    assert first.exit_code == 0, first.output
    lines = first.stdout.strip().splitlines()
    assert [line.split()[:2] for line in lines if not line.startswith("警告")] == [
        ["新增", "000_a92242b81cc0d015"],
        ["新增", "003_e159d8715f3bd95b"],
    ]
    assert _documents(db_url) == ["000_a92242b81cc0d015", "003_e159d8715f3bd95b"]
    again = runner.invoke(app, ["ingest", str(DOC_000)], env={"DATABASE_URL": db_url})
    assert again.exit_code == 0, again.output
    assert again.stdout.split()[:2] == ["未变", "000_a92242b81cc0d015"]


def test_units_and_targets_print_tables_from_the_ingested_corpus(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert (
        runner.invoke(
            app, ["--database-url", url, "ingest", str(DOC_000)], env={"DATABASE_URL": ""}
        ).exit_code
        == 0
    )
    units = runner.invoke(
        app, ["--database-url", url, "units"], env={"COLUMNS": "200", "DATABASE_URL": ""}
    )
    assert units.exit_code == 0, units.output
    assert "市招商局" in units.stdout and "经合办" in units.stdout
    assert "浙江省温州市" in units.stdout  # whose 市招商局: its government
    targets = runner.invoke(
        app, ["--database-url", url, "targets"], env={"COLUMNS": "250", "DATABASE_URL": ""}
    )
    assert targets.exit_code == 0, targets.output
    # 全市每年实现山海协作产业项目到位资金不少于40亿元 → ≥ 40亿元 = 4,000,000,000 元
    assert "40亿元" in targets.stdout and "4,000,000,000" in targets.stdout


def test_extract_prints_the_public_json_and_touches_no_database(tmp_path: Path) -> None:
    db_file = tmp_path / "never.db"
    result = runner.invoke(
        app,
        ["extract", str(DOC_000), "--format", "json"],
        env={"DATABASE_URL": f"sqlite:///{db_file}"},
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"document", "sections", "tasks", "targets", "deadlines", "places"} <= set(data)
    assert data["document"]["number"] == "温政发〔2018〕26号"
    assert data["document"]["issued_on"] == "2018-12-07"
    assert "温政发〔2018〕26号" in result.stdout  # ensure_ascii=False: Chinese printed as is
    assert not db_file.exists()


def _bad_input(tmp_path: Path, case: str) -> tuple[Path, str]:
    """Write the bad file for ``case``; return it and a word its message must contain."""
    path = tmp_path / f"{case}.txt"
    if case == "empty":
        path.write_bytes(b"")
        return path, "empty"
    if case == "binary":
        path.write_bytes(bytes(range(256)) * 64)
        return path, "binary"
    if case == "wrong-encoding":
        # Valid UTF-8 Chinese followed by 0xFF, a byte neither UTF-8 nor GB18030 allows.
        path.write_bytes("温州市人民政府关于打造山海协作工程升级版的实施意见".encode() + b"\xff\xfe\xff")
        return path, "neither UTF-8 nor GB18030"
    line = ("一、任务\n" + "山海协作" * 1000 + "\n").encode()  # 12014 bytes
    with path.open("wb") as out:
        out.write(line * 4400)  # 52,861,600 bytes: just over 50 MiB of real text
    assert path.stat().st_size > 50 * 1024 * 1024
    return path, "too large"


@pytest.mark.parametrize("case", ["empty", "binary", "wrong-encoding", "50MB"])
def test_bad_input_gives_one_line_and_a_nonzero_exit_and_stores_nothing(
    tmp_path: Path, case: str
) -> None:
    path, reason = _bad_input(tmp_path, case)
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    result = runner.invoke(app, ["ingest", str(path)], env={"DATABASE_URL": url})
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("失败") and reason in lines[0], result.output
    assert path.name in lines[0]
    assert _documents(url) == []


@pytest.mark.parametrize("case", ["empty", "binary", "wrong-encoding", "50MB"])
def test_extract_of_bad_input_gives_one_error_line_and_exit_1(tmp_path: Path, case: str) -> None:
    path, reason = _bad_input(tmp_path, case)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误:") and reason in lines[0]


def test_a_good_file_is_stored_even_when_another_in_the_batch_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    url = f"sqlite:///{tmp_path / 'mixed.db'}"
    result = runner.invoke(app, ["ingest", str(empty), str(DOC_003)], env={"DATABASE_URL": url})
    assert result.exit_code == 1
    assert _documents(url) == ["003_e159d8715f3bd95b"]


def test_a_document_without_headings_or_clauses_is_stored_with_warnings(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("各地要加快推进山海协作工程,促进区域协调发展。\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'plain.db'}"
    result = runner.invoke(app, ["ingest", str(plain)], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert "新增" in result.stdout
    warnings = [line for line in result.output.splitlines() if line.startswith("警告")]
    assert len(warnings) >= 1 and any("未找到标题" in w for w in warnings)
    assert _documents(url) == ["plain"]


def test_db_upgrade_reports_the_head_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.db'}"
    result = runner.invoke(app, ["db", "upgrade"], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("数据库版本 0")
