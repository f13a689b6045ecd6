"""The totals and trend widgets over the bundled corpus: page, snippet, Markdown and SVG.

The figures are those added up by hand in tests/graph/test_totals.py (温政发〔2018〕26号's
money targets in 万元) and tests/schema/test_totals_trend.py (市规划局's two obligations
due 2018-12-31, its document issued 2018-12-07).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.testclient import TestClient

DOC = quote("温政发〔2018〕26号")


def test_the_totals_table_shows_committed_sums_per_unit_in_one_base_unit(
        client: TestClient) -> None:
    page = client.get(f"/embed/totals?asOf=2019-01-01&document={DOC}")
    assert page.status_code == 200
    row = re.search(r"<tr><td>市招商局</td><td>万元</td><td class=\"num\">([^<]+)</td>", page.text)
    assert row is not None and row.group(1) == "3,580,000"
    assert "<td>市招商局</td><td>人次</td><td class=\"num\">18,000</td>" in page.text
    md = client.get(f"/embed/totals?asOf=2019-01-01&document={DOC}&format=md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "| 市规划局 | 万元 | 2,377,000 | 0 | 0.0% | 1 |" in md.text
    assert "| 市招商局 | % | — | — | — | 3 |" in md.text  # rates are counted, not summed
    snippet = client.get(f"/embed/totals?asOf=2019-01-01&document={DOC}&format=snippet")
    assert "<html" not in snippet.text and "<style>" in snippet.text


def test_totals_group_by_year_and_refuse_an_unknown_dimension(client: TestClient) -> None:
    md = client.get("/embed/totals?asOf=2019-01-01&groupBy=year,metric&format=md"
                    f"&document={DOC}").text
    assert "| 2019 | 山海协作产业项目到位资金 | 万元 | 400,000 | 0 | 0.0% | 1 |" in md
    refused = client.get("/embed/totals?groupBy=colour")
    assert refused.status_code == 400 and "colour" in refused.text


def test_the_trend_chart_draws_three_series_with_a_legend_and_month_axis(
        client: TestClient) -> None:
    url = "/embed/trend.svg?asOf=2019-04-01&from=2018-06&to=2019-03&unit=" + quote("市规划局")
    svg = client.get(url)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.count("<polyline") == 3 and "<script" not in svg.text
    for label in ("已到期", "已完成", "逾期", "2018-06", "2019-03"):
        assert label in svg.text
    page = client.get(url.replace("/embed/trend.svg", "/embed/trend"))
    assert page.status_code == 200 and "<svg" in page.text
    md = client.get(url.replace("/embed/trend.svg", "/embed/trend") + "&format=md").text
    assert "| 2018-12 | 2 | 0 | 0 |" in md and "| 2019-01 | 2 | 0 | 2 |" in md


def test_a_trend_beyond_120_months_or_with_an_unreadable_month_is_a_clear_400(
        client: TestClient) -> None:
    long = client.get("/embed/trend?from=2000-01&to=2019-03")
    assert long.status_code == 400 and "120" in long.text and "231" in long.text
    bad = client.get("/embed/trend.svg?from=June")
    assert bad.status_code == 400 and "2019-01" in bad.text


def test_the_totals_and_trend_widgets_are_embeddable_through_oembed(client: TestClient) -> None:
    for path, title in (("/embed/totals?groupBy=year", "量化目标完成合计"),
                        ("/embed/trend?unit=" + quote("市规划局"), "到期、完成与逾期趋势"),
                        ("/embed/trend.svg", "到期、完成与逾期趋势")):
        body = client.get("/oembed", params={"url": "http://testserver" + path}).json()
        assert body["title"] == title and body["type"] == "rich", path
        assert f'src="http://testserver{path.split("?")[0]}' in body["html"]
    assert 'type="application/json+oembed"' in client.get("/embed/trend").text
