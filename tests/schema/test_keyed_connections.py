"""The connections over stored rows (reviewQueue, documents, auditTrail) page by key:
page after page they are the list read in one go, hasNextPage and totalCount say the
truth on every page, a cursor of the earlier paging by position or of another list is
refused, and a page's documents are read in one statement."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store.audit import list_audit
from store.review.items import list_review_items
from tests.schema.conftest import as_token, codes, make_client, make_token
from tests.schema.test_query_count import counting
from tests.store.keyset_rows import KEYS, fill

QUEUE = """query($first: Int, $after: String, $last: Int, $before: String,
                 $status: ReviewStatus, $doc: String) {
  reviewQueue(first: $first, after: $after, last: $last, before: $before, status: $status,
              document: $doc) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } } } }"""
DOCUMENTS = """query($first: Int, $after: String) { documents(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { key label } } }"""
AUDIT = """query($first: Int, $after: String) {
  auditTrail(first: $first, after: $after, action: REPORT_PROGRESS) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id target } } }"""


@pytest.fixture
def filled(engine: Engine) -> Iterator[tuple[TestClient, Engine, list[int]]]:
    with Session(engine) as session:
        ids = fill(session)
    with make_client(engine) as client:
        yield client, engine, ids


def _connection(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


def _pages(client: TestClient, query: str, first: int, token: str | None = None,
           **variables: Any) -> list[dict[str, Any]]:
    """Every page of ``first`` items, each after the one before's end cursor."""
    pages, after = [], None
    while True:
        page = _connection(as_token(client, token, query, first=first, after=after, **variables))
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]
        assert len(pages) < 100, "the pages never end"


def _ids(pages: list[dict[str, Any]]) -> list[int]:
    return [e["node"]["id"] for p in pages for e in p["edges"]]


@pytest.mark.parametrize("first", [1, 3, 7])
def test_the_review_queue_page_after_page_is_the_queue_in_one_go(
        filled: tuple[TestClient, Engine, list[int]], first: int) -> None:
    client, engine, ids = filled
    with Session(engine) as session:
        for status, doc, document_id in (("OPEN", None, None), (None, None, None),
                                         ("DISMISSED", None, None), (None, KEYS[2], ids[2])):
            whole = [r.id for r in list_review_items(
                session=session, document_id=document_id,
                status=status.lower() if status else None, limit=1000)]
            assert whole, "every case lists items"
            pages = _pages(client, QUEUE, first, status=status, doc=doc)
            assert _ids(pages) == whole
            assert {p["totalCount"] for p in pages} == {len(whole)}
            assert [p["pageInfo"]["hasNextPage"] for p in pages[:-1]] == [True] * (len(pages) - 1)
            assert all(len(p["edges"]) == first for p in pages[:-1])
            assert 1 <= len(pages[-1]["edges"]) <= first  # the last page is never empty
            assert [p["pageInfo"]["hasPreviousPage"] for p in pages[1:]] == [True] * (len(pages) - 1)


def test_the_review_queue_read_backwards_with_last_and_before_is_the_same_queue(
        filled: tuple[TestClient, Engine, list[int]]) -> None:
    client, _, _ = filled
    whole = _ids([_connection(as_token(client, None, QUEUE, first=500, status=None))])
    read: list[int] = []
    before = None
    while True:
        page = _connection(as_token(client, None, QUEUE, last=3, before=before, status=None))
        read = [e["node"]["id"] for e in page["edges"]] + read
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert read == whole
    middle = _connection(as_token(client, None, QUEUE, first=5, after=None, status=None))
    cut = _connection(as_token(client, None, QUEUE, first=2, before=middle["edges"][3]["cursor"],
                               status=None))
    assert [e["node"]["id"] for e in cut["edges"]] == whole[:2]


def test_a_page_of_review_items_reads_its_documents_in_one_statement(
        filled: tuple[TestClient, Engine, list[int]]) -> None:
    client, engine, _ = filled
    query = "{ reviewQueue(first: 20, status: null) { nodes { id document { key } } } }"
    with counting(engine) as statements:
        page = _connection(as_token(client, None, query))
    assert len({n["document"]["key"] for n in page["nodes"]}) == 5  # items of five documents
    reads = [s for s in statements if re.search(r"\bFROM document\b", s)]
    assert len(reads) == 1, reads


def test_total_count_is_counted_only_when_asked_for(
        filled: tuple[TestClient, Engine, list[int]]) -> None:
    client, engine, _ = filled
    with counting(engine) as statements:
        _connection(as_token(client, None, "{ reviewQueue(first: 2) { nodes { id } } }"))
    assert not [s for s in statements if "count(" in s.lower() and "review_item" in s]
    with counting(engine) as statements:
        _connection(as_token(client, None, "{ reviewQueue(first: 2) { totalCount } }"))
    assert [s for s in statements if "count(" in s.lower() and "review_item" in s]


def test_an_empty_cursor_reads_from_the_start(
        filled: tuple[TestClient, Engine, list[int]]) -> None:
    client, _, _ = filled
    first = _connection(as_token(client, None, QUEUE, first=2))
    assert _connection(as_token(client, None, QUEUE, first=2, after="")) == first


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_a_cursor_of_the_earlier_paging_by_position_is_refused_saying_to_start_again(
        filled: tuple[TestClient, Engine, list[int]]) -> None:
    client, _, _ = filled
    old = as_token(client, None, QUEUE, first=2, after=_cursor("arrayconnection:4"))
    assert codes(old) == ["BAD_USER_INPUT"]
    assert old["errors"][0]["extensions"]["argument"] == "after"
    assert "旧版分页" in old["errors"][0]["message"]
    before = as_token(client, None, QUEUE, last=2, before=_cursor("arrayconnection:4"))
    assert codes(before) == ["BAD_USER_INPUT"]
    assert before["errors"][0]["extensions"]["argument"] == "before"


@pytest.mark.parametrize("cursor", [
    "not base64 at all", _cursor("reviewQueue:[1]"), _cursor("reviewQueue:[1,\"2\"]"),
    _cursor("reviewQueue:{}"), _cursor("reviewQueue:[true,1]"), _cursor("documents:[\"A2\"]")])
def test_a_cursor_this_list_did_not_give_is_refused(
        filled: tuple[TestClient, Engine, list[int]], cursor: str) -> None:
    client, _, _ = filled
    body = as_token(client, None, QUEUE, first=2, after=cursor)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "游标" in body["errors"][0]["message"]


def test_the_documents_page_after_page_are_every_stored_document_by_key(
        filled: tuple[TestClient, Engine, list[int]]) -> None:
    client, _, _ = filled
    pages = _pages(client, DOCUMENTS, 4)
    assert [n["key"] for p in pages for n in p["nodes"]] == sorted(KEYS)
    assert {p["totalCount"] for p in pages} == {len(KEYS)}
    assert pages[0]["nodes"][0]["label"] == f"测试〔2026〕{KEYS.index(sorted(KEYS)[0])}号"


def test_the_audit_trail_page_after_page_is_the_trail_newest_first(
        filled: tuple[TestClient, Engine, list[int]]) -> None:
    client, engine, _ = filled
    viewer = make_token(engine, "viewer")
    with Session(engine) as session:
        whole = [e.id for e in list_audit(session=session, action="report_progress", limit=1000)]
    pages = _pages(client, AUDIT, 5, token=viewer)
    assert [n["id"] for p in pages for n in p["nodes"]] == whole
    assert {p["totalCount"] for p in pages} == {len(whole)}
