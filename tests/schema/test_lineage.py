"""Lineage over GraphQL: what a document cites and implements, and the provincial targets
that the city's tasks take up and the ones none does.

温政发〔2018〕26号 opens with 为深入贯彻落实省委、省政府《关于深入实施山海协作工程促进区域
协调发展的若干意见》(浙委发〔2018〕3号)要求: an ``implements`` citation.  The fixture
zhewei_2018_3.txt is a short 浙委发〔2018〕3号 with four provincial targets: 山海协作产业项目
到位资金 (二(一), taken up by 000's 二(一): 全市每年实现山海协作产业项目到位资金不少于
40亿元), 9个生态旅游文化产业园计划总投资 (二(二), by 000's 二(二)2: 5个生态旅游文化产业园
计划总投资237.7亿元), 培训就业(含转移) (二(三), by 000's 二(三)2: 全市每年实现培训就业
(含转移)6000人次) and 海洋经济合作示范区 (二(四)), of which 000 says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from store.ingest import ingest_file
from tests.schema.conftest import codes, make_client, post_query

FIXTURES = Path(__file__).parent / "fixtures"
CITY, PROVINCE = "温政发〔2018〕26号", "浙委发〔2018〕3号"
PROVINCE_TITLE = "中共浙江省委 浙江省人民政府关于深入实施山海协作工程促进区域协调发展的若干意见"
CITES = """query($n: String!) { document(number: $n) { number
  cites { number title kind document { title } } } }"""


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post_query(client, query, **variables)
    assert "errors" not in body, body["errors"]
    answer: dict[str, Any] = body["data"]
    return answer


@pytest.fixture
def with_province(corpus_db: Engine) -> Iterator[TestClient]:
    """The bundled corpus and the provincial opinion the city's document implements."""
    result = ingest_file(engine=corpus_db, path=FIXTURES / "zhewei_2018_3.txt")
    assert result.ok and result.counts.get("targets") == 4, result
    with make_client(corpus_db) as client:
        yield client


def test_the_city_document_cites_the_provincial_one_not_loaded_yet(corpus_client: TestClient) -> None:
    cites = data(corpus_client, CITES, n="温政发[2018]26号")["document"]["cites"]  # any spelling
    assert cites[0] == {"number": PROVINCE, "title": "关于深入实施山海协作工程促进区域协调发展的若干意见",
                        "kind": "IMPLEMENTS", "document": None}
    assert all(c["document"] is None for c in cites)


def test_an_unknown_number_is_not_found(corpus_client: TestClient) -> None:
    assert codes(post_query(corpus_client, CITES, n="浙委发〔2099〕1号")) == ["NOT_FOUND"]


def test_the_provincial_document_links_both_ways_once_loaded(with_province: TestClient) -> None:
    city = data(with_province, CITES, n=CITY)["document"]
    assert city["cites"][0]["document"] == {"title": PROVINCE_TITLE}
    province = data(with_province, """query($n: String!) { document(number: $n) {
      citedBy { number } implementedBy { number } implements { number } } }""", n=PROVINCE)
    assert province["document"] == {"citedBy": [{"number": CITY}],
                                    "implementedBy": [{"number": CITY}], "implements": []}
    implements = data(with_province, '{ document(number: "温政发〔2018〕26号") '
                                     '{ implements { number } } }')["document"]["implements"]
    assert implements == [{"number": PROVINCE}]


def test_each_provincial_target_with_the_city_tasks_taking_it_up(with_province: TestClient) -> None:
    answer = data(with_province, """query($n: String!) { document(number: $n) {
      targetsImplementation { target { path metric }
        implementedBy { task { path } document { number } } }
      unimplementedTargets { path metric value unit } } }""", n=PROVINCE)["document"]
    taken = {(r["target"]["path"], r["target"]["metric"]):
             [(i["task"]["path"], i["document"]["number"]) for i in r["implementedBy"]]
             for r in answer["targetsImplementation"]}
    assert taken == {("二(一)", "山海协作产业项目到位资金"): [("二(一)", CITY)],
                     ("二(二)", "9个生态旅游文化产业园计划总投资"): [("二(二)2", CITY)],
                     ("二(三)", "培训就业(含转移)"): [("二(三)2", CITY)],
                     ("二(四)", "海洋经济合作示范区"): []}
    assert answer["unimplementedTargets"] == [
        {"path": "二(四)", "metric": "海洋经济合作示范区", "value": 10.0, "unit": "个"}]


def test_documents_are_listed_by_jurisdiction_number_and_text_a_page_at_a_time(
        with_province: TestClient) -> None:
    query = """query($f: DocumentFilter, $first: Int) { documents(filter: $f, first: $first) {
      nodes { number } pageInfo { hasNextPage } } }"""
    province = data(with_province, query, f={"jurisdiction": "浙江省"})["documents"]["nodes"]
    assert PROVINCE in {d["number"] for d in province} and CITY not in {d["number"] for d in province}
    assert data(with_province, query, f={"number": "温政发[2018]26号"})["documents"]["nodes"] == [
        {"number": CITY}]
    assert data(with_province, query, f={"text": "若干意见"})["documents"]["nodes"] == [
        {"number": PROVINCE}]
    page = data(with_province, query, first=1)["documents"]
    assert len(page["nodes"]) == 1 and page["pageInfo"]["hasNextPage"] is True
    sections = data(with_province, '{ document(number: "浙委发〔2018〕3号") { sections { path } '
                                   'tasks { path } } }')["document"]
    assert [s["path"] for s in sections["sections"]] == ["一", "二", "二(一)", "二(二)", "二(三)",
                                                         "二(四)", "三"]
    assert [t["path"] for t in sections["tasks"]] == ["二(一)", "二(二)", "二(三)", "二(四)", "三"]
