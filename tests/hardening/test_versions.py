"""One data version per request: ingesting while queries run, or querying between a
re-ingest and the rebuild of the graph, never gives a 500 or an uncoded error; the
graph is built from one consistent read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from settings import Settings
from store.ingest import bundled_paths, ingest_file, load_bundled
from store.readback import max_value
from store.tables import Task
from tests.conftest import BACKENDS, _new_database
from tests.live_server import serve

# Ids from the snapshot (task, document, targets, owners' units) resolved against the store.
QUERY = """{ obligations(asOf: "2019-06-01") { nodes { id task { path owners { unit { name } } }
  document { number } targets { value } } } }"""
QUERIERS = 8


@pytest.fixture(params=BACKENDS)
def corpus(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    from store.db import make_engine

    engine = make_engine(_new_database(request, request.param, tmp_path))
    load_bundled(engine=engine)
    yield engine
    engine.dispose()


def app_on(engine: Engine, **settings: Any) -> Any:
    from server import create_app

    return create_app(engine=engine, settings=Settings(
        rate_limit_ip=0, rate_limit_token=0, json_logs=False, **settings))


def faults(response: httpx.Response) -> list[str]:
    """What is wrong with an answer: a 5xx, or an error with no code (a crash)."""
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}: {response.text[:200]}"]
    return [e["message"] for e in response.json().get("errors", [])
            if not e.get("extensions", {}).get("code")]


def reingest_first_document(engine: Engine) -> None:
    """Ingest the first bundled document again: its rows are replaced, with new ids."""
    result = ingest_file(engine=engine, path=bundled_paths()[0], force=True)
    assert result.status == "updated", result.message


def test_a_query_between_a_reingest_and_the_rebuild_gives_no_500(corpus: Engine) -> None:
    with serve(app_on(corpus, version_check_seconds=3600.0)) as base:  # never rebuilds
        before = httpx.post(f"{base}/graphql", json={"query": QUERY}, timeout=30)
        with Session(corpus) as session:
            tasks_before = max_value(session=session, column=Task.id)
        reingest_first_document(corpus)
        with Session(corpus) as session:
            assert max_value(session=session, column=Task.id) > tasks_before, "new ids"
        after = httpx.post(f"{base}/graphql", json={"query": QUERY}, timeout=30)
    assert before.status_code == 200 and not before.json().get("errors")
    assert after.status_code == 200
    assert faults(after) == []
    codes = {e["extensions"]["code"] for e in after.json().get("errors", [])}
    assert codes <= {"DATA_CHANGED"}, codes
    assert "DATA_CHANGED" in codes, "the snapshot named rows the re-ingest replaced"


def test_ingesting_while_eight_connections_query_gives_no_500(corpus: Engine) -> None:
    stop = threading.Event()
    found: list[str] = []
    answered = [0]

    def query(base: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                response = client.post("/graphql", json={"query": QUERY})
                found.extend(faults(response))
                answered[0] += 1

    with serve(app_on(corpus, version_check_seconds=0.0)) as base:  # rebuild at once
        threads = [threading.Thread(target=query, args=(base,)) for _ in range(QUERIERS)]
        for thread in threads:
            thread.start()
        try:
            for _ in range(4):
                reingest_first_document(corpus)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        final = httpx.post(f"{base}/graphql", json={"query": QUERY}, timeout=30)
    assert answered[0] >= QUERIERS
    assert found == [], found[:5]
    assert final.status_code == 200 and not final.json().get("errors"), "rebuilt and whole"


def test_a_consistent_read_does_not_see_an_ingest_that_commits_during_it(
        corpus: Engine) -> None:
    from store.db import consistent_read

    with consistent_read(corpus) as reader:
        first = max_value(session=reader, column=Task.id)
        reingest_first_document(corpus)  # commits new task rows meanwhile
        again = max_value(session=reader, column=Task.id)
    with Session(corpus) as fresh:
        now = max_value(session=fresh, column=Task.id)
    assert again == first, "the read transaction kept its snapshot"
    assert now > first, "the ingest did commit"


def test_a_search_finding_a_document_newer_than_the_snapshot_gives_no_500(
        corpus: Engine, tmp_path: Path) -> None:
    copy = tmp_path / "copy_of_the_first.txt"  # another document: same text, another 文号
    copy.write_text(bundled_paths()[0].read_text(encoding="utf-8")
                    .replace("温政发〔2018〕26号", "温政发〔2018〕99号"), encoding="utf-8")
    search = '{ search(text: "民宿") { kind path documentNumber } }'
    with serve(app_on(corpus, version_check_seconds=3600.0)) as base:  # never rebuilds
        before = httpx.post(f"{base}/graphql", json={"query": search}, timeout=30).json()
        assert ingest_file(engine=corpus, path=copy).status == "created"
        after = httpx.post(f"{base}/graphql", json={"query": search}, timeout=30)
    assert after.status_code == 200 and faults(after) == []
    hits = after.json()["data"]["search"]
    assert len(hits) > len(before["data"]["search"]), "the new document is found"
    assert any(h["documentNumber"] is None for h in hits), "not in the snapshot: no number"
