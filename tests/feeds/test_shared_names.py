"""A calendar names its unit the way the API does: two cities' 市发改委 are two units,
picked by ``?jurisdiction=``; the bare shared name is refused, listing both governments.
Refusals are worded in the request's language.

The fixture tests/schema/fixtures/hangzhou_fagai.txt (杭州市, 杭政办〔2019〕8号) names
市发改委 in 一(一) and 市发展改革委 in 一(二); the bundled 温政发〔2018〕26号 (温州市) names
市发改委 in 二(二)2, 二(二)3 and 二(三)1.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from store.ingest import ingest_file
from tests.corpus_db import corpus_engine

FIXTURE = Path(__file__).resolve().parents[1] / "schema" / "fixtures" / "hangzhou_fagai.txt"
CALENDAR = urllib.parse.quote("/calendar/市发改委.ics")


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    engine: Engine = corpus_engine(tmp_path_factory.mktemp("feeds-two-cities"))
    assert ingest_file(engine=engine, path=FIXTURE).ok
    with TestClient(create_app(engine, settings=Settings(version_check_seconds=0))) as client:
        yield client
    engine.dispose()


def _documents(calendar: str) -> set[str]:
    """The document numbers the calendar's events quote."""
    return {number for number in ("杭政办〔2019〕8号", "温政发〔2018〕26号") if number in calendar}


@pytest.mark.parametrize(("jurisdiction", "document"), [
    ("杭州市", "杭政办〔2019〕8号"), ("浙江省温州市", "温政发〔2018〕26号")])
def test_a_shared_unit_name_reads_one_citys_calendar_by_jurisdiction(
        two_cities: TestClient, jurisdiction: str, document: str) -> None:
    response = two_cities.get(CALENDAR, params={"as_of": "2019-07-01",
                                                "jurisdiction": jurisdiction})
    assert response.status_code == 200
    assert response.text.startswith("BEGIN:VCALENDAR")
    assert _documents(response.text.replace("\r\n ", "")) == {document}


def test_the_bare_shared_name_is_refused_listing_both_governments(
        two_cities: TestClient) -> None:
    response = two_cities.get(CALENDAR, params={"as_of": "2019-07-01"})
    assert response.status_code == 404
    assert "浙江省温州市" in response.text and "浙江省杭州市" in response.text


@pytest.mark.parametrize(("lang", "words"), [("zh", "须为 YYYY-MM-DD"),
                                             ("en", "must be a date written YYYY-MM-DD")])
def test_a_malformed_day_is_refused_in_the_requests_language(
        two_cities: TestClient, lang: str, words: str) -> None:
    response = two_cities.get(CALENDAR, params={"as_of": "soon", "lang": lang})
    assert response.status_code == 400
    assert words in response.text and "as_of" in response.text and "soon" in response.text


def test_metrics_count_each_citys_bureau_in_its_own_series(two_cities: TestClient) -> None:
    page = two_cities.get("/metrics", params={"as_of": "2019-07-01"}).text  # labels sorted
    series = {line.split("} ")[0] + "}" for line in page.splitlines()
              if line.startswith('policygraph_obligations{') and 'unit="市发展和改革委员会"' in line}
    assert {s for s in series if 'status="OPEN"' in s} == {
        'policygraph_obligations{jurisdiction="浙江省杭州市",status="OPEN",unit="市发展和改革委员会"}',
        'policygraph_obligations{jurisdiction="浙江省温州市",status="OPEN",unit="市发展和改革委员会"}'}
