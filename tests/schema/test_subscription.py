"""Live updates on one server process over SQLite: a real websocket client speaking
graphql-transport-ws to a real uvicorn server (tests/live_server.py).

From 温政发〔2018〕26号 二(二)2 (…于2018年四季度前完成规划评审): 市规划局 is among its owners,
市商务局 is not; due 2018-12-31, so on any day after it the obligation is OVERDUE until a
report closes it (an admin's report closes every share: DONE_LATE when dated after the due day).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from websockets.exceptions import ConnectionClosed

from server import create_app
from settings import Settings
from store.progress.reports import report_progress
from store.readback import one_row
from store.tables import Jurisdiction
from store.tokens import create_token
from tests.conftest import PROJECT_ROOT
from tests.live_client import acknowledged, connected, next_message, subscribe, until_subscribed
from tests.live_server import serve
from tests.schema.conftest import PLAN_REVIEW, make_token

REPORT = """mutation($id: ID!, $done: Boolean!) {
  reportProgress(input: {obligationId: $id, reportedOn: "2019-01-15", done: $done}) { report { id } } }"""
RETRACT = """mutation($id: Int!) { retractReport(input: {reportId: $id}) { report { id } } }"""
REPORTS = """subscription($unit: String) { progressReported(unit: $unit) {
  reportId obligationId path reportedOn done retracted } }"""
STATUSES = """subscription($unit: String) { obligationStatusChanged(unit: $unit) {
  obligationId path from to on } }"""


def app_over(engine: Engine, **settings: Any) -> Any:
    return create_app(engine, settings=Settings(version_check_seconds=0, **settings))


def post(base: str, token: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(base + "/graphql", json={"query": query, "variables": variables},
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body
    return body


async def silent(ws: Any, seconds: float) -> bool:
    """True when nothing but pings arrives for ``seconds``."""
    try:
        await next_message(ws, seconds)
    except TimeoutError:
        return True
    return False


def test_a_report_and_its_retraction_reach_the_units_subscribers_with_the_status_change(
        corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")

    async def scenario(base: str) -> list[float]:
        latencies = []
        async with connected(base, token=admin) as ws:
            await acknowledged(ws)
            await subscribe(ws, REPORTS, id="reports", unit="市规划局")
            await subscribe(ws, STATUSES, id="statuses", unit="市规划局")
            await until_subscribed(base, 2)
            started = time.monotonic()
            body = await asyncio.to_thread(post, base, admin, REPORT, id=PLAN_REVIEW, done=True)
            report_id = body["data"]["reportProgress"]["report"]["id"]
            got = {m["id"]: m for m in [await next_message(ws, 2), await next_message(ws, 2)]}
            latencies.append(time.monotonic() - started)
            reported = got["reports"]["payload"]["data"]["progressReported"]
            assert reported == {"reportId": report_id, "obligationId": PLAN_REVIEW,
                                "path": "二(二)2", "reportedOn": "2019-01-15", "done": True,
                                "retracted": False}
            changed = got["statuses"]["payload"]["data"]["obligationStatusChanged"]
            assert (changed["obligationId"], changed["path"], changed["from"], changed["to"]) \
                == (PLAN_REVIEW, "二(二)2", "OVERDUE", "DONE_LATE")
            assert changed["on"] == dt.date.today().isoformat()

            started = time.monotonic()
            await asyncio.to_thread(post, base, admin, RETRACT, id=report_id)
            got = {m["id"]: m for m in [await next_message(ws, 2), await next_message(ws, 2)]}
            latencies.append(time.monotonic() - started)
            assert got["reports"]["payload"]["data"]["progressReported"]["retracted"] is True
            back = got["statuses"]["payload"]["data"]["obligationStatusChanged"]
            assert (back["from"], back["to"]) == ("DONE_LATE", "OVERDUE")
        return latencies

    with serve(app_over(corpus_db)) as base:
        latencies = asyncio.run(scenario(base))
    print(f"\nSQLite, one process: report → subscriber {latencies[0] * 1000:.0f} ms, "
          f"retraction → subscriber {latencies[1] * 1000:.0f} ms")
    assert max(latencies) < 2.0


def test_a_subscriber_of_another_unit_hears_nothing_of_this_report(corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")

    async def scenario(base: str) -> bool:
        async with connected(base, token=admin) as ws:
            await acknowledged(ws)
            await subscribe(ws, REPORTS, unit="市商务局")  # not an owner of 二(二)2
            await until_subscribed(base)
            await asyncio.to_thread(post, base, admin, REPORT, id=PLAN_REVIEW, done=True)
            return await silent(ws, 2.0)

    with serve(app_over(corpus_db)) as base:
        assert asyncio.run(scenario(base))


def test_a_token_scoped_to_another_jurisdiction_hears_nothing_of_this_one(
        corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    with Session(corpus_db) as session:
        taishun = one_row(session=session, model=Jurisdiction,
                          where=[Jurisdiction.name == "泰顺县"])
        _, county_editor = create_token(session=session, unit_id=None, role="editor",
                                        jurisdiction_id=taishun.id)
        session.commit()

    async def scenario(base: str) -> tuple[dict[str, Any], bool]:
        async with connected(base, token=admin) as everything, \
                connected(base, token=county_editor) as county:
            await acknowledged(everything)
            await acknowledged(county)
            await subscribe(everything, REPORTS)
            await subscribe(county, REPORTS)
            await until_subscribed(base, 2)
            await asyncio.to_thread(post, base, admin, REPORT, id=PLAN_REVIEW, done=True)
            return await next_message(everything, 2), await silent(county, 1.5)

    with serve(app_over(corpus_db)) as base:
        heard, county_silent = asyncio.run(scenario(base))
    assert heard["payload"]["data"]["progressReported"]["obligationId"] == PLAN_REVIEW
    assert county_silent  # 温州市's document is not inside 泰顺县


def test_without_a_token_production_refuses_the_websocket_with_its_reason(
        corpus_db: Engine) -> None:
    viewer = make_token(corpus_db, "viewer")

    async def scenario(base: str) -> tuple[int | None, str | None, str]:
        async with connected(base) as ws:
            with pytest.raises(ConnectionClosed) as closed:
                await next_message(ws, 5)
        assert closed.value.rcvd is not None
        async with connected(base, access_token=viewer) as ws:  # a browser's way
            await acknowledged(ws)
            await subscribe(ws, REPORTS)
            await until_subscribed(base, token=viewer)
            state = "subscribed"
        return closed.value.rcvd.code, closed.value.rcvd.reason, state

    with serve(app_over(corpus_db, anonymous_read=False)) as base:
        code, reason, state = asyncio.run(scenario(base))
    assert code == 4403 and "connection_init" in (reason or "")
    assert state == "subscribed"


def test_a_bad_token_is_refused_even_where_anonymous_reads_are_allowed(
        corpus_db: Engine) -> None:
    async def scenario(base: str) -> tuple[int, str]:
        async with connected(base, token="pg_nothing_secret") as ws:
            with pytest.raises(ConnectionClosed) as closed:
                await next_message(ws, 5)
        assert closed.value.rcvd is not None
        return closed.value.rcvd.code, closed.value.rcvd.reason

    with serve(app_over(corpus_db)) as base:
        assert asyncio.run(scenario(base)) == (4403, "令牌无效、已过期或已吊销")


def test_one_connection_runs_at_most_its_bound_of_subscriptions(corpus_db: Engine) -> None:
    async def scenario(base: str) -> dict[str, Any]:
        async with connected(base) as ws:
            await acknowledged(ws)
            await subscribe(ws, REPORTS, id="1")
            await subscribe(ws, STATUSES, id="2")
            await until_subscribed(base, 2)
            await subscribe(ws, REPORTS, id="3")
            return await next_message(ws, 5)

    with serve(app_over(corpus_db, live_per_connection=2)) as base:
        refused = asyncio.run(scenario(base))
    assert (refused["id"], refused["type"]) == ("3", "error")
    assert "limit" in refused["payload"][0]["message"]


def test_a_process_serves_at_most_its_bound_of_subscriptions(corpus_db: Engine) -> None:
    async def scenario(base: str) -> dict[str, Any]:
        async with connected(base) as first, connected(base) as second:
            await acknowledged(first)
            await acknowledged(second)
            await subscribe(first, REPORTS)
            await until_subscribed(base, 1)
            await subscribe(second, REPORTS)
            return await next_message(second, 5)

    with serve(app_over(corpus_db, live_subscriptions=1)) as base:
        refused = asyncio.run(scenario(base))
    assert refused["type"] == "next"
    assert refused["payload"]["errors"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"


def test_queries_and_mutations_are_refused_over_the_websocket(corpus_db: Engine) -> None:
    async def scenario(base: str) -> dict[str, Any]:
        async with connected(base) as ws:
            await acknowledged(ws)
            await subscribe(ws, "{ units { name } }", id="q")
            return await next_message(ws, 5)

    with serve(app_over(corpus_db)) as base:
        refused = asyncio.run(scenario(base))
    assert refused["type"] == "error"
    assert refused["payload"][0]["extensions"]["code"] == "SUBSCRIPTIONS_ONLY"


def test_a_subscriber_that_falls_behind_is_dropped_with_a_clear_close_reason(
        corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")

    def two_reports_at_once() -> None:
        with Session(corpus_db) as session:  # one transaction: one batch for the hub
            for done in (False, True):
                report_progress(session=session, obligation_id=PLAN_REVIEW, unit_id=None,
                                reported_on=dt.date(2019, 1, 15), done=done)
            session.commit()

    async def scenario(base: str) -> tuple[int, str]:
        async with connected(base, token=admin) as ws:
            await acknowledged(ws)
            await subscribe(ws, REPORTS)
            await until_subscribed(base)
            await asyncio.to_thread(two_reports_at_once)
            with pytest.raises(ConnectionClosed) as closed:
                for _ in range(3):
                    await next_message(ws, 5)
        assert closed.value.rcvd is not None
        return closed.value.rcvd.code, closed.value.rcvd.reason

    with serve(app_over(corpus_db, live_queue=1)) as base:
        code, reason = asyncio.run(scenario(base))
    assert code == 4008
    assert reason == "接收太慢，已断开：超过 1 条更新未读"


def test_a_write_by_another_process_on_sqlite_is_found_by_the_poll(corpus_db: Engine,
                                                                  corpus_url: str) -> None:
    """The CLI writing beside the server: its commit is never signalled in the server's
    process, so the poll of the newest audit id finds it."""
    import subprocess
    import sys

    admin = make_token(corpus_db, "admin")
    script = ("import datetime as dt, sys\n"
              "from sqlmodel import Session\n"
              "import store.tables  # noqa: F401 - the tables a report refers to\n"
              "from store.db import make_engine\n"
              "from store.progress.reports import report_progress\n"
              "with Session(make_engine(sys.argv[1])) as s:\n"
              f"    report_progress(session=s, obligation_id={PLAN_REVIEW!r}, unit_id=None,\n"
              "                    reported_on=dt.date(2019, 1, 15), done=True)\n"
              "    s.commit()\n")

    async def scenario(base: str) -> dict[str, Any]:
        async with connected(base, token=admin) as ws:
            await acknowledged(ws)
            await subscribe(ws, REPORTS, unit="市规划局")
            await until_subscribed(base)
            await asyncio.to_thread(subprocess.run, [sys.executable, "-c", script, corpus_url],
                                    check=True, timeout=60, cwd=PROJECT_ROOT)
            return await next_message(ws, 3)

    with serve(app_over(corpus_db, live_poll_seconds=0.5)) as base:
        message = asyncio.run(scenario(base))
    assert json.loads(json.dumps(message))["payload"]["data"]["progressReported"]["done"] is True


def test_a_token_revoked_while_connected_hears_nothing_more_and_is_closed(
        corpus_db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import schema.subscription
    from store.tokens import revoke_token

    monkeypatch.setattr(schema.subscription, "TOKEN_RECHECK_SECONDS", 0.0)
    admin = make_token(corpus_db, "admin")
    viewer = make_token(corpus_db, "viewer")

    async def scenario(base: str) -> tuple[int, str]:
        async with connected(base, token=viewer) as ws:
            await acknowledged(ws)
            await subscribe(ws, REPORTS, unit="市规划局")
            await until_subscribed(base)
            with Session(corpus_db) as session:
                revoke_token(session=session, token_id=viewer.split("_")[1])
                session.commit()
            await asyncio.to_thread(post, base, admin, REPORT, id=PLAN_REVIEW, done=True)
            with pytest.raises(ConnectionClosed) as closed:
                await next_message(ws, 5)
        assert closed.value.rcvd is not None
        return closed.value.rcvd.code, closed.value.rcvd.reason

    with serve(app_over(corpus_db)) as base:
        assert asyncio.run(scenario(base)) == (4403, "令牌无效、已过期或已吊销")
