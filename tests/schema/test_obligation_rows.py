"""A page of obligations asking only plain leaves is answered from its assessed rows,
without building an Obligation object, and answers what the built objects answer; any
other selection builds them, once, in order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from graph.agenda import assess
from graph.build import build_graph
from schema.obligation import ObligationType
from schema.obligation_rows import ROW_READERS
from schema.query import schema
from tests.schema.conftest import post_query

DAY = "2019-06-30"
PAGE = 'query($first: Int) { obligations(asOf: "DAY", first: $first) { nodes { SELECTION } } }'
LEAVES = "path heading text raw dueDate year status"


def page(client: TestClient, selection: str, first: int = 20) -> list[dict[str, Any]]:
    body = post_query(client, PAGE.replace("DAY", DAY).replace("SELECTION", selection),
                      first=first)
    assert "errors" not in body, body
    nodes: list[dict[str, Any]] = body["data"]["obligations"]["nodes"]
    return nodes


def test_each_row_reader_reads_what_the_built_object_holds(corpus_db: Engine) -> None:
    with Session(corpus_db) as session:
        graph = build_graph(session)
    rows = assess(graph, as_of=dt.date.fromisoformat(DAY))
    assert len(rows) > 10
    for row in rows:
        view = ObligationType.from_assessed(graph, row)
        for name, read in ROW_READERS.items():
            assert read(row) == getattr(view, name), name


def test_the_row_readers_cover_every_plain_attribute_of_an_obligation() -> None:
    fields = [f.extensions["strawberry-definition"]
              for f in schema._schema.type_map["Obligation"].fields.values()]
    plain = {f.python_name for f in fields if f.base_resolver is None}
    assert set(ROW_READERS) == plain - {"id"}  # the Relay id has a resolver of its own


def test_a_page_of_plain_leaves_builds_no_obligation(corpus_client: TestClient,
                                                     built: list[str]) -> None:
    nodes = page(corpus_client, LEAVES)
    assert len(nodes) == 20
    assert built == []


def test_a_page_from_rows_answers_what_the_built_objects_answer(
        corpus_client: TestClient, built: list[str]) -> None:
    from_rows = page(corpus_client, LEAVES, first=200)
    assert built == []
    # `key` is a method: the page's objects are built and answered the usual way
    from_objects = page(corpus_client, LEAVES + " key", first=200)
    assert built == [n["key"] for n in from_objects]
    assert from_rows == [{k: v for k, v in n.items() if k != "key"} for n in from_objects]
    assert len({n["status"] for n in from_rows}) > 1


def test_a_page_asking_more_than_plain_leaves_builds_each_object_once_in_order(
        corpus_client: TestClient, built: list[str]) -> None:
    nodes = page(corpus_client, "id path owners { name }", first=5)
    assert len(built) == 5 == len(nodes)
    assert [n["path"] for n in nodes] == [n["path"] for n in page(corpus_client, "path", 5)]
