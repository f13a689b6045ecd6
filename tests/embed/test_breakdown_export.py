"""The 责任分解表 export: whole texts, metrics, each deadline, filters, and a round trip."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store.breakdown.importer import preview_import
from store.readback import stored_rows
from store.tables import Document, Task

NUMBER = "温政发〔2018〕26号"


def _rows(client: TestClient, **params: str) -> list[dict[str, str]]:
    response = client.get("/export/breakdown.csv", params=params)
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_task_text_is_whole(client: TestClient, corpus_sqlite: Engine) -> None:
    with Session(corpus_sqlite) as session:
        longest = max(stored_rows(session=session, model=Task), key=lambda t: len(t.text))
    assert len(longest.text) > 60
    texts = {r["工作任务"] for r in _rows(client)}
    assert longest.text in texts


def test_targets_carry_their_metrics_and_each_yearly_deadline_lists_its_instances(client: TestClient) -> None:
    first = next(r for r in _rows(client, document=NUMBER) if r["任务编号"] == "二(一)")
    assert "山海协作产业项目到位资金≥40亿元" in first["目标指标"].split("\n")
    deadlines = first["完成时限"].split("\n")
    # 每年年底前 recurs: each year's instance through the plan's last year (2020)
    assert "每年年底前(2018-12-31、2019-12-31、2020-12-31)" in deadlines
    assert "2020年(2020-12-31)" in deadlines
    assert len(deadlines) == 3  # 每年年底前, 2020年 and 每年 — each its own line


def test_filters_by_document_and_by_unit(client: TestClient) -> None:
    everything = _rows(client)
    of_000 = _rows(client, document=NUMBER)
    assert {r["文件"] for r in of_000} == {NUMBER} and len(of_000) < len(everything)
    health = _rows(client, unit="市卫计委")
    assert [r["任务编号"] for r in health] == ["二(三)3"]
    assert client.get("/export/breakdown.csv", params={"unit": "市不存在局"}).status_code == 404
    assert client.get("/export/breakdown.csv", params={"document": "不存在〔2000〕1号"}).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_imports_back_as_no_change(client: TestClient, corpus_sqlite: Engine,
                                              fmt: str) -> None:
    body = client.get(f"/export/breakdown.{fmt}").content
    with Session(corpus_sqlite) as session:
        for document in stored_rows(session=session, model=Document):
            assert document.id is not None
            preview = preview_import(session=session, document_id=document.id, data=body,
                                     filename=f"breakdown.{fmt}")
            tasks = stored_rows(session=session, model=Task,
                                where=[Task.document_id == document.id])
            assert preview.errors == [] and preview.changes == [], document.key
            assert sorted(preview.matched.values()) == sorted(t.path for t in tasks)
