"""Progress reporting through GraphQL on a private copy of the bundled corpus.

Hand-read from 温政发〔2018〕26号 (file 000_a92242b81cc0d015.txt):
- 二(二)1: one deadline, 2018年7月底前 → due 2018-07-31, owned only by the pairing's
  collective unit 结对县(市、区)党委、政府 → id deadline:000_a92242b81cc0d015/二(二)1/1.
- 二(三)2: 全市每年实现培训就业(含转移)6000人次, a yearly target (its only one in the
  section), owners 市人力社保局 (stored as 市人力资源和社会保障局, the lexicon's standard
  name), 市招商局〈经合办〉 and the collective → instances
  target:000_a92242b81cc0d015/二(三)2/1@<year>.
- 泰顺县 is paired (data/reference/wenzhou-pairings.yaml), so 泰顺县人民政府 (in the
  jurisdiction 浙江省温州市泰顺县) reports 泰顺县's share of the collective's obligations.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store.ingest import bundled_paths, ingest_file
from store.progress.tables import ProgressReport
from store.readback import count_rows, one_row, one_value, stored_rows
from tests.schema.conftest import PARK, as_token, codes, make_token, upload_as

# 全市每年实现培训就业6000人次: the yearly target rides on the sentence's 每年 deadline
TRAINING = "deadline:000_a92242b81cc0d015/二(三)2/1"

REPORT = """mutation($id: ID!, $on: Date!, $done: Boolean!, $value: Float) {
  reportProgress(input: {obligationId: $id, reportedOn: $on, done: $done, valueReached: $value,
                 note: "管委会已组建", evidenceUrl: "https://example.gov.cn/a.pdf"}) {
    report { id obligationId reportedOn done version unitId }
    obligation { key dueDate status }
  }
}"""
OVERDUE_IDS = "query($day: Date!) { overdue(asOf: $day) { key status } }"


def overdue_ids(client: TestClient, day: str) -> list[str]:
    body = as_token(client, None, OVERDUE_IDS, day=day)
    return [o["key"] for o in body["data"]["overdue"]]


def test_a_late_report_takes_the_obligation_off_overdue_from_its_date_on(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    assert PARK in overdue_ids(corpus_client, "2019-01-01")
    body = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True)
    payload = body["data"]["reportProgress"]
    assert payload["report"]["obligationId"] == PARK
    assert payload["obligation"] == {"key": PARK, "dueDate": "2018-07-31", "status": "DONE_LATE"}
    assert PARK not in overdue_ids(corpus_client, "2019-06-01")
    assert PARK in overdue_ids(corpus_client, "2019-01-01")  # the report is dated later
    listed = as_token(corpus_client, None, """{ obligations(asOf: "2019-06-01", status: DONE_LATE)
        { nodes { key reports { reportedOn done note } } } }""")
    assert listed["data"]["obligations"]["nodes"] == [
        {"key": PARK, "reports": [{"reportedOn": "2019-03-01", "done": True, "note": "管委会已组建"}]}]


def test_place_obligations_use_the_reports(corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True)
    body = as_token(corpus_client, None, """{ place(name: "泰顺县") {
        obligations(asOf: "2021-06-01") { key status } } }""")
    statuses = {o["key"]: o["status"] for o in body["data"]["place"]["obligations"]}
    assert statuses[PARK] == "DONE_LATE"


def test_a_member_county_reports_its_share_of_the_collectives_obligation(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    county = make_token(corpus_db, "reporter", "泰顺县人民政府")
    body = as_token(corpus_client, county, REPORT, id=PARK, on="2018-07-20", done=True)
    # its own share only: the nine other member counties have not reported
    assert body["data"]["reportProgress"]["obligation"]["status"] == "DUE_SOON"
    with Session(corpus_db) as session:
        row = one_row(session=session, model=ProgressReport)
        from store.tables import Place, Unit
        unit = session.get(Unit, row.unit_id)
        place = session.get(Place, row.place_id)
    assert unit is not None and unit.name == "泰顺县人民政府"
    assert place is not None and place.full_name == "浙江省温州市泰顺县"


def test_racing_reports_on_one_obligation_are_both_kept(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    first = as_token(corpus_client, admin, REPORT, id=PARK, on="2018-07-10", done=False)
    second = as_token(corpus_client, admin, REPORT, id=PARK, on="2018-07-10", done=True)
    ids = {first["data"]["reportProgress"]["report"]["id"],
           second["data"]["reportProgress"]["report"]["id"]}
    assert len(ids) == 2
    with Session(corpus_db) as session:
        assert count_rows(session=session, model=ProgressReport) == 2


RETRACT = """mutation($id: Int!, $v: Int) { retractReport(input: {reportId: $id, expectedVersion: $v}) {
  report { retracted version } obligation { status } } }"""


def test_retracting_with_a_stale_version_conflicts_and_a_fresh_one_reopens_the_obligation(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    report = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01",
                      done=True)["data"]["reportProgress"]["report"]
    stale = as_token(corpus_client, admin, RETRACT, id=report["id"], v=report["version"] + 1)
    assert codes(stale) == ["CONFLICT"]
    done = as_token(corpus_client, admin, RETRACT, id=report["id"], v=report["version"])
    assert done["data"]["retractReport"] == {"report": {"retracted": True, "version": 2},
                                             "obligation": {"status": "OVERDUE"}}
    assert PARK in overdue_ids(corpus_client, "2019-06-01")


def test_a_yearly_target_shows_progress_year_by_year(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    hr = make_token(corpus_db, "reporter", "市人力资源和社会保障局")  # 市人力社保局's standard name
    body = as_token(corpus_client, hr, REPORT, id=f"{TRAINING}@2019", on="2019-06-30",
                    done=False, value=2500.0)
    assert body["data"]["reportProgress"]["obligation"]["status"] == "OPEN"
    query = """{ obligations(asOf: "2019-07-01") { nodes { key progress
                 { reached target unit ratio } } } }"""
    nodes = as_token(corpus_client, None, query)["data"]["obligations"]["nodes"]
    progress = {n["key"]: n["progress"] for n in nodes if n["key"].startswith(TRAINING)}
    assert progress[f"{TRAINING}@2019"] == {"reached": 2500.0, "target": 6000.0,
                                             "unit": "人次", "ratio": 0.4167}
    assert progress[f"{TRAINING}@2018"]["reached"] == 0.0  # 2018 is judged on its own


def test_reporting_on_an_unknown_obligation_is_not_found(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    body = as_token(corpus_client, admin, REPORT, id="deadline:nope/一/1", on="2019-03-01",
                    done=True)
    assert codes(body) == ["NOT_FOUND"]


SHEET = """mutation($file: Upload!) {
  importProgressSheet(input: {file: $file}) {
    stored reports { obligationId } errors { row column message } } }"""


def sheet(*rows: str) -> bytes:
    lines = ["序号,任务编号,责任单位,填报日期,完成情况,完成值,备注,佐证材料链接", *rows]
    return "\n".join(lines).encode("utf-8")


def test_a_sheet_with_one_bad_row_stores_nothing_and_names_the_row(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    data = sheet(f"1,{PARK},结对县(市、区)党委、政府,2019-03-01,已完成,,,",
                 f"2,{PARK},结对县(市、区)党委、政府,2019-02-30,已完成,,,")  # no 30 February
    body = upload_as(corpus_client, admin, SHEET, data, "进度.csv")
    result = body["data"]["importProgressSheet"]
    assert result["stored"] == 0 and result["reports"] == []
    assert [e["row"] for e in result["errors"]] == [3]  # header on row 1, so line two is row 3
    with Session(corpus_db) as session:
        assert stored_rows(session=session, model=ProgressReport) == []


def test_a_good_sheet_is_stored_whole(corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    data = sheet(f"1,{PARK},结对县(市、区)党委、政府,2019-03-01,已完成,,,",
                 f"2,{TRAINING}@2019,市人力社保局,2019-06-30,推进中,2500,,")
    result = upload_as(corpus_client, admin, SHEET, data, "进度.csv")["data"]["importProgressSheet"]
    assert result["stored"] == 2 and result["errors"] == []
    assert PARK not in overdue_ids(corpus_client, "2019-06-01")


def park_deadline_id(engine: Engine) -> int | None:
    """The database id of 二(二)1's deadline row in document 000."""
    from store.tables import Deadline, Document

    with Session(engine) as session:
        return one_value(session=session, column=Deadline.id,
                         joins=[(Document, Document.id == Deadline.document_id)],
                         where=[Document.key == "000_a92242b81cc0d015",
                                Deadline.path == "二(二)1"])


def test_a_report_survives_reingesting_its_document(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True)
    before = park_deadline_id(corpus_db)
    document = next(p for p in bundled_paths() if p.name.startswith("000_"))
    assert ingest_file(engine=corpus_db, path=document, force=True).ok
    assert park_deadline_id(corpus_db) != before  # the fact was rewritten with a new row id
    body = as_token(corpus_client, None, """{ obligations(asOf: "2019-06-01", status: DONE_LATE)
        { nodes { key } } }""")
    assert [n["key"] for n in body["data"]["obligations"]["nodes"]] == [PARK]
