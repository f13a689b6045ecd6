"""The response cache answers a repeated query with the bytes it answered first, and
never across what an answer depends on: variables, the caller's scope, the data version
(a report written through the API), the kind of operation, errors; it stays within its
byte bound, and a hit takes no worker (it is answered when every worker is busy)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from hardening.response_cache import CACHE_HEADER, ResponseCache
from settings import Settings
from store.crud.units import find_unit
from store.db import make_engine
from store.ingest import load_bundled
from store.tokens import create_token, revoke_token
from tests.hardening.conftest import post
from tests.live_server import serve

# 温政发〔2018〕26号 二(二)1: 2018年7月底前, owned by the pairing's collective unit; overdue
# on 2019-01-01 until a report says it was done (a report anyone with an admin token may write).
PARK = "deadline:000_a92242b81cc0d015/二(二)1/1"
TOTAL = 'query Total($day: Date!) { obligations(asOf: $day) { totalCount } }'
SPACED = '''
query Total( $day : Date! ) {
  # the same query, written out
  obligations( asOf : $day ) {
    totalCount
  }
}'''
REPORT = """mutation($id: ID!) {
  reportProgress(input: {obligationId: $id, reportedOn: "2018-07-20", done: true}) {
    report { id } } }"""


@dataclass
class Site:
    base: str
    app: Any
    tokens: dict[str, str]

    def ask(self, query: str, token: str | None = None, **variables: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[token]}"} if token else {}
        return post(self.base, query, variables, headers=headers)


def _server(path: Path, **settings: Any) -> Iterator[Site]:
    engine = make_engine(f"sqlite:///{path}")
    load_bundled(engine=engine)
    with Session(engine) as session:
        owner = find_unit(session=session, name="市招商局")
        other = find_unit(session=session, name="市财政局")
        assert owner is not None and other is not None
        tokens = {name: create_token(session=session, unit_id=unit_id, role=role)[1]
                  for name, unit_id, role in [("admin", None, "admin"),
                                              ("viewer", None, "viewer"),
                                              ("second_viewer", None, "viewer"),
                                              ("owner", owner.id, "reporter"),
                                              ("other_unit", other.id, "reporter")]}
        session.commit()
    from server import create_app

    app = create_app(engine=engine, settings=Settings(
        version_check_seconds=0, rate_limit_ip=0, rate_limit_token=0, json_logs=False,
        **settings))
    with serve(app) as base:
        yield Site(base, app, tokens)
    engine.dispose()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """The corpus with the default cache, fresh for each test (reports change it)."""
    yield from _server(tmp_path / "policygraph.db")


def test_the_same_query_written_differently_is_a_hit_with_the_same_bytes(site: Site) -> None:
    first = site.ask(TOTAL, day="2019-01-01")
    second = site.ask(SPACED, day="2019-01-01")
    assert first.status_code == second.status_code == 200
    assert first.headers[CACHE_HEADER] == "miss"
    assert second.headers[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert first.json()["data"]["obligations"]["totalCount"] > 0
    assert second.headers["content-type"] == first.headers["content-type"]


def test_a_different_variable_is_a_miss(site: Site) -> None:
    site.ask(TOTAL, day="2019-01-01")
    other_day = site.ask(TOTAL, day="2020-01-01")
    assert other_day.headers[CACHE_HEADER] == "miss"
    assert site.ask(TOTAL, day="2020-01-01").headers[CACHE_HEADER] == "hit"


def test_answers_are_kept_per_scope_never_across_scopes(site: Site) -> None:
    assert site.ask(TOTAL, day="2019-01-01").headers[CACHE_HEADER] == "miss"  # anonymous
    for scope in ("viewer", "owner", "other_unit", "admin"):
        assert site.ask(TOTAL, scope, day="2019-01-01").headers[CACHE_HEADER] == "miss", scope
    # another token of a scope already asked reads that scope's answer
    assert site.ask(TOTAL, "second_viewer", day="2019-01-01").headers[CACHE_HEADER] == "hit"


def refused(response: httpx.Response) -> bool:
    body = response.json()
    return (body.get("data") is None and CACHE_HEADER not in response.headers
            and body["errors"][0]["extensions"]["code"] == "FORBIDDEN")


def test_an_invalid_token_is_refused_never_answered_from_the_cache(site: Site) -> None:
    site.ask(TOTAL, day="2019-01-01")
    assert refused(post(site.base, TOTAL, {"day": "2019-01-01"},
                        headers={"Authorization": "Bearer pg_not_a_token"}))


def test_a_revoked_token_is_refused_though_its_scope_has_the_answer(site: Site) -> None:
    assert site.ask(TOTAL, "viewer", day="2019-01-01").headers[CACHE_HEADER] == "miss"
    assert site.ask(TOTAL, "viewer", day="2019-01-01").headers[CACHE_HEADER] == "hit"
    engine = site.app.state.holder.engine
    with Session(engine) as session:
        revoke_token(session=session, token_id=site.tokens["viewer"].split("_")[1])
        session.commit()
    assert refused(site.ask(TOTAL, "viewer", day="2019-01-01"))


def test_a_report_written_through_the_api_makes_the_next_answer_a_miss(site: Site) -> None:
    overdue = '{ overdue(asOf: "2019-01-01") { key } }'
    before = site.ask(overdue)
    assert site.ask(overdue).headers[CACHE_HEADER] == "hit"
    written = site.ask(REPORT, "admin", id=PARK)
    assert written.status_code == 200 and not written.json().get("errors"), written.text
    after = site.ask(overdue)
    assert after.headers[CACHE_HEADER] == "miss"
    assert PARK in [o["key"] for o in before.json()["data"]["overdue"]]
    assert PARK not in [o["key"] for o in after.json()["data"]["overdue"]]


def test_a_mutation_is_never_cached(site: Site) -> None:
    answers = [site.ask(REPORT, "admin", id=PARK) for _ in range(2)]
    assert all(CACHE_HEADER not in a.headers for a in answers)
    ids = [a.json()["data"]["reportProgress"]["report"]["id"] for a in answers]
    assert ids[0] != ids[1], "the second mutation ran and stored its own report"


def test_an_answer_with_errors_is_not_cached(site: Site) -> None:
    query = '{ unit(name: "没有这个单位") { name } }'
    answers = [site.ask(query) for _ in range(2)]
    assert all(a.json()["errors"] for a in answers)
    assert [a.headers[CACHE_HEADER] for a in answers] == ["miss", "miss"]
    assert len(site.app.state.response_cache) == 0


def test_hits_and_misses_are_counted_in_the_metrics(site: Site) -> None:
    for _ in range(3):
        site.ask(TOTAL, day="2019-01-01")
    page = httpx.get(f"{site.base}/metrics", timeout=30).text
    assert "policygraph_response_cache_hits_total 2.0" in page
    assert "policygraph_response_cache_misses_total 1.0" in page


@pytest.fixture
def small_cache(tmp_path: Path) -> Iterator[Site]:
    """A cache of 60 kB, answers up to 40 kB each; one worker and no queue."""
    yield from _server(tmp_path / "policygraph.db", response_cache_bytes=60_000,
                       response_cache_entry_bytes=40_000, worker_threads=1, queue_size=0,
                       time_budget_seconds=600)


def test_the_cache_never_holds_more_than_its_byte_bound(small_cache: Site) -> None:
    cache: ResponseCache = small_cache.app.state.response_cache
    sizes = []
    for first in range(20, 60, 4):  # pages of task texts: each answer a different size
        response = small_cache.ask("query($n: Int!) { obligations(asOf: \"2019-01-01\", "
                                   "first: $n) { nodes { key task { text } } } }", n=first)
        assert response.status_code == 200 and not response.json().get("errors")
        sizes.append(len(response.content))
        assert cache.size_bytes <= 60_000
    kept = [s for s in sizes if s <= 40_000]
    assert sum(kept) > 60_000, f"the answers {sizes} do not fill the cache"
    assert 0 < len(cache) < len(kept)  # some were evicted to stay within the bound


def test_a_full_admission_answers_503_at_once_and_a_hit_still_answers(
        small_cache: Site) -> None:
    small_cache.ask(TOTAL, day="2019-01-01")  # kept
    admission = small_cache.app.state.admission
    gate = threading.Event()
    held = admission.submit(gate.wait)  # the only worker, busy until the gate opens
    assert held is not None
    try:
        # the budget is ten minutes: answered while the worker is still held, so at once
        refused = small_cache.ask(TOTAL, day="2020-01-01")
        assert refused.status_code == 503
        assert refused.headers["retry-after"]
        assert refused.json()["errors"][0]["extensions"]["code"] == "SERVER_BUSY"
        hit = small_cache.ask(SPACED, day="2019-01-01")
        assert hit.status_code == 200 and hit.headers[CACHE_HEADER] == "hit"
        assert not held.done()
    finally:
        gate.set()
    assert held.result(timeout=30) is True


@pytest.fixture
def one_worker(tmp_path: Path) -> Iterator[Site]:
    """One worker and one queue place."""
    yield from _server(tmp_path / "policygraph.db", worker_threads=1, queue_size=1,
                       time_budget_seconds=600)


def test_identical_queries_arriving_together_are_computed_once(one_worker: Site) -> None:
    admission = one_worker.app.state.admission
    gate = threading.Event()
    held = admission.submit(gate.wait)  # the only worker busy: what comes next queues
    assert held is not None
    answers: dict[str, httpx.Response] = {}

    def ask(name: str, query: str) -> None:
        answers[name] = one_worker.ask(query, day="2019-01-01")

    first = threading.Thread(target=ask, args=("first", TOTAL))
    first.start()
    try:
        for _ in range(3000):  # until the first request waits in the queue, claiming its answer
            if admission.in_flight == 2:
                break
            threading.Event().wait(0.01)
        assert admission.in_flight == 2
        # workers and queue are full: without sharing the first one's answer this is a 503
        second = threading.Thread(target=ask, args=("second", SPACED))
        second.start()
        cache: ResponseCache = one_worker.app.state.response_cache
        for _ in range(3000):  # until it waits for the first one's answer (or was answered)
            if cache.joined or not second.is_alive():
                break
            threading.Event().wait(0.01)
        assert cache.joined == 1 and "second" not in answers
    finally:
        gate.set()
    first.join(60)
    second.join(60)
    assert answers["first"].status_code == answers["second"].status_code == 200
    assert answers["first"].headers[CACHE_HEADER] == "miss"
    assert answers["second"].headers[CACHE_HEADER] == "hit"
    assert answers["second"].content == answers["first"].content


def test_a_query_with_a_file_variable_is_answered_without_the_cache_not_a_500(
        site: Site) -> None:
    operations = json.dumps({"query": "query($f: Upload) { units(first: 1) { name } }",
                             "variables": {"f": None}})
    response = httpx.post(f"{site.base}/graphql",
                          data={"operations": operations, "map": json.dumps({"0": ["variables.f"]})},
                          files={"0": ("a.txt", b"x", "text/plain")},
                          headers={"Apollo-Require-Preflight": "1"}, timeout=30)
    assert response.status_code < 500, response.text
    assert CACHE_HEADER not in response.headers
