"""Units per jurisdiction over GraphQL: two cities' 市发改委 stay apart, every spelling of one
city's bureau finds it, and a name two cities share is AMBIGUOUS with both candidates.

The bundled 温政发〔2018〕26号 (温州市) names 市发改委 and 市财政局; the fixture
hangzhou_fagai.txt (杭政办〔2019〕8号, 杭州市) names 市发改委 and 市财政局 in 一(一) and
市财政局 and 市发展改革委 in 一(二).  By the lexicon (extract/data/bureau_names.tsv)
市发改委 and 市发展改革委 are both 市发展和改革委员会.
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
FGW = "市发展和改革委员会"
WENZHOU, HANGZHOU = "浙江省温州市", "浙江省杭州市"


@pytest.fixture
def two_cities(corpus_db: Engine) -> Iterator[TestClient]:
    """The bundled corpus plus 杭州市's notice, behind the app."""
    result = ingest_file(engine=corpus_db, path=FIXTURES / "hangzhou_fagai.txt")
    assert result.ok and result.counts.get("tasks") == 2, result
    with make_client(corpus_db) as client:
        yield client


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post_query(client, query, **variables)
    assert "errors" not in body, body["errors"]
    answer: dict[str, Any] = body["data"]
    return answer


UNIT = """query($n: String!, $j: String) { unit(name: $n, jurisdiction: $j) {
  name aliases tasks { path document { number } } jurisdiction { name fullName code } } }"""


def test_the_short_name_two_cities_share_is_ambiguous_with_both_candidates(
        two_cities: TestClient) -> None:
    body = post_query(two_cities, UNIT, n="市发改委")
    assert codes(body) == ["AMBIGUOUS"]
    error = body["errors"][0]
    assert sorted(error["extensions"]["candidates"]) == sorted(
        [f"{FGW}（{WENZHOU}）", f"{FGW}（{HANGZHOU}）"])
    assert WENZHOU in error["message"] and HANGZHOU in error["message"]


def test_each_citys_bureau_keeps_its_own_tasks(two_cities: TestClient) -> None:
    hangzhou = data(two_cities, UNIT, n="市发改委", j="杭州市")["unit"]
    assert hangzhou["name"] == FGW
    assert hangzhou["jurisdiction"] == {"name": "杭州市", "fullName": HANGZHOU,
                                        "code": "330100000000"}
    assert [(t["path"], t["document"]["number"]) for t in hangzhou["tasks"]] == [
        ("一(一)", "杭政办〔2019〕8号"), ("一(二)", "杭政办〔2019〕8号")]
    wenzhou = data(two_cities, UNIT, n="市发改委", j=WENZHOU)["unit"]
    assert {t["document"]["number"] for t in wenzhou["tasks"]} == {"温政发〔2018〕26号"}
    assert [t["path"] for t in wenzhou["tasks"]] == ["二(二)2", "二(二)3", "二(三)1"]


@pytest.mark.parametrize("spelling", ["市发改委", "市发展改革委", "市发展和改革委员会"])
def test_every_spelling_finds_the_one_bureau_of_a_city(two_cities: TestClient,
                                                        spelling: str) -> None:
    unit = data(two_cities, UNIT, n=spelling, j="330100000000")["unit"]
    assert (unit["name"], len(unit["tasks"])) == (FGW, 2)


def test_a_name_with_a_leading_division_resolves_in_that_division(two_cities: TestClient) -> None:
    assert data(two_cities, UNIT, n="杭州市发改委")["unit"]["jurisdiction"]["fullName"] == HANGZHOU
    assert data(two_cities, UNIT, n="温州市财政局")["unit"]["jurisdiction"]["fullName"] == WENZHOU


def test_bracket_variants_of_the_collective_find_it(two_cities: TestClient) -> None:
    for spelling in ("结对县（市、区）党委、政府", "结对县〈市、区〉党委、政府"):
        assert data(two_cities, UNIT, n=spelling)["unit"]["name"] == "结对县(市、区)党委、政府"


def test_co_responsibility_never_joins_another_citys_bureaus(two_cities: TestClient) -> None:
    query = """query($j: String) { coResponsibility(unit: "市财政局", jurisdiction: $j) {
      unit { name jurisdiction { fullName } } sharedTasks } }"""
    hangzhou = data(two_cities, query, j="杭州市")["coResponsibility"]
    assert [(r["unit"]["name"], r["unit"]["jurisdiction"]["fullName"], r["sharedTasks"])
            for r in hangzhou] == [(FGW, HANGZHOU, 2)]
    wenzhou = data(two_cities, query, j="温州市")["coResponsibility"]
    assert {r["unit"]["jurisdiction"]["fullName"] for r in wenzhou} == {WENZHOU}


def test_overdue_of_an_ambiguous_unit_is_refused_and_of_a_qualified_one_answers(
        two_cities: TestClient) -> None:
    assert codes(post_query(two_cities, '{ overdue(asOf: "2019-07-01", unit: "市发改委") '
                                        '{ path } }')) == ["AMBIGUOUS"]
    late = data(two_cities, '{ overdue(asOf: "2019-07-01", unit: "杭州市发改委") '
                            '{ path dueDate } }')["overdue"]
    assert late == [{"path": "一(一)", "dueDate": "2019-06-30"}]  # 2019年6月底前


def test_units_and_the_jurisdiction_tree(two_cities: TestClient) -> None:
    units = data(two_cities, '{ units(jurisdiction: "杭州市") { name } }')["units"]
    assert [u["name"] for u in units] == [FGW, "市财政局"]
    city = data(two_cities, """{ jurisdiction(name: "杭州市") { fullName level
      parent { fullName } units { name } documents { number } } }""")["jurisdiction"]
    assert city == {"fullName": HANGZHOU, "level": "CITY", "parent": {"fullName": "浙江省"},
                    "units": [{"name": FGW}, {"name": "市财政局"}],
                    "documents": [{"number": "杭政办〔2019〕8号"}]}
    province = data(two_cities, '{ jurisdiction(name: "浙江省") { children { name } } }')
    assert {"温州市", "杭州市"} <= {c["name"] for c in province["jurisdiction"]["children"]}
    every = data(two_cities, "{ jurisdictions { fullName } }")["jurisdictions"]
    assert {WENZHOU, HANGZHOU, "浙江省"} <= {j["fullName"] for j in every}


def test_an_unknown_jurisdiction_is_not_found(two_cities: TestClient) -> None:
    assert codes(post_query(two_cities, UNIT, n="市发改委", j="火星市")) == ["NOT_FOUND"]
