"""Hostile arguments through GraphQL: days far outside the documents, absurd numbers,
huge strings.  Each is refused with BAD_USER_INPUT and a short message, costs nothing
that stays in memory, and stores nothing."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from graph.window import allowed_window
from server import create_app
from settings import Settings
from store.progress.tables import ProgressReport
from store.readback import stored_rows
from tests.schema.conftest import PARK, as_token, codes, make_token, upload_as

OBLIGATIONS = "query($day: Date!) { obligations(asOf: $day) { nodes { id } } }"
TRAINING = "target:000_a92242b81cc0d015/二(三)2/1"
REPORT = """mutation($id: ID!, $on: Date!, $value: Float, $note: String!) {
  reportProgress(input: {obligationId: $id, reportedOn: $on, done: false, valueReached: $value,
                 note: $note}) { report { id } } }"""


def snapshot_caches(client: TestClient) -> int:
    """How many expansions and agenda indexes the app's snapshot holds."""
    graph = client.app.state.holder.current().graph  # type: ignore[attr-defined]
    return len(graph.graph.get("expanded", {})) + len(graph.graph.get("agenda_index", {}))


def test_far_future_days_are_refused_and_leave_memory_flat(sample_engine: Engine) -> None:
    settings = Settings(version_check_seconds=0, rate_limit_ip=0, rate_limit_token=0,
                        json_logs=False)
    with TestClient(create_app(sample_engine, settings=settings)) as client:
        refuse_far_future_days(client)


def refuse_far_future_days(client: TestClient) -> None:
    assert "errors" not in as_token(client, None, OBLIGATIONS, day="2019-01-01")
    caches = snapshot_caches(client)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(1000):
            body = as_token(client, None, OBLIGATIONS, day=f"{9000 + i % 999:04d}-06-{1 + i % 28:02d}")
            assert codes(body) == ["BAD_USER_INPUT"], body
            assert "须在" in body["errors"][0]["message"]  # the accepted range, in Chinese
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert snapshot_caches(client) == caches  # no expansion was built for any of them
    assert grown < 2 * 2**20, f"{grown / 2**20:.1f} MiB kept after 1,000 refusals"


def test_every_day_argument_follows_the_same_window(client: TestClient) -> None:
    far = "2999-01-01"
    for query in (f'{{ overdue(asOf: "{far}") {{ id }} }}',
                  f'{{ workload(asOf: "{far}") {{ tasks }} }}',
                  f'{{ dueBetween(start: "2019-01-01", end: "{far}") {{ id }} }}',
                  f'{{ place(name: "泰顺县") {{ obligations(asOf: "{far}") {{ id }} }} }}'):
        assert codes(as_token(client, None, query)) == ["BAD_USER_INPUT"], query


def test_the_window_reaches_the_margin_beyond_the_documents(client: TestClient) -> None:
    graph = client.app.state.holder.current().graph  # type: ignore[attr-defined]
    window = allowed_window(graph, today=dt.date.today(), margin_years=10)
    last_ok = window.last.isoformat()
    after = (window.last + dt.timedelta(days=1)).isoformat()
    assert "errors" not in as_token(client, None, OBLIGATIONS, day=last_ok)
    assert codes(as_token(client, None, OBLIGATIONS, day=after)) == ["BAD_USER_INPUT"]


def test_an_obligation_year_past_any_date_is_bad_input_not_a_crash(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    for year in ("99999", "9000", "1" * 5000):
        body = as_token(corpus_client, admin, REPORT, id=f"{TRAINING}@{year}", on="2019-03-01",
                        note="")
        assert codes(body) == ["BAD_USER_INPUT"], body
        assert len(body["errors"][0]["message"]) < 300


def test_a_report_dated_far_in_the_future_is_refused(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    body = as_token(corpus_client, admin, REPORT, id=PARK, on="9000-01-01", note="")
    assert codes(body) == ["BAD_USER_INPUT"]


def test_infinite_or_absurd_values_are_refused_and_the_exports_keep_working(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    # 1e400 is a valid GraphQL float literal that Python reads as infinity
    body = as_token(corpus_client, admin, """mutation { reportProgress(input: {obligationId:
        "target:000_a92242b81cc0d015/二(三)2/1@2019", reportedOn: "2019-06-30", done: false,
        valueReached: 1e400}) { report { id } } }""")
    assert codes(body) == ["BAD_USER_INPUT"], body
    for value in (1e300, -1.0):
        body = as_token(corpus_client, admin, REPORT, id=f"{TRAINING}@2019", on="2019-06-30",
                        value=value, note="")
        assert codes(body) == ["BAD_USER_INPUT"], body
    with Session(corpus_db) as session:
        assert stored_rows(session=session, model=ProgressReport) == []
    assert corpus_client.get("/export/targets.csv").status_code == 200
    assert corpus_client.get("/embed/unit/市人力社保局").status_code == 200


def test_a_long_note_is_refused(corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    body = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", note="进" * 2001)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert len(body["errors"][0]["message"]) < 300


def test_a_huge_name_is_refused_without_being_echoed(client: TestClient) -> None:
    response = client.post("/graphql", json={
        "query": "query($n: String!) { unit(name: $n) { name } }", "variables": {"n": "局" * 300_000}})
    body = response.json()
    assert codes(body) == ["BAD_USER_INPUT"]
    assert len(response.content) < 1000


def test_a_name_just_over_the_limit_is_refused_and_one_at_it_is_looked_up(client: TestClient) -> None:
    at_limit = as_token(client, None, "query($n: String!) { unit(name: $n) { name } }", n="局" * 1000)
    assert codes(at_limit) == ["NOT_FOUND"]
    assert len(at_limit["errors"][0]["message"]) < 400  # the echo is a short prefix
    over = as_token(client, None, "query($n: String!) { unit(name: $n) { name } }", n="局" * 1001)
    assert codes(over) == ["BAD_USER_INPUT"]


def test_a_nul_character_in_a_search_is_bad_input(client: TestClient) -> None:
    assert codes(as_token(client, None, '{ search(text: "民\\u0000宿") { kind } }')) == ["BAD_USER_INPUT"]


def test_a_database_error_never_reaches_the_client(client: TestClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import OperationalError

    import schema.query

    def broken(**_: object) -> None:
        raise OperationalError("SELECT task.text FROM task WHERE task.text LIKE ?", ("%secret%",),
                               Exception("disk I/O error"))

    monkeypatch.setattr(schema.query, "find_text", broken)
    body = as_token(client, None, '{ search(text: "secret") { kind } }')
    text = str(body)
    assert body["errors"] and "SELECT" not in text and "secret" not in text and "LIKE" not in text


def test_a_sheet_that_unpacks_to_a_million_rows_is_refused_with_a_reason(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    from tests.store.progress.test_sheet_bounds import xlsx_of_rows

    admin = make_token(corpus_db, "admin")
    body = upload_as(corpus_client, admin, """mutation($file: Upload!) {
        importProgressSheet(input: {file: $file}) { stored } }""", xlsx_of_rows(1_000_000),
                     "进度.xlsx")
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "over the limit" in body["errors"][0]["message"]
    with Session(corpus_db) as session:
        assert stored_rows(session=session, model=ProgressReport) == []
