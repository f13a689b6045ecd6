"""Lists read a page at a time by key give, page after page, the list read in one go:
the review queue (document, id), the audit trail (at, id, newest first, timestamps tied)
and the documents (key, by code point), forwards and backwards, on both back-ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from store.audit import count_audit, list_audit, page_audit, record_audit
from store.crud.document_pages import count_documents, page_documents
from store.keyset import MAX_KEYSET_ROWS
from store.review.items import count_review_queue, list_review_items, page_review_items
from tests.store.keyset_rows import KEYS, fill


def _walk(read: Callable[..., Sequence[Any]], key: Callable[[Any], tuple[Any, ...]],
          size: int, *, backwards: bool = False) -> list[Any]:
    """Every row, a page of ``size`` at a time, each page after the last one's key."""
    rows: list[Any] = []
    cursor = None
    while True:
        page = list(read(limit=size + 1, backwards=backwards,
                         **({"before": cursor} if backwards else {"after": cursor})))
        rows.extend(page[:size])
        if len(page) <= size:
            return rows[::-1] if backwards else rows
        cursor = key(page[size - 1])


@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_the_review_queue_paged_by_key_is_the_queue_read_in_one_go(engine: Engine,
                                                                   size: int) -> None:
    with Session(engine) as session:
        ids = fill(session)
        for document_id in (None, ids[0], ids[2], ids[1]):
            for status in ("open", "dismissed", None):
                whole = [r.id for r in list_review_items(session=session, document_id=document_id,
                                                         status=status, limit=1000)]
                assert len(whole) == count_review_queue(session=session, document_id=document_id,
                                                        status=status)

                def read(**page: Any) -> Sequence[Any]:
                    return page_review_items(session=session, document_id=document_id,  # noqa: B023
                                             status=status, **page)  # noqa: B023

                def key(row: Any) -> tuple[int, int]:
                    return (row.document_id, row.id)

                assert [r.id for r in _walk(read, key, size)] == whole
                assert [r.id for r in _walk(read, key, size, backwards=True)] == whole
        assert count_review_queue(session=session, status=None) == 20


@pytest.mark.parametrize("size", [1, 4, 100])
def test_the_audit_trail_paged_by_key_is_newest_first_with_ties_kept_apart(
        engine: Engine, size: int) -> None:
    with Session(engine) as session:
        fill(session)
        whole = [e.id for e in list_audit(session=session, action="report_progress", limit=1000)]
        assert len(whole) == 23 == count_audit(session=session, action="report_progress")

        def read(**page: Any) -> Sequence[Any]:
            return page_audit(session=session, action="report_progress", **page)

        def key(row: Any) -> tuple[dt.datetime, int]:
            return (row.at, row.id)

        assert [e.id for e in _walk(read, key, size)] == whole
        assert [e.id for e in _walk(read, key, size, backwards=True)] == whole


def test_an_audit_entry_written_between_pages_does_not_shift_the_next_page(
        engine: Engine) -> None:
    with Session(engine) as session:
        fill(session)
        first = page_audit(session=session, limit=5)
        expected = [e.id for e in page_audit(session=session, limit=5,
                                             after=(first[-1].at, first[-1].id or 0))]
        record_audit(session=session, action="report_progress", target="token:new")
        session.commit()
        again = page_audit(session=session, limit=5, after=(first[-1].at, first[-1].id or 0))
        assert [e.id for e in again] == expected


@pytest.mark.parametrize("size", [1, 4, 100])
def test_documents_page_by_key_in_code_point_order_on_every_back_end(engine: Engine,
                                                                     size: int) -> None:
    with Session(engine) as session:
        fill(session)

        def read(**page: Any) -> Sequence[Any]:
            return page_documents(session=session, **page)

        def key(row: Any) -> tuple[str]:
            return (row.key,)

        assert [d.key for d in _walk(read, key, size)] == sorted(KEYS)
        assert [d.key for d in _walk(read, key, size, backwards=True)] == sorted(KEYS)
        assert count_documents(session=session) == len(KEYS)


def test_documents_filtered_by_number_in_any_spelling_or_a_phrase_page_the_same_way(
        engine: Engine) -> None:
    with Session(engine) as session:
        fill(session)

        def read(**page: Any) -> Sequence[Any]:
            return page_documents(session=session, text="工作的意见", **page)

        assert [d.key for d in _walk(read, lambda d: (d.key,), 2)] == sorted(KEYS)
        assert [d.key for d in _walk(read, lambda d: (d.key,), 2, backwards=True)] == sorted(KEYS)
        [found] = page_documents(session=session, number="测试[2026]3号")
        assert found.key == KEYS[3]
        assert count_documents(session=session, number=" 测试〔2026〕3号") == 1
        assert count_documents(session=session, text="第1") == 1
        assert page_documents(session=session, text="第1", after=(KEYS[1],)) == []


def test_a_page_longer_than_the_documented_maximum_is_refused(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="limit"):
        page_review_items(session=session, limit=MAX_KEYSET_ROWS + 1)
