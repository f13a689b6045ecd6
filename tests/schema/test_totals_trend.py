"""targetTotals and trend through GraphQL, with progress reports made through the API, on
a private copy of the bundled corpus.

Hand-read from 温政发〔2018〕26号 (issued 2018-12-07):
- 二(一) 全市每年实现山海协作产业项目到位资金不少于40亿元 (and 不少于1次 签约会, 占65%), owned
  by 市招商局 (lead) and others; its 2019 instance is deadline:…/二(一)/1@2019.
- 二(二)2 于2018年四季度前完成规划评审 (due 2018-12-31, 市招商局 leads, 市规划局 co-owns) and
  二(二)3 力争2018年取得实质性进展 (due 2018-12-31, 市规划局 co-owns) are 市规划局's only
  obligations due by 2019-03; its others fall due 2019-12-31 and 2020-12-31.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.schema.conftest import PLAN_REVIEW, as_token, codes, make_token

INVEST_2019 = "deadline:000_a92242b81cc0d015/二(一)/1@2019"
TOTALS = """{ targetTotals(asOf: "%s", groupBy: [UNIT, YEAR], unit: "市招商局", year: 2019)
  { unit year unitOfMeasure additive committed reached count shareReached } }"""
TREND = """{ trend(from: "2018-06-01", to: "2019-03-31", unit: "市规划局")
  { month asOf due done overdue } }"""


def report(client: TestClient, token: str, obligation: str, day: str, *, done: bool,
           value: float | None = None) -> dict[str, Any]:
    valued = f", valueReached: {value}" if value is not None else ""
    return as_token(client, token, f"""mutation {{ reportProgress(input: {{obligationId: "{obligation}",
        reportedOn: "{day}", done: {str(done).lower()}{valued}}}) {{ report {{ id }} }} }}""")


def rows(client: TestClient, day: str) -> dict[str, dict[str, Any]]:
    body = as_token(client, None, TOTALS % day)
    assert "errors" not in body, body
    return {r["unitOfMeasure"]: r for r in body["data"]["targetTotals"]}


def test_a_value_reported_through_the_api_is_reached_in_its_own_unit_of_measure(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    before = rows(corpus_client, "2019-07-01")
    # 2019: 40亿元 (400000万元) of 二(一) and 1000万元 of 二(三)1, both 市招商局's
    assert before["万元"] | {"reached": None, "shareReached": None} == {
        "unit": "市招商局", "year": 2019, "unitOfMeasure": "万元", "additive": True,
        "committed": 401000.0, "reached": None, "count": 2, "shareReached": None}
    assert before["万元"]["reached"] == 0.0
    token = make_token(corpus_db, "reporter", "市招商局")
    body = report(corpus_client, token, INVEST_2019, "2019-06-30", done=False, value=25.0)
    assert "errors" not in body, body
    after = rows(corpus_client, "2019-07-01")
    # 25亿元 = 250000万元, of 401000万元 committed
    assert (after["万元"]["reached"], after["万元"]["shareReached"]) == (250000.0, 0.6234)
    assert after["次"]["reached"] == 0.0  # the sentence's 1次 is not what 25 measures
    assert (after["%"]["committed"], after["%"]["reached"]) == (None, None)
    assert rows(corpus_client, "2019-06-29")["万元"]["reached"] == 0.0  # not yet reported


def test_first_bounds_the_rows_and_refuses_beyond_its_maximum(
        corpus_client: TestClient) -> None:
    query = '{ targetTotals(asOf: "2019-01-01", groupBy: [UNIT], first: %d) { unit } }'
    assert len(as_token(corpus_client, None, query % 2)["data"]["targetTotals"]) == 2
    refused = as_token(corpus_client, None, query % 501)
    assert codes(refused) == ["BAD_USER_INPUT"]
    assert "500" in refused["errors"][0]["message"]


def test_a_units_trend_by_month_with_one_report_in_between(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    token = make_token(corpus_db, "reporter", "市招商局")
    # the lead reports the plan review done, late, on 2019-02-15: the obligation is done
    assert "errors" not in report(corpus_client, token, PLAN_REVIEW, "2019-02-15", done=True)
    body = as_token(corpus_client, None, TREND)
    assert "errors" not in body, body
    counts = [(p["month"], p["due"], p["done"], p["overdue"]) for p in body["data"]["trend"]]
    assert counts == [
        ("2018-06", 0, 0, 0), ("2018-07", 0, 0, 0), ("2018-08", 0, 0, 0),  # not yet issued
        ("2018-09", 0, 0, 0), ("2018-10", 0, 0, 0), ("2018-11", 0, 0, 0),
        ("2018-12", 2, 0, 0),  # both due on 2018-12-31 itself: not overdue yet
        ("2019-01", 2, 0, 2),
        ("2019-02", 2, 1, 1),  # the plan review done on 2019-02-15
        ("2019-03", 2, 1, 1)]
    assert body["data"]["trend"][1]["asOf"] == "2018-07-31"


def test_a_trend_longer_than_120_months_is_refused_with_the_bound(
        corpus_client: TestClient) -> None:
    ok = as_token(corpus_client, None, '{ trend(from: "2011-01-01", to: "2020-12-31") { due } }')
    assert len(ok["data"]["trend"]) == 120
    body = as_token(corpus_client, None,
                    '{ trend(from: "2011-01-01", to: "2021-01-01") { due } }')
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "120" in body["errors"][0]["message"] and "121" in body["errors"][0]["message"]
    backwards = as_token(corpus_client, None,
                         '{ trend(from: "2019-03-01", to: "2019-02-01") { due } }')
    assert codes(backwards) == ["BAD_USER_INPUT"]


def test_a_year_outside_the_served_window_is_refused(corpus_client: TestClient) -> None:
    body = as_token(corpus_client, None,
                    '{ targetTotals(groupBy: [YEAR], year: 99999) { year } }')
    assert codes(body) == ["BAD_USER_INPUT"] and "99999" in body["errors"][0]["message"]
