"""The obligation lists cut their page before building: ``first: 0`` builds no
Obligation object, a page builds only its own, ``totalCount`` is the whole list's
length, pages after cursors continue without gaps or repeats, and every list answers
what the whole-list functions of :mod:`graph.agenda` and :mod:`graph.places` give."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from graph.agenda import assess, due_between, overdue
from graph.build import build_graph
from graph.names import resolve_place, resolve_unit
from graph.places import obligations_of_place
from tests.schema.conftest import post_query

DAY = "2019-06-30"
LIST = """query($status: Status, $first: Int, $after: String, $unit: String) {
  obligations(asOf: "DAY", status: $status, first: $first, after: $after, unit: $unit) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { key status } } } }
""".replace("DAY", DAY)


@pytest.fixture
def graph(corpus_db: Engine) -> nx.MultiDiGraph:
    with Session(corpus_db) as session:
        return build_graph(session)


def listed(client: TestClient, **variables: Any) -> dict[str, Any]:
    body = post_query(client, LIST, **variables)
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["obligations"]
    return found


def walk(client: TestClient, size: int, **variables: Any) -> Iterator[dict[str, Any]]:
    after = None
    while True:
        found = listed(client, first=size, after=after, **variables)
        yield found
        if not found["pageInfo"]["hasNextPage"]:
            return
        after = found["pageInfo"]["endCursor"]


def test_first_zero_builds_no_obligation_and_still_counts_the_whole_list(
        corpus_client: TestClient, graph: nx.MultiDiGraph, built: list[str]) -> None:
    whole = [a for a in assess(graph, as_of=dt.date.fromisoformat(DAY))
             if a.status.value == "OVERDUE"]
    found = listed(corpus_client, status="OVERDUE", first=0)
    assert built == []
    assert found["edges"] == []
    assert found["totalCount"] == len(whole) > 2
    assert found["pageInfo"]["hasNextPage"] is True


def test_a_page_builds_only_its_own_obligations(corpus_client: TestClient,
                                                 built: list[str]) -> None:
    found = listed(corpus_client, first=2)
    assert len(found["edges"]) == 2
    assert built == [e["node"]["key"] for e in found["edges"]]


@pytest.mark.parametrize("status", [None, "OVERDUE", "DONE", "OPEN"])
def test_total_count_is_the_whole_lists_length_and_pages_continue_without_gaps(
        corpus_client: TestClient, graph: nx.MultiDiGraph, status: str | None) -> None:
    whole = [a.obligation.id for a in assess(graph, as_of=dt.date.fromisoformat(DAY))
             if status is None or a.status.value == status]
    full = listed(corpus_client, status=status, first=500)
    assert [e["node"]["key"] for e in full["edges"]] == whole
    assert full["totalCount"] == len(whole)
    pages = list(walk(corpus_client, 3, status=status))
    walked = [e for p in pages for e in p["edges"]]
    assert [e["node"]["key"] for e in walked] == whole  # no gap, no repeat
    assert [e["cursor"] for e in walked] == [e["cursor"] for e in full["edges"]]  # stable
    assert all(p["totalCount"] == len(whole) for p in pages)


def test_a_units_obligations_are_those_the_whole_list_gives_it(
        corpus_client: TestClient, graph: nx.MultiDiGraph) -> None:
    unit = resolve_unit(graph, "市招商局")
    whole = [a.obligation.id for a in assess(graph, as_of=dt.date.fromisoformat(DAY), unit=unit)]
    walked = [e["node"]["key"] for p in walk(corpus_client, 2, unit="市招商局")
              for e in p["edges"]]
    assert walked == whole and len(whole) > 2


def test_overdue_due_between_and_a_places_obligations_answer_as_the_whole_lists(
        corpus_client: TestClient, graph: nx.MultiDiGraph) -> None:
    day, start, end = dt.date(2021, 6, 1), dt.date(2019, 1, 1), dt.date(2020, 12, 31)
    place = resolve_place(graph, "泰顺县")
    body = post_query(corpus_client, """{
      overdue(asOf: "2021-06-01", first: 4) { key status }
      dueBetween(start: "2019-01-01", end: "2020-12-31") { key status }
      place(name: "泰顺县") { obligations(asOf: "2021-06-01") { key status } } }""")
    assert "errors" not in body, body
    data = body["data"]

    def shown(found: list[Any]) -> list[tuple[str, str]]:
        return [(a.obligation.id, a.status.value) for a in found]

    assert [(o["key"], o["status"]) for o in data["overdue"]] == shown(
        overdue(graph, as_of=day))[:4]
    assert [(o["key"], o["status"]) for o in data["dueBetween"]] == shown(
        due_between(graph, start=start, end=end))
    assert [(o["key"], o["status"]) for o in data["place"]["obligations"]] == shown(
        obligations_of_place(graph, place, as_of=day))
    assert len(data["overdue"]) == 4 and data["dueBetween"] and data["place"]["obligations"]
