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
    assert line.startswith("新增       plan (文件 1:")
    for count in ("3 节", "2 项任务", "3 个单位", "1 个目标", "1 个期限"):
        assert count in line, line


def test_document_without_tasks_warns_loudly_but_exits_zero(tmp_path: Path) -> None:
    result = _ingest(tmp_path, str(_write(tmp_path, "prose.txt", EMPTY)))
    assert result.exit_code == 0, result.output
    assert "0 项任务" in result.stdout
    assert "警告       prose：未找到任务" in result.stderr


def test_strict_exits_nonzero_when_a_document_yields_no_tasks(tmp_path: Path) -> None:
    plan, prose = _write(tmp_path, "plan.txt", PLAN), _write(tmp_path, "prose.txt", EMPTY)
    result = _ingest(tmp_path, "--strict", str(plan), str(prose))
    assert result.exit_code == 1, result.output
    assert "共 2 个文件:新增 2 个;1 个已存储但未读出任务(prose)" in result.stderr
    # Both are stored: --strict judges the result, it does not roll it back.
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [
        ["新增", "plan"], ["新增", "prose"]]


def test_strict_passes_when_every_document_has_tasks(tmp_path: Path) -> None:
    result = _ingest(tmp_path, "--strict", str(_write(tmp_path, "plan.txt", PLAN)))
    assert result.exit_code == 0, result.output
    assert "未找到任务" not in result.output


def test_scanned_pdf_is_refused_in_one_line_and_nothing_is_stored(tmp_path: Path) -> None:
    from sqlmodel import Session

    from store.db import make_engine
    from store.readback import stored_rows
    from store.tables import Document
    from tests.extract.test_formats import _pdf_without_text

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_pdf_without_text())
    result = _ingest(tmp_path, str(scan))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("失败") and "text layer" in lines[0]
    engine = make_engine(f"sqlite:///{tmp_path / 'summary.db'}")
    with Session(engine) as session:
        assert stored_rows(session=session, model=Document) == []
    engine.dispose()


def test_pdf_with_text_layer_is_ingested_with_its_tasks(tmp_path: Path) -> None:
    pdf = Path(__file__).resolve().parents[1] / "extract" / "fixtures" / "same_plan" / "plan_a.pdf"
    result = _ingest(tmp_path, "--strict", str(pdf))
    assert result.exit_code == 0, result.output
    assert "0 项任务" not in result.stdout and "新增       plan_a" in result.stdout


def test_ingest_speaks_english_on_request(tmp_path: Path) -> None:
    plan, prose = _write(tmp_path, "plan.txt", PLAN), _write(tmp_path, "prose.txt", EMPTY)
    url = f"sqlite:///{tmp_path / 'summary.db'}"
    result = runner.invoke(app, ["ingest", str(plan), str(prose)],
                           env={"DATABASE_URL": url, "COLUMNS": "200", "POLICYGRAPH_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("created    plan (document 1: 3 sections, 2 tasks")
    assert "warning    prose: NO TASKS FOUND" in result.stderr
    assert "2 files: 2 created; 1 stored without tasks (prose)" in result.stderr
    assert "新增" not in result.output


def test_a_folder_is_ingested_as_the_documents_it_holds(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "attachments").mkdir(parents=True)
    _write(folder, "plan.txt", PLAN)
    _write(folder / "attachments", "second.txt", PLAN.replace("小镇", "新城"))
    _write(folder, "README.md", "# about this corpus")  # notes about the corpus are not policy
    _write(folder, ".draft.txt", PLAN)  # nor are hidden files
    result = _ingest(tmp_path, str(folder))
    assert result.exit_code == 0, result.output
    keys = [line.split()[1] for line in result.stdout.strip().splitlines()]
    assert keys == ["second", "plan"], result.stdout  # sorted by path: attachments/ first
    assert "共 2 个文件:新增 2 个" in result.stderr


def test_a_folder_without_documents_is_an_error_not_a_silent_success(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _ingest(tmp_path, str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "没有可导入的文件" in result.stderr


def test_a_folder_read_by_worker_processes_prints_the_lines_one_process_prints(
        tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in (("a_plan.txt", PLAN), ("b_prose.txt", EMPTY), ("c_empty.txt", ""),
                       ("d_plan.txt", PLAN.replace("环湖道路", "滨湖道路"))):
        _write(folder, name, text)
    outputs = []
    for workers, db in (("1", "one.db"), ("2", "two.db")):
        result = runner.invoke(app, ["ingest", str(folder)], env={
            "DATABASE_URL": f"sqlite:///{tmp_path / db}", "COLUMNS": "200",
            "POLICYGRAPH_INGEST_WORKERS": workers})
        assert result.exit_code == 1, result.output  # the empty file fails, the rest are stored
        outputs.append((result.stdout, result.stderr))
    assert outputs[1] == outputs[0]
    assert [line.split()[:2] for line in outputs[0][0].splitlines()] == [
        ["新增", "a_plan"], ["新增", "b_prose"], ["失败", str(folder / "c_empty.txt") + ":"],
        ["新增", "d_plan"]]
