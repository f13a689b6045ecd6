"""Member counties report their own shares of a collective obligation over GraphQL.

Hand-read from 温政发〔2018〕26号 (000_a92242b81cc0d015.txt): 二(二)1 "2018年7月底前……完成
山海协作产业园管委会的组建工作" is due 2018-07-31 and its only 责任单位 is
结对县〈市、区〉党委、政府, the collective that stands for the paired counties of 温州市
(data/reference/wenzhou-pairings.yaml: 鹿城区, 龙湾区, 瓯海区, 瑞安市, 乐清市 and 泰顺县,
苍南县, 文成县, 平阳县, 永嘉县: ten members).  泰顺县人民政府 is the government unit of the
member 泰顺县, in the jurisdiction 浙江省温州市泰顺县.  The document is issued on
2018-12-07, so the obligations are asked about on 2018-12-10, when a county that has not
reported is overdue; reports may be dated before the issue day (the work was done then).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store.crud.jurisdictions import find_jurisdictions
from store.crud.units import find_unit
from store.tokens import create_token
from tests.schema.conftest import PARK, as_token, codes, make_client, make_token, upload_as

REPORT = """mutation($on: Date!, $county: String) {
  reportProgress(input: {obligationId: "OBLIGATION", reportedOn: $on, done: true, county: $county}) {
    report { placeId } obligation { status } } }""".replace("OBLIGATION", PARK)
SHARES = """query($day: Date!) { obligations(asOf: $day, first: 500) { nodes { key status
  countyShares { place { name fullName } collective status doneOn
                 reports { reportedOn done } } } } }"""
MEMBERS = ["鹿城区", "龙湾区", "瓯海区", "瑞安市", "乐清市", "泰顺县", "苍南县", "文成县",
           "平阳县", "永嘉县"]


def taishun_reporter(engine: Engine) -> str:
    """A reporter token of 泰顺县人民政府, made with the store's CRUD."""
    with Session(engine) as session:
        (home,) = find_jurisdictions(session=session, name="浙江省温州市泰顺县")
        assert home.id is not None
        unit = find_unit(session=session, name="泰顺县人民政府",
                                         jurisdiction_id=home.id)
        assert unit is not None
        _, clear = create_token(session=session, unit_id=unit.id, role="reporter")
        session.commit()
    return clear


def park(client: TestClient, day: str) -> dict:
    nodes = as_token(client, None, SHARES, day=day)["data"]["obligations"]["nodes"]
    return next(n for n in nodes if n["key"] == PARK)


@pytest.fixture(params=["all", "share:0.8"])
def rule(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(rule: str, corpus_db: Engine) -> Iterator[TestClient]:
    """The app over the corpus started with the collective rule (stamped on its graph)."""
    with make_client(corpus_db, collective_rule=rule) as test_client:
        yield test_client


def test_a_county_reports_done_for_its_share_and_the_collective_follows_the_rule(
        rule: str, client: TestClient, corpus_db: Engine) -> None:
    county = taishun_reporter(corpus_db)
    payload = as_token(client, county, REPORT, on="2018-07-20")["data"]["reportProgress"]
    assert payload["report"]["placeId"] is not None
    node = park(client, "2018-12-10")
    shares = {c["place"]["name"]: c for c in node["countyShares"]}
    assert sorted(shares) == sorted(MEMBERS)
    assert shares["泰顺县"]["status"] == "DONE" and shares["泰顺县"]["doneOn"] == "2018-07-20"
    assert shares["泰顺县"]["place"]["fullName"] == "浙江省温州市泰顺县"
    assert shares["泰顺县"]["reports"] == [{"reportedOn": "2018-07-20", "done": True}]
    assert shares["苍南县"]["status"] == "OVERDUE" and shares["苍南县"]["reports"] == []
    assert {c["collective"] for c in shares.values()} == {"结对县(市、区)党委、政府"}
    assert node["status"] == "OVERDUE"  # one county of ten: neither rule is met

    # An admin reports six more counties' shares by name: eight of ten are done.
    admin = make_token(corpus_db, "admin")
    for name in ["鹿城区", "龙湾区", "瓯海区", "瑞安市", "乐清市", "文成县", "平阳县"]:
        body = as_token(client, admin, REPORT, on="2018-07-25", county=name)
        assert "errors" not in body, body
    node = park(client, "2018-12-10")
    shares = {c["place"]["name"]: c["status"] for c in node["countyShares"]}
    assert shares["苍南县"] == shares["永嘉县"] == "OVERDUE"
    assert sum(s == "DONE" for s in shares.values()) == 8
    # all: two counties still owe it; share:0.8: eight of ten are enough
    assert node["status"] == ("OVERDUE" if rule == "all" else "DONE")


def test_a_county_reports_only_its_own_share(rule: str, client: TestClient,
                                             corpus_db: Engine) -> None:
    county = taishun_reporter(corpus_db)
    body = as_token(client, county, REPORT, on="2018-07-20", county="苍南县")
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["reason"] == "not_owner"
    assert "泰顺县" in body["errors"][0]["message"]
    own = as_token(client, county, REPORT, on="2018-07-20", county="浙江省温州市泰顺县")
    assert "errors" not in own
    assert {c["place"]["name"]: c["status"] for c in park(client, "2018-12-10")[
        "countyShares"]}["苍南县"] == "OVERDUE"


def test_an_admin_naming_no_member_county_is_told_the_members(
        rule: str, client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    body = as_token(client, admin, REPORT, on="2018-07-20", county="杭州市")
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "county"
    assert "泰顺县" in body["errors"][0]["message"]


def test_a_countys_progress_sheet_row_is_stored_as_its_own_share(
        rule: str, client: TestClient, corpus_db: Engine) -> None:
    sheet = "\n".join(["序号,任务编号,责任单位,填报日期,完成情况,完成值,备注,佐证材料链接",
                       f"1,{PARK},泰顺县人民政府,2018-07-20,已完成,,管委会已组建,"])
    body = upload_as(client, taishun_reporter(corpus_db), """mutation($file: Upload!) {
        importProgressSheet(input: {file: $file}) {
          stored reports { placeId } errors { message } } }""", sheet.encode("utf-8"),
                     "泰顺县进度.csv")
    result = body["data"]["importProgressSheet"]
    assert result["stored"] == 1 and result["reports"][0]["placeId"] is not None
    shares = {c["place"]["name"]: c["status"] for c in park(client, "2018-12-10")["countyShares"]}
    assert shares["泰顺县"] == "DONE" and shares["苍南县"] == "OVERDUE"


def test_a_report_stored_before_counties_had_shares_counts_for_its_units_county(
        rule: str, client: TestClient, corpus_db: Engine) -> None:
    import datetime as dt

    from store.progress.reports import report_progress

    with Session(corpus_db) as session:
        (home,) = find_jurisdictions(session=session, name="浙江省温州市苍南县")
        assert home.id is not None
        unit = find_unit(session=session, name="苍南县人民政府",
                                         jurisdiction_id=home.id)
        assert unit is not None
        report_progress(session=session, obligation_id=PARK, unit_id=unit.id,
                        reported_on=dt.date(2018, 7, 30), done=True)  # no place_id
        session.commit()
    shares = {c["place"]["name"]: c["status"] for c in park(client, "2018-12-10")["countyShares"]}
    assert shares["苍南县"] == "DONE" and shares["泰顺县"] == "OVERDUE"
    listed = {c["place"]["name"]: c["reports"] for c in park(client, "2018-12-10")["countyShares"]}
    assert listed["苍南县"] == [{"reportedOn": "2018-07-30", "done": True}]
