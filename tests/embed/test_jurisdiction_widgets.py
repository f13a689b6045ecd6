"""Widgets take a unit name the way the API does: two cities' 市发改委 are two units, picked
by ``?jurisdiction=`` or a leading division; the bare shared name is refused, listing both.

The fixture tests/schema/fixtures/hangzhou_fagai.txt (杭州市) names 市发改委 in 一(一) and
市发展改革委 in 一(二); the bundled 温政发〔2018〕26号 (温州市) names 市发改委 in 二(二)2,
二(二)3 and 二(三)1.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from store.ingest import ingest_file

from .conftest import new_corpus_engine

FIXTURE = Path(__file__).resolve().parents[1] / "schema" / "fixtures" / "hangzhou_fagai.txt"


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    engine = new_corpus_engine(tmp_path_factory.mktemp("two-cities"))
    assert ingest_file(engine=engine, path=FIXTURE).ok
    with TestClient(create_app(engine, settings=Settings(version_check_seconds=0))) as client:
        yield client
    engine.dispose()


def test_the_unit_card_of_each_city_lists_its_own_tasks(two_cities: TestClient) -> None:
    hangzhou = two_cities.get("/embed/unit/市发改委", params={"jurisdiction": "杭州市"})
    assert hangzhou.status_code == 200
    assert "2 项任务" in hangzhou.text and "杭政办〔2019〕8号" in hangzhou.text
    assert "温政发〔2018〕26号" not in hangzhou.text
    wenzhou = two_cities.get("/embed/unit/温州市发改委")
    assert wenzhou.status_code == 200
    assert "3 项任务" in wenzhou.text and "杭政办〔2019〕8号" not in wenzhou.text


def test_the_shared_bare_name_is_refused_with_both_governments(two_cities: TestClient) -> None:
    response = two_cities.get("/embed/unit/市发改委")
    assert response.status_code == 404
    assert "浙江省温州市" in response.text and "浙江省杭州市" in response.text


def test_the_overdue_widget_filters_on_one_citys_bureau(two_cities: TestClient) -> None:
    response = two_cities.get("/embed/overdue", params={"unit": "市发改委", "jurisdiction": "杭州市",
                                                        "asOf": "2019-07-01"})
    assert response.status_code == 200
    assert "一(一)" in response.text and "二(二)2" not in response.text


def test_the_dashboard_links_each_citys_bureau_to_its_own_card(two_cities: TestClient) -> None:
    html = two_cities.get("/", params={"asOf": "2019-07-01"}).text
    for government in ("浙江省温州市", "浙江省杭州市"):
        assert (f'/embed/unit/{quote("市发展和改革委员会")}?jurisdiction={quote(government)}'
                in html), government


def _breakdown_link(card: str) -> dict[str, str]:
    """The query of the card's link to its unit's whole breakdown (in the tasks' pager,
    shown when the tasks take more than one page)."""
    tasks = card[card.index('data-section="tasks"'):]
    link = re.search(r'<a class="whole" href="([^"]+)"', tasks)
    assert link is not None and "/export/breakdown.xlsx?" in link.group(1)
    return dict(parse_qsl(urlsplit(html.unescape(link.group(1))).query))


@pytest.mark.parametrize(("card", "params", "government", "paths"), [
    ("市发改委", {"jurisdiction": "杭州市"}, "浙江省杭州市", ["一(一)", "一(二)"]),
    ("温州市发改委", {}, "浙江省温州市", ["二(二)2", "二(二)3", "二(三)1"]),
], ids=["by-jurisdiction", "by-leading-division"])
def test_each_citys_card_links_to_a_breakdown_of_its_own_bureau(
        two_cities: TestClient, card: str, params: dict[str, str], government: str,
        paths: list[str]) -> None:
    query = _breakdown_link(two_cities.get(f"/embed/unit/{card}",
                                           params={"asOf": "2019-07-01", "first": "1",
                                                   **params}).text)
    # the canonical name is both cities': the link names the government too
    assert query["unit"] == "市发展和改革委员会" and query["jurisdiction"] == government
    export = two_cities.get("/export/breakdown.json", params=query)
    assert export.status_code == 200
    assert [row["path"] for row in export.json()["rows"]] == paths


def test_the_breakdown_of_a_shared_bare_name_is_refused_with_both_governments(
        two_cities: TestClient) -> None:
    response = two_cities.get("/export/breakdown.json", params={"unit": "市发展和改革委员会"})
    assert response.status_code == 404
    assert "浙江省温州市" in response.text and "浙江省杭州市" in response.text
