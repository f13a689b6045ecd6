"""Each owner reports for itself; the obligation follows the lead's share or every owner's.

Hand-read from 温政发〔2018〕26号 (file 000_a92242b81cc0d015.txt):
- 二(二)2 "于2018年四季度前完成规划评审" → due 2018-12-31; 责任单位 市招商局〈经合办〉 (lead,
  listed first), 市发改委 (stored under its standard name 市发展和改革委员会, the lexicon's
  发改委 → 发展和改革委员会), 市国土资源局, 市规划局, 市旅游局, 结对县〈市、区〉党委、政府: six
  owners; the collective stands for the ten paired counties of 温州市 (the pairings), so
  泰顺县人民政府 reports 泰顺县's share and the collective's share is done when every
  member county's is (the default collective rule).
- 二(一) "全市每年实现山海协作产业项目到位资金不少于40亿元": a yearly target of at least
  40 亿元, owners 市招商局〈经合办〉 (lead) and the collective; each year's instance is due
  at that year's end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col
from starlette.testclient import TestClient

from store.audit import AuditEntry, list_audit
from store.progress.tables import ProgressReport
from store.readback import count_rows, stored_rows
from tests.schema.conftest import PLAN_REVIEW, as_token, codes, make_client, make_token, upload_as

REPORT = """mutation($id: ID!, $on: Date!, $done: Boolean!, $value: Float, $unit: String,
                     $county: String, $confirm: Boolean! = false) {
  reportProgress(input: {obligationId: $id, reportedOn: $on, done: $done, valueReached: $value,
                 unit: $unit, county: $county, confirm: $confirm}) {
    report { id unitId } obligation { key status } } }"""
SHARES = """query($day: Date!) { obligations(asOf: $day, first: 500) { nodes { key status
  shares { name role status doneOn lastReport { reportedOn done } } } } }"""
OWNERS = ["市招商局", "市发展和改革委员会", "市国土资源局", "市规划局", "市旅游局",
          "结对县(市、区)党委、政府"]
COUNTIES = """query($day: Date!) { obligations(asOf: $day, first: 500) { nodes { key status
  countyShares { place { name fullName } status } } } }"""


@pytest.fixture
def client_all(corpus_db: Engine) -> Iterator[TestClient]:
    """The app over the corpus started with the ``all`` rule (stamped on its graph)."""
    with make_client(corpus_db, progress_rule="all") as test_client:
        yield test_client


def obligation(client: TestClient, day: str, obligation_id: str) -> dict:
    nodes = as_token(client, None, SHARES, day=day)["data"]["obligations"]["nodes"]
    return next(n for n in nodes if n["key"] == obligation_id)


def shares(node: dict) -> dict[str, str]:
    return {s["name"]: s["status"] for s in node["shares"]}


def report(client: TestClient, token: str, *, on: str, unit: str | None = None,
           done: bool = True, obligation_id: str = PLAN_REVIEW, **more: object) -> dict:
    return as_token(client, token, REPORT, id=obligation_id, on=on, done=done, unit=unit,
                    **more)


def test_a_co_owners_done_report_closes_its_share_and_leaves_the_lead_open_under_lead(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    assert "errors" not in report(corpus_client, planning, on="2018-12-01")
    node = obligation(corpus_client, "2018-12-15", PLAN_REVIEW)
    assert node["status"] == "DUE_SOON"  # the lead, 市招商局, has not reported
    assert [s["name"] for s in node["shares"]] == OWNERS
    assert shares(node)["市规划局"] == "DONE"
    assert shares(node)["市招商局"] == "DUE_SOON"
    planning_share = next(s for s in node["shares"] if s["name"] == "市规划局")
    assert planning_share["lastReport"] == {"reportedOn": "2018-12-01", "done": True}
    assert obligation(corpus_client, "2019-01-01", PLAN_REVIEW)["status"] == "OVERDUE"
    lead = make_token(corpus_db, "reporter", "市招商局")
    assert "errors" not in report(corpus_client, lead, on="2018-12-20")
    assert obligation(corpus_client, "2019-01-01", PLAN_REVIEW)["status"] == "DONE"


def test_under_all_the_obligation_closes_only_when_every_owner_reported(
        client_all: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    for unit in OWNERS[:-1]:  # the lead and four co-owners, not the collective
        assert "errors" not in report(client_all, admin, on="2018-12-10", unit=unit)
    node = obligation(client_all, "2018-12-15", PLAN_REVIEW)
    assert node["status"] == "DUE_SOON"
    assert shares(node) == {**dict.fromkeys(OWNERS[:-1], "DONE"), OWNERS[-1]: "DUE_SOON"}
    county = make_token(corpus_db, "reporter", "泰顺县人民政府")  # the collective's member
    payload = report(client_all, county, on="2019-01-05")["data"]["reportProgress"]
    assert payload["obligation"]["status"] == "OVERDUE"  # nine member counties still owe
    nodes = as_token(client_all, None, COUNTIES, day="2019-01-05")["data"]["obligations"]
    counties = next(n for n in nodes["nodes"] if n["key"] == PLAN_REVIEW)["countyShares"]
    assert len(counties) == 10
    assert {c["place"]["name"]: c["status"] for c in counties}["泰顺县"] == "DONE_LATE"
    assert sum(c["status"] == "OVERDUE" for c in counties) == 9
    for other in (c["place"]["fullName"] for c in counties if c["status"] == "OVERDUE"):
        assert "errors" not in report(client_all, admin, on="2019-01-08", county=other)
    assert obligation(client_all, "2019-01-08", PLAN_REVIEW)["status"] == "DONE_LATE"
    assert obligation(client_all, "2018-12-31", PLAN_REVIEW)["status"] == "DUE_SOON"
    assert set(shares(obligation(client_all, "2019-02-01", PLAN_REVIEW)).values()) == {
        "DONE", "DONE_LATE"}


def forty_yi(client: TestClient, year: int) -> str:
    """The id of 二(一)'s 40 亿元 instance of ``year``."""
    query = """query($day: Date!) { obligations(asOf: $day, first: 500) { nodes { key path
               year targets { value unit } } } }"""
    nodes = as_token(client, None, query, day=f"{year}-06-01")["data"]["obligations"]["nodes"]
    found = [n["key"] for n in nodes if n["path"] == "二(一)" and n["year"] == year
             and {"value": 40.0, "unit": "亿元"} in n["targets"]]
    assert len(found) == 1, found
    return found[0]


