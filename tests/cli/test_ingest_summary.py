"""``policygraph ingest``: what each document yielded, the loud empty warning, ``--strict``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()

PLAN = ("一、重点任务\n（一）完善小镇道路。2027年6月底前建成环湖道路12公里以上。"
        "（责任单位：县交通运输局、县财政局）\n（二）培育特色产业。（责任单位：县商务局）\n")
# Prose with no heading and no responsible unit: stored, but nothing is a task.
EMPTY = "湖畔小镇建设对城乡协调发展意义重大，环湖风光四季宜人。\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _ingest(tmp_path: Path, *args: str):
    url = f"sqlite:///{tmp_path / 'summary.db'}"
    return runner.invoke(app, ["ingest", *args], env={"DATABASE_URL": url, "COLUMNS": "200"})


def test_each_document_line_counts_sections_tasks_units_targets_deadlines(tmp_path: Path) -> None:
    result = _ingest(tmp_path, str(_write(tmp_path, "plan.txt", PLAN)))
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith("created    plan (document 1:")
    for count in ("3 sections", "2 tasks", "3 units", "1 targets", "1 deadlines"):
        assert count in line, line


def test_document_without_tasks_warns_loudly_but_exits_zero(tmp_path: Path) -> None:
    result = _ingest(tmp_path, str(_write(tmp_path, "prose.txt", EMPTY)))
    assert result.exit_code == 0, result.output
    assert "0 tasks" in result.stdout
    assert "warning    prose: NO TASKS FOUND" in result.stderr


def test_strict_exits_nonzero_when_a_document_yields_no_tasks(tmp_path: Path) -> None:
    plan, prose = _write(tmp_path, "plan.txt", PLAN), _write(tmp_path, "prose.txt", EMPTY)
    result = _ingest(tmp_path, "--strict", str(plan), str(prose))
    assert result.exit_code == 1, result.output
    assert "2 files: 2 created; 1 stored without tasks (prose)" in result.stderr
    # Both are stored: --strict judges the result, it does not roll it back.
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [
        ["created", "plan"], ["created", "prose"]]


def test_strict_passes_when_every_document_has_tasks(tmp_path: Path) -> None:
    result = _ingest(tmp_path, "--strict", str(_write(tmp_path, "plan.txt", PLAN)))
    assert result.exit_code == 0, result.output
    assert "NO TASKS FOUND" not in result.output


def test_scanned_pdf_is_refused_in_one_line_and_nothing_is_stored(tmp_path: Path) -> None:
    from sqlmodel import Session, select

    from store.db import make_engine
    from store.tables import Document
    from tests.extract.test_formats import _pdf_without_text

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_pdf_without_text())
    result = _ingest(tmp_path, str(scan))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("failed") and "text layer" in lines[0]
    engine = make_engine(f"sqlite:///{tmp_path / 'summary.db'}")
    with Session(engine) as session:
        assert session.exec(select(Document)).all() == []
    engine.dispose()


def test_pdf_with_text_layer_is_ingested_with_its_tasks(tmp_path: Path) -> None:
    pdf = Path(__file__).resolve().parents[1] / "extract" / "fixtures" / "same_plan" / "plan_a.pdf"
    result = _ingest(tmp_path, "--strict", str(pdf))
    assert result.exit_code == 0, result.output
    assert "0 tasks" not in result.stdout and "created    plan_a" in result.stdout
