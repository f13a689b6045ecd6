"""A request reads the progress reports of the obligations its answer shows, not every
report: one unit's obligations read that unit's reports, in one batch."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from schema.report_cache import ReportCache
from store.progress.reports import report_progress
from tests.schema.conftest import PARK, PLAN_REVIEW, make_client

OTHERS = [f"deadline:000_a92242b81cc0d015/其他/{i}" for i in range(30)]


@pytest.fixture
def reported(corpus_db: Engine) -> Engine:
    """The corpus copy with reports on PARK, PLAN_REVIEW and thirty other ids."""
    with Session(corpus_db) as session:
        for obligation in [PARK, PLAN_REVIEW, *OTHERS]:
            report_progress(session=session, obligation_id=obligation, unit_id=None,
                            reported_on=dt.date(2018, 6, 1), done=False, note=obligation[-6:])
        session.commit()
    return corpus_db


@pytest.fixture
def report_reads(reported: Engine) -> Iterator[list[tuple[str, Any]]]:
    """(statement, parameters) of every SELECT on progress_report, as they happen."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "progress_report" in statement:
            seen.append((statement, parameters))

    event.listen(reported, "before_cursor_execute", record)
    yield seen
    event.remove(reported, "before_cursor_execute", record)


def flat(parameters: Any) -> list[Any]:
    """Every value bound, a list parameter's items included (the ids travel as one JSON
    array on SQLite, one array on PostgreSQL)."""
    values = parameters.values() if isinstance(parameters, dict) else parameters
    return [v for value in values for v in _items(value)]


def _items(value: Any) -> list[Any]:
    if isinstance(value, str) and value.startswith("["):
        return list(json.loads(value))
    return list(value) if isinstance(value, (list, tuple)) else [value]


def test_one_units_obligations_read_only_their_reports(
        reported: Engine, report_reads: list[tuple[str, Any]]) -> None:
    query = """{ obligations(asOf: "2019-01-01", unit: "结对县(市、区)党委、政府") {
                 nodes { key status reports { note } } } }"""
    with make_client(reported) as client:
        body = client.post("/graphql", json={"query": query}).json()
    nodes = body["data"]["obligations"]["nodes"]
    assert PARK in {n["key"] for n in nodes}
    assert [r["note"] for n in nodes if n["key"] == PARK for r in n["reports"]] == [PARK[-6:]]
    asked = [v for _, parameters in report_reads for v in flat(parameters)]
    assert PARK in asked, "the unit's obligations were asked for by id"
    assert not set(OTHERS) & set(asked), "no other obligation's reports were read"
    assert len(report_reads) <= 2, "status and reports: at most two reads, not one per node"


def test_expected_obligations_are_read_in_one_batch(
        reported: Engine, report_reads: list[tuple[str, Any]]) -> None:
    with Session(reported) as session:
        cache = ReportCache(session)
        cache.expect([PARK, PLAN_REVIEW, *OTHERS[:3]])
        first = cache.of([PARK])
        rest = [cache.of([o]) for o in [PLAN_REVIEW, *OTHERS[:3]]]
    assert [r.obligation_id for r in first] == [PARK]
    assert [len(r) for r in rest] == [1, 1, 1, 1]
    assert len(report_reads) == 1


def test_a_question_about_every_obligation_reads_all_reports_once(
        reported: Engine, report_reads: list[tuple[str, Any]]) -> None:
    with Session(reported) as session:
        cache = ReportCache(session)
        everything = cache.all()
        again = cache.of([PARK, *OTHERS])
    assert len(everything) == 32 and len(again) == 31
    assert len(report_reads) == 1


def test_reports_loaded_in_the_same_tick_are_read_in_one_statement(
        reported: Engine, report_reads: list[tuple[str, Any]]) -> None:
    wanted = [PARK, PLAN_REVIEW, *OTHERS[:3], "deadline:none/无报告@2019"]

    async def load_all(cache: ReportCache) -> list[list[Any]]:
        return list(await asyncio.gather(*(cache.by_obligation.load(o) for o in wanted)))

    with Session(reported) as session:
        cache = ReportCache(session)  # nothing announced: only the DataLoader batches
        loaded = asyncio.run(load_all(cache))
    assert [[r.note for r in rows] for rows in loaded] == [
        [PARK[-6:]], [PLAN_REVIEW[-6:]], [OTHERS[0][-6:]], [OTHERS[1][-6:]], [OTHERS[2][-6:]], []]
    assert len(report_reads) == 1
    assert set(flat(report_reads[0][1])) >= set(wanted), "one IN list with every id"


def test_the_loader_reads_again_after_the_request_wrote_a_report(
        reported: Engine, report_reads: list[tuple[str, Any]]) -> None:
    async def load_write_load(session: Session) -> tuple[list[Any], list[Any]]:
        cache = ReportCache(session)
        before = await cache.by_obligation.load(PARK)
        report_progress(session=session, obligation_id=PARK, unit_id=None,
                        reported_on=dt.date(2018, 7, 1), done=True, note="第二次")
        cache.forget()
        return before, await cache.by_obligation.load(PARK)

    with Session(reported) as session:
        before, after = asyncio.run(load_write_load(session))
    assert [r.note for r in before] == [PARK[-6:]]
    assert [r.note for r in after] == [PARK[-6:], "第二次"]
    assert len(report_reads) == 2
