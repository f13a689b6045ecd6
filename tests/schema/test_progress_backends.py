"""Progress reports on both back-ends (SQLite and real PostgreSQL): the same answers.

二(二)1 of 温政发〔2018〕26号 is due 2018年7月底前 (2018-07-31), owned by the collective
结对县(市、区)党委、政府, which stands for the ten paired counties: 泰顺县's report closes
泰顺县's share only; an admin's report on nobody's behalf closes every share.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.audit import AuditEntry
from store.ingest import load_bundled
from store.progress.tables import ProgressReport
from store.readback import stored_rows
from tests.schema.conftest import PARK, as_token, codes, make_client, make_token

REPORT = ("mutation($on: Date!) { reportProgress(input: {obligationId: " + f'"{PARK}"'
          + ", reportedOn: $on, done: true}) { obligation { status } } }")
OVERDUE = "query($day: Date!) { overdue(asOf: $day) { key } }"


def test_reports_and_refusals_behave_the_same_on_every_backend(engine: Engine) -> None:
    assert load_bundled(engine=engine)
    county = make_token(engine, "reporter", "泰顺县人民政府")
    commerce = make_token(engine, "reporter", "市商务局")
    admin = make_token(engine, "admin")
    with make_client(engine) as client:
        first = as_token(client, county, REPORT, on="2019-03-01")
        second = as_token(client, county, REPORT, on="2019-03-01")  # a racing duplicate
        assert first["data"]["reportProgress"]["obligation"]["status"] == "OVERDUE"
        assert second["data"]["reportProgress"]["obligation"]["status"] == "OVERDUE"
        assert codes(as_token(client, commerce, REPORT, on="2019-03-01")) == ["FORBIDDEN"]
        whole = as_token(client, admin, REPORT, on="2019-03-02")
        assert whole["data"]["reportProgress"]["obligation"]["status"] == "DONE_LATE"
        later = as_token(client, None, OVERDUE, day="2019-06-01")["data"]["overdue"]
        earlier = as_token(client, None, OVERDUE, day="2019-01-01")["data"]["overdue"]
    assert PARK not in [o["key"] for o in later]
    assert PARK in [o["key"] for o in earlier]
    with Session(engine) as session:
        reports = stored_rows(session=session, model=ProgressReport)
        outcomes = [e.outcome for e in stored_rows(session=session, model=AuditEntry)]
    assert len(reports) == 3 and sum(r.place_id is not None for r in reports) == 2
    assert sorted(outcomes) == ["forbidden", "ok", "ok", "ok"]
