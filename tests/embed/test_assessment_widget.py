"""The assessment widget and the 考核表 export, over the corpus with the four reports of
tests/graph/test_assessment.py (figures worked by hand there)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from tests.embed.conftest import new_corpus_engine
from tests.graph.test_assessment import EXPECTED_TAISHUN, EXPECTED_UNITS, NYJ, ZSJ, store_reports

QUERY = "asOf=2019-01-01&jurisdiction=浙江省温州市"


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("assessment-db"))
    store_reports(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(reported: Engine) -> Iterator[TestClient]:
    app = create_app(reported, settings=Settings(version_check_seconds=0))
    with TestClient(app) as test_client:
        yield test_client


def test_the_widget_ranks_units_with_their_bands(client: TestClient) -> None:
    page = client.get(f"/embed/assessment?{QUERY}")
    assert page.status_code == 200, page.text
    body = page.text
    assert "分类分档考核" in body and "浙江省温州市" in body
    # 市农业局 first (90, A), 市招商局 third (45.33, D)
    assert body.index(NYJ) < body.index(ZSJ)
    assert '<span class="band band-A">A</span></td><td title="浙江省温州市">市农业局' in body
    assert "45.33" in body and "档次:A ≥ 90 分" in body


def test_the_widget_answers_snippets_markdown_and_counties(client: TestClient) -> None:
    snippet = client.get(f"/embed/assessment?{QUERY}&format=snippet").text
    assert snippet.startswith('<div class="pg-embed"') and "<style>" in snippet
    md = client.get(f"/embed/assessment?{QUERY}&kind=place&format=md").text
    # 泰顺县: rank … | D | 泰顺县 | 18.50 | 7 | 1 | 1 | 5 | 31.6 | 1/8 |
    assert "| D | 泰顺县 | 18.50 | 7 | 1 | 1 | 5 | 31.6 | 1/8 |" in md


def test_bad_kind_and_first_are_refused_with_the_parameter_named(client: TestClient) -> None:
    bad = client.get(f"/embed/assessment?{QUERY}&kind=province")
    assert bad.status_code == 400 and "kind" in bad.text
    assert client.get(f"/embed/assessment?{QUERY}&first=501").status_code == 400


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def test_the_xlsx_export_carries_the_title_every_figure_and_the_weights(
        client: TestClient) -> None:
    response = client.get(f"/export/assessment.xlsx?{QUERY}&kind=unit")
    assert response.status_code == 200, response.text
    rows = sheet_rows(response.content)
    assert rows[0][0] == "考核表(浙江省温州市 · 单位 · 截至 2019-01-01)"
    assert rows[1][:4] == ("名次", "档次", "名称", "所属辖区")
    by_name = {r[2]: r for r in rows[2:] if r[2] in EXPECTED_UNITS}
    for name, (due, on_time, late, overdue, mean, reached, committed, score, rank,
               band) in EXPECTED_UNITS.items():
        assert by_name[name] == (rank, band, name, "浙江省温州市", due, on_time, late, overdue,
                                 mean, reached, committed, score), name
    weights = {r[0]: r[1] for r in rows if r[0] in ("roles.lead", "roles.co", "targets_weight")}
    assert weights == {"roles.lead": 1.0, "roles.co": 0.5, "targets_weight": 0.2}
    assert any(r[0] == "所用权重" for r in rows)


def test_the_csv_and_json_exports_carry_the_same_figures(client: TestClient) -> None:
    data = client.get(f"/export/assessment.json?{QUERY}&kind=place").json()
    taishun = next(r for r in data["rows"] if r["name"] == "泰顺县")
    assert (taishun["due"], taishun["on_time"], taishun["late"], taishun["overdue"],
            taishun["mean_days_overdue"], taishun["targets_reached"],
            taishun["targets_committed"], taishun["score"], taishun["band"]) == EXPECTED_TAISHUN
    csv = client.get(f"/export/assessment.csv?{QUERY}").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("名次,档次,名称")
    assert client.get(f"/export/assessment.pdf?{QUERY}").status_code == 404


def test_the_widget_is_embeddable_through_oembed(client: TestClient) -> None:
    body = client.get("/oembed", params={
        "url": f"http://testserver/embed/assessment?{QUERY}&kind=place"}).json()
    assert body["title"] == "分类分档考核" and "/embed/assessment?" in body["html"]
