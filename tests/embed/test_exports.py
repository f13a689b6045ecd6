"""Exports: the 责任分解表 in XLSX, obligations in CSV, Markdown, JSON; URL and CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient
from typer.testing import CliRunner

from cli.database import remember_database_url
from cli.export import export
from store.readback import count_rows
from store.tables import Task

from .conftest import CLAUSE_UNITS_000

#: Sentence subjects given work (X要…) in 温政发〔2018〕26号: co-owners after the clause's units.
SUBJECT_UNITS_000 = {"二(一)": ["五个经济发达的区(市)", "加快发展县"], "三(三)": ["各受援县"],
                     "三(四)": ["经济强市(区)"]}


def _task_count(engine: Engine) -> int:
    with Session(engine) as session:
        return count_rows(session=session, model=Task)


def _breakdown_rows(body: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(body))
    sheet = book["责任分解表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "文件", "任务编号", "工作任务", "责任单位", "牵头单位", "配合单位",
                       "目标指标", "完成时限")
    return rows[1:]


def test_breakdown_xlsx_has_one_row_per_task_with_the_clause_units_then_the_subjects(
        client: TestClient, corpus_sqlite: Engine) -> None:
    response = client.get("/export/breakdown.xlsx")
    assert response.status_code == 200
    assert 'filename="breakdown.xlsx"' in response.headers["content-disposition"]
    rows = _breakdown_rows(response.content)
    assert len(rows) == _task_count(corpus_sqlite)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    of_000 = {r[2]: r for r in rows if r[1] == "温政发〔2018〕26号"}
    for path, units in CLAUSE_UNITS_000.items():
        row = of_000[path]
        subjects = SUBJECT_UNITS_000.get(path, [])
        assert row[4] == "、".join(units + subjects), path
        assert row[5] == units[0], path
        assert (row[6] or "") == "、".join(units[1:] + subjects), path
    for path, subjects in SUBJECT_UNITS_000.items():
        assert of_000[path][4] == "、".join(CLAUSE_UNITS_000.get(path, []) + subjects), path


def test_breakdown_carries_targets_and_deadlines_of_the_task(client: TestClient) -> None:
    rows = _breakdown_rows(client.get("/export/breakdown.xlsx").content)
    first = next(r for r in rows if r[1] == "温政发〔2018〕26号" and r[2] == "二(一)")
    # 二(一): "…不少于1次;…不少于40亿元…占65%" and "每年年底前".
    assert "40亿元" in first[7] and "65%" in first[7]
    assert "每年年底前" in first[8]
    pairing = next(r for r in rows if r[1] == "温政发〔2018〕26号" and r[2] == "二(二)1")
    assert pairing[8] == "2018年7月底前(2018-07-31)"


def test_obligations_csv_opens_in_excel_and_lists_the_overdue_clause(client: TestClient) -> None:
    body = client.get("/export/obligations.csv", params={"asOf": "2019-01-01"}).content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    late = [r for r in rows if r["条款"] == "二(二)1" and r["文件"] == "温政发〔2018〕26号"]
    assert [(r["到期日"], r["状态"], r["牵头单位"]) for r in late] == [
        ("2018-07-31", "逾期", "结对县(市、区)党委、政府")]


def test_targets_json_and_markdown(client: TestClient) -> None:
    body = json.loads(client.get("/export/targets.json").text)
    forty = [r for r in body["rows"] if r["value"] == 40 and r["unit"] == "亿元"]
    assert len(forty) == 1 and forty[0]["path"] == "二(一)" and forty[0]["reached"] == 0
    assert forty[0]["owners"] == "、".join(CLAUSE_UNITS_000["二(一)"] + SUBJECT_UNITS_000["二(一)"])
    md = client.get("/export/breakdown.md").text
    assert md.startswith("# 责任分解表\n\n| 序号 |")
    assert "| 市农业局 | 市商务局、市招商局、结对县(市、区)党委、政府 |" in md


def test_unknown_exports_are_404(client: TestClient) -> None:
    assert client.get("/export/everything.csv").status_code == 404
    assert client.get("/export/breakdown.pdf").status_code == 404


def test_cli_writes_the_same_breakdown(corpus_sqlite: Engine, tmp_path: Path) -> None:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context, database_url: str = typer.Option(None, "--database-url")) -> None:
        remember_database_url(ctx, database_url)

    app.command("export")(export)
    output = tmp_path / "分解表.xlsx"
    result = CliRunner().invoke(app, ["--database-url", str(corpus_sqlite.url), "export",
                                      "breakdown", "--format", "xlsx", "--output", str(output)])
    assert result.exit_code == 0, result.output
    rows = _breakdown_rows(output.read_bytes())
    assert len(rows) == _task_count(corpus_sqlite)
    bad = CliRunner().invoke(app, ["--database-url", str(corpus_sqlite.url), "export", "nope"])
    assert bad.exit_code != 0


def test_obligations_and_targets_exports_cut_to_one_units_work(client: TestClient) -> None:
    # 二(三)3 of 温政发〔2018〕26号 is the one clause naming 市卫计委; it recurs 每年.
    def rows(what: str, **params: str) -> list[dict[str, str]]:
        response = client.get(f"/export/{what}.csv", params={"asOf": "2019-01-01", **params})
        assert response.status_code == 200, response.text
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    health = rows("obligations", unit="市卫计委")
    assert health and {(r["文件"], r["条款"]) for r in health} == {("温政发〔2018〕26号", "二(三)3")}
    standard = "市卫生和计划生育委员会"  # the owners column gives units by their standard names
    assert all(standard in r["责任单位"].split("、") for r in health)
    everything = rows("obligations")
    assert len(health) < len(everything)
    assert sorted(r["编号"] for r in health) == sorted(
        r["编号"] for r in everything if standard in r["责任单位"].split("、"))
    of_000 = rows("targets", document="温政发〔2018〕26号")
    assert of_000 and {r["文件"] for r in of_000} == {"温政发〔2018〕26号"}
    assert len(of_000) < len(rows("targets"))
    investment = rows("targets", unit="市招商局")
    assert investment and len(investment) < len(rows("targets"))
    assert "二(一)" in {r["条款"] for r in investment}  # 市招商局 answers for 二(一)'s 40亿元
    assert client.get("/export/obligations.csv", params={"unit": "市不存在局"}).status_code == 404
