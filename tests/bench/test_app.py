"""The bench app's bare endpoints judge status from the stored progress reports, as the
resolvers do: a bare answer and GraphQL's agree even when work has been reported."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient
from strawberry.relay import from_base64

from bench.answers import BY_NAME
from bench.app import create_bench_app
from graph.sample import fill_sample
from settings import Settings
from store.progress.reports import report_progress

AS_OF = "2021-06-01"  # every obligation of graph.sample exists by then
PAGE = f'{{ obligations(asOf: "{AS_OF}", first: 100) {{ nodes {{ id path dueDate status }} }} }}'


def _bare(client: TestClient, name: str, **arguments: str) -> dict[str, Any]:
    response = client.get(f"/bare/{name}", params=arguments)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def _graphql(client: TestClient, query: str) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_bare_obligations_page_judges_reported_work_as_graphql_does(engine: Engine) -> None:
    with Session(engine) as session:
        fill_sample(session)
        session.commit()
    app = create_bench_app(engine, settings=Settings(version_check_seconds=0))
    with TestClient(app) as client:
        before = _graphql(client, PAGE)["obligations"]["nodes"]
        overdue = next(n for n in before if n["status"] == "OVERDUE")
        with Session(engine) as session:
            report_progress(session=session, obligation_id=from_base64(overdue["id"])[1], unit_id=None,
                            reported_on=dt.date(2021, 5, 1), done=True)
            session.commit()
        shown = _graphql(client, PAGE)["obligations"]["nodes"]
        bare = _bare(client, "obligationsPage", as_of=AS_OF, first="100")["obligations"]["nodes"]
    assert {n["path"]: n["status"] for n in shown}[overdue["path"]] == "DONE_LATE"  # done after its due day
    assert bare == [{k: n[k] for k in ("path", "dueDate", "status")} for n in shown]


def test_bare_due_between_keeps_graphql_window_and_order(engine: Engine) -> None:
    with Session(engine) as session:
        fill_sample(session)
        session.commit()
    app = create_bench_app(engine, settings=Settings(version_check_seconds=0))
    with TestClient(app) as client:
        bare = _bare(client, "dueBetween", start="2019-01-01", end="2021-12-31")
        shown = _graphql(client, BY_NAME["dueBetween"].query.replace("2020-01-01", "2019-01-01")
                         .replace("2020-12-31", "2021-12-31"))
    assert bare == shown
    assert bare["dueBetween"], "the window holds some of graph.sample's obligations"


def test_bare_answer_is_computed_in_an_operation_worker_not_on_the_event_loop(
        engine: Engine, monkeypatch: Any) -> None:
    import threading

    import bench.app

    with Session(engine) as session:
        fill_sample(session)
        session.commit()
    threads: list[str] = []
    compute = bench.app._answer

    def spy(*args: Any) -> bytes:
        threads.append(threading.current_thread().name)
        return compute(*args)

    monkeypatch.setattr(bench.app, "_answer", spy)
    app = create_bench_app(engine, settings=Settings(version_check_seconds=0))
    with TestClient(app) as client:
        assert client.portal is not None  # the client is started: it runs the app's loop
        loop_thread = client.portal.call(lambda: threading.current_thread().name)
        data = _bare(client, "obligationsPage", as_of=AS_OF, first="100")
    assert data["obligations"]["nodes"], "graph.sample has obligations on that day"
    assert threads and threads[0] != loop_thread
    assert threads[0].startswith("graphql-operation")