def test_a_report_reaching_40_yi_completes_that_years_instance(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    lead = make_token(corpus_db, "reporter", "市招商局")
    this_year, next_year = forty_yi(corpus_client, 2019), forty_yi(corpus_client, 2020)
    partial = report(corpus_client, lead, on="2019-12-10", done=False, value=12.5,
                     obligation_id=this_year)["data"]["reportProgress"]
    assert partial["obligation"]["status"] == "DUE_SOON"
    reached = report(corpus_client, lead, on="2019-12-20", done=False, value=41.2,
                     obligation_id=this_year)["data"]["reportProgress"]
    assert reached["obligation"]["status"] == "DONE"
    assert obligation(corpus_client, "2020-01-15", this_year)["status"] == "DONE"
    query = """query($day: Date!) { obligations(asOf: $day, first: 500) { nodes { key
               progress { reached target unit ratio } } } }"""
    nodes = as_token(corpus_client, None, query, day="2020-01-15")["data"]["obligations"]["nodes"]
    progress = next(n["progress"] for n in nodes if n["key"] == this_year)
    assert progress == {"reached": 41.2, "target": 40.0, "unit": "亿元", "ratio": 1.03}
    assert obligation(corpus_client, "2020-12-15", next_year)["status"] == "DUE_SOON"


def test_a_value_in_the_wrong_magnitude_is_refused_unless_confirmed(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    lead = make_token(corpus_db, "reporter", "市招商局")
    this_year = forty_yi(corpus_client, 2019)
    body = report(corpus_client, lead, on="2019-12-20", done=False, value=4_000_000_000,
                  obligation_id=this_year)
    assert codes(body) == ["BAD_USER_INPUT"]
    error = body["errors"][0]
    assert "亿元" in error["message"] and "confirm" in error["message"]
    assert error["extensions"]["argument"] == "valueReached"
    with Session(corpus_db) as session:
        assert stored_rows(session=session, model=ProgressReport) == []
        [refused] = list_audit(session=session, outcome="refused")
    assert (refused.actor_unit, refused.actor_role) == ("市招商局", "reporter")
    confirmed = report(corpus_client, lead, on="2019-12-20", done=False, value=4_000_000_000,
                       obligation_id=this_year, confirm=True)
    assert "errors" not in confirmed


def test_a_report_dated_after_today_is_refused_unless_confirmed(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()  # the edge reads the clock
    body = report(corpus_client, planning, on=tomorrow)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert tomorrow in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["argument"] == "reportedOn"
    assert "errors" not in report(corpus_client, planning, on=tomorrow, confirm=True)
    with Session(corpus_db) as session:
        assert count_rows(session=session, model=ProgressReport) == 1


def test_english_callers_read_the_refusal_in_english(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = corpus_client.post(
        "/graphql", json={"query": REPORT, "variables": {
            "id": PLAN_REVIEW, "on": tomorrow, "done": True}},
        headers={"Authorization": f"Bearer {planning}", "Accept-Language": "en"})
    assert "after today" in response.json()["errors"][0]["message"]


def test_every_audit_entry_of_a_write_names_its_actor_unit_role_and_outcome(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    stored = report(corpus_client, planning, on="2018-12-01")["data"]["reportProgress"]
    retract = """mutation($id: Int!) { retractReport(input: {reportId: $id}) {
      report { retracted } } }"""
    assert "errors" not in as_token(corpus_client, planning, retract,
                                    id=stored["report"]["id"])
    with Session(corpus_db) as session:
        entries = stored_rows(session=session, model=AuditEntry, where=[
            col(AuditEntry.action).in_(["report_progress", "retract_report"])])
    assert sorted(e.action for e in entries) == ["report_progress", "retract_report"]
    assert {(e.actor_unit, e.actor_role, e.outcome) for e in entries} == {
        ("市规划局", "reporter", "ok")}
    assert all(e.actor not in ("", "anonymous") for e in entries)


SHEET = """mutation($file: Upload!, $confirm: Boolean! = false) {
  importProgressSheet(input: {file: $file, confirm: $confirm}) {
    stored errors { row column message } } }"""


def sheet(*rows: str) -> bytes:
    lines = ["序号,任务编号,责任单位,填报日期,完成情况,完成值,备注,佐证材料链接", *rows]
    return "\n".join(lines).encode("utf-8")


def test_a_sheet_with_a_row_dated_after_today_is_refused_audited_as_refused_unless_confirmed(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    data = sheet(f"1,{PLAN_REVIEW},市规划局,2018-12-01,已完成,,,",
                 f"2,{PLAN_REVIEW},市规划局,{tomorrow},已完成,,,")
    result = upload_as(corpus_client, planning, SHEET, data,
                       "进度.csv")["data"]["importProgressSheet"]
    assert result["stored"] == 0
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "reported_on")]
    assert tomorrow in result["errors"][0]["message"]
    with Session(corpus_db) as session:
        [entry] = list_audit(session=session, action="import_sheet")
    assert (entry.outcome, entry.actor_unit, entry.actor_role) == ("refused", "市规划局",
                                                                   "reporter")
    confirmed = upload_as(corpus_client, planning, SHEET, data, "进度.csv",
                          confirm=True)["data"]["importProgressSheet"]
    assert confirmed == {"stored": 2, "errors": []}
    with Session(corpus_db) as session:
        outcomes = sorted(e.outcome for e in list_audit(session=session, action="import_sheet"))
    assert outcomes == ["ok", "refused"]
