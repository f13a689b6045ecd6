"""Progress reports: dated reads, retraction with optimistic concurrency, racing writers."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.audit import list_audit
from store.db import make_engine
from store.progress.reports import (
    ConcurrentUpdate,
    ReportFact,
    ReportNotFound,
    as_fact,
    report_progress,
    reports_as_of,
    retract_report,
)
from store.progress.tables import ProgressReport
from store.readback import stored_rows
from tests.store.conftest import unit_id

# 二(二)2 of 温政发〔2018〕26号: "于2018年四季度前完成规划评审", due 2018-12-31.
PLAN_REVIEW = "deadline:二(二)2@2018"


def test_a_report_counts_from_its_date_on_and_not_before(session: Session) -> None:
    report_progress(
        session=session, obligation_id=PLAN_REVIEW, unit_id=unit_id(session, "市规划局"),
        reported_on=dt.date(2019, 1, 15), done=True, note="规划评审已通过", actor="tok1",
    )  # fmt: skip
    session.commit()
    assert reports_as_of(session=session, as_of=dt.date(2019, 1, 14)) == []
    on_day = reports_as_of(session=session, as_of=dt.date(2019, 1, 15))
    assert [(r.obligation_id, r.done, r.created_by) for r in on_day] == [
        (PLAN_REVIEW, True, "tok1")
    ]


def test_reports_as_of_filters_by_obligation_ids(session: Session) -> None:
    for oid in (PLAN_REVIEW, "deadline:二(二)1@2018"):
        report_progress(session=session, obligation_id=oid, unit_id=None,
                        reported_on=dt.date(2018, 12, 1), done=False)  # fmt: skip
    session.commit()
    rows = reports_as_of(session=session, as_of=dt.date(2019, 1, 1), obligation_ids=[PLAN_REVIEW])
    assert [r.obligation_id for r in rows] == [PLAN_REVIEW]


def test_a_retracted_report_no_longer_counts_but_stays_in_history(session: Session) -> None:
    report = report_progress(session=session, obligation_id=PLAN_REVIEW, unit_id=None,
                             reported_on=dt.date(2018, 12, 20), done=True)  # fmt: skip
    session.commit()
    assert report.id is not None
    retracted = retract_report(session=session, report_id=report.id, actor="admin1")
    session.commit()
    assert retracted.version == 2 and retracted.retracted_by == "admin1"
    assert reports_as_of(session=session, as_of=dt.date(2019, 1, 1)) == []
    history = reports_as_of(session=session, as_of=dt.date(2019, 1, 1), include_retracted=True)
    assert [r.id for r in history] == [report.id]


def test_retracting_twice_or_from_a_stale_version_is_refused(session: Session) -> None:
    report = report_progress(session=session, obligation_id=PLAN_REVIEW, unit_id=None,
                             reported_on=dt.date(2018, 12, 20), done=True)  # fmt: skip
    session.commit()
    assert report.id is not None
    with pytest.raises(ConcurrentUpdate):
        retract_report(session=session, report_id=report.id, expected_version=7)
    retract_report(session=session, report_id=report.id)
    session.commit()
    with pytest.raises(ConcurrentUpdate):
        retract_report(session=session, report_id=report.id)
    with pytest.raises(ReportNotFound):
        retract_report(session=session, report_id=999)


def test_reporting_and_retracting_are_audited_with_previous_and_new_values(
    session: Session,
) -> None:
    report = report_progress(session=session, obligation_id=PLAN_REVIEW, unit_id=None,
                             reported_on=dt.date(2018, 12, 20), done=True, actor="tokA")  # fmt: skip
    assert report.id is not None
    retract_report(session=session, report_id=report.id, actor="tokB")
    session.commit()
    entries = list_audit(session=session, target=PLAN_REVIEW)
    assert [(e.action, e.actor, e.outcome) for e in entries] == [
        ("retract_report", "tokB", "ok"),
        ("report_progress", "tokA", "ok"),
    ]
    assert entries[1].previous_value is None
    assert '"retracted": false' in (entries[0].previous_value or "")
    assert '"retracted": true' in (entries[0].new_value or "")


def test_a_report_converts_to_the_status_functions_input(session: Session) -> None:
    report = report_progress(session=session, obligation_id="target:40亿元@2019", unit_id=None,
                             reported_on=dt.date(2019, 6, 30), done=False, value_reached=18.5)  # fmt: skip
    assert as_fact(report) == ReportFact(
        "target:40亿元@2019", dt.date(2019, 6, 30), False, 18.5, False
    )


def test_two_writers_racing_on_one_obligation_both_keep_their_reports(
    sqlite_engine: Engine, db_file: Path
) -> None:
    per_writer = 15
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(actor: str) -> None:
        engine = make_engine(f"sqlite:///{db_file}")  # its own connection pool, like a process
        try:
            barrier.wait()
            for n in range(per_writer):
                with Session(engine) as s:
                    report_progress(session=s, obligation_id=PLAN_REVIEW, unit_id=None,
                                    reported_on=dt.date(2019, 1, 1 + n), done=False,
                                    note=f"{actor}-{n}", actor=actor)  # fmt: skip
                    s.commit()
        except BaseException as exc:
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=write, args=(a,)) for a in ("tokA", "tokB")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(sqlite_engine) as s:
        notes = sorted(r.note for r in stored_rows(session=s, model=ProgressReport))
    assert notes == sorted(
        [f"tokA-{n}" for n in range(per_writer)] + [f"tokB-{n}" for n in range(per_writer)]
    )


@pytest.mark.parametrize("asked", [[], ["a"], ["b", "a", "b"], [f"x{i}" for i in range(2500)] + ["c"]])
def test_reports_of_listed_obligations_on_every_backend(engine: Engine, asked: list[str]) -> None:
    # the ids travel as one list parameter (JSON on SQLite, an array on PostgreSQL)
    with Session(engine) as session:
        for oid, day, retracted in (("a", 2, False), ("b", 1, False), ("a", 1, False),
                                    ("c", 3, True), ("c", 9, False)):
            report = report_progress(session=session, obligation_id=oid, unit_id=None,
                                     reported_on=dt.date(2019, 1, day), done=False)
            if retracted:
                session.flush()
                assert report.id is not None
                retract_report(session=session, report_id=report.id, actor="admin1")
        session.commit()
        found = reports_as_of(session=session, as_of=dt.date(2019, 1, 5), obligation_ids=asked)
        wanted = set(asked)
        expected = [(o, d) for o, d in (("a", 1), ("a", 2), ("b", 1)) if o in wanted]
        assert [(r.obligation_id, r.reported_on.day) for r in found] == expected
        history = reports_as_of(session=session, as_of=dt.date(2019, 1, 5), obligation_ids=asked,
                                include_retracted=True)
        assert [(r.obligation_id, r.reported_on.day) for r in history] == expected + (
            [("c", 3)] if "c" in wanted else [])
