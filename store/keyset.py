"""Keyset pagination: a page of an ordered query read after (or before) a row's key.

A page is ``WHERE (a, b) > (:a, :b) ORDER BY a, b LIMIT n``: the database walks an index
from the key on, so the thousandth page costs what the first does (``OFFSET`` reads and
throws away every row before it), and a row added or decided meanwhile does not shift
the pages after it.  Row values compare on SQLite (3.15 and later) and PostgreSQL alike.

The order is given as columns and one direction for all of them (the lists paged this
way sort on a unique key, ascending like the review queue or descending like the audit
trail).  ``backwards`` reads the rows just before ``before`` (a connection's ``last``),
nearest first; the caller reverses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, tuple_

#: The longest page :func:`keyset_page` reads (a connection's page is at most the
#: server's ``max_page_size`` plus the one row telling whether more follow).
MAX_KEYSET_ROWS = 10_001


def keyset_page(query: Any, columns: Sequence[Any], *, after: Sequence[Any] | None = None,
                before: Sequence[Any] | None = None, limit: int, descending: bool = False,
                backwards: bool = False) -> Any:
    """``query`` narrowed to the rows between the keys ``after`` and ``before`` (both
    excluded), ordered by ``columns`` and cut to ``limit`` rows.

    Parameters
    ----------
    query
        A ``select`` with its filters (no order, no limit).
    columns
        The order's columns; together they are unique (end with the primary key).
    after, before
        Keys (values of ``columns``) of rows the page starts after / ends before.
    limit
        How many rows, 0 to :data:`MAX_KEYSET_ROWS`.
    descending
        The list's order is descending (newest first).
    backwards
        Read from ``before`` towards the start: the rows nearest ``before`` first.

    Returns
    -------
    Select
        The statement to execute.

    Examples
    --------
    >>> from sqlmodel import select
    >>> from store.curation_tables import ReviewItem
    >>> order = [ReviewItem.document_id, ReviewItem.id]
    >>> def where(query): return " ".join(str(query).split("WHERE ")[1].split())
    >>> where(keyset_page(select(ReviewItem.id), order, after=(3, 7), limit=2))
    '(review_item.document_id, review_item.id) > (:param_1, :param_2) ORDER BY review_item.document_id ASC, review_item.id ASC LIMIT :param_3'
    >>> where(keyset_page(select(ReviewItem.id), order, before=(3, 7), limit=2, backwards=True))
    '(review_item.document_id, review_item.id) < (:param_1, :param_2) ORDER BY review_item.document_id DESC, review_item.id DESC LIMIT :param_3'
    """
    if not 0 <= limit <= MAX_KEYSET_ROWS:
        raise ValueError(f"limit must be 0 to {MAX_KEYSET_ROWS}, not {limit}")
    key = tuple_(*columns)
    if after is not None:
        bound = _bound(columns, after)
        query = query.where(key < bound if descending else key > bound)
    if before is not None:
        bound = _bound(columns, before)
        query = query.where(key > bound if descending else key < bound)
    reverse = descending != backwards
    return query.order_by(*(c.desc() if reverse else c.asc() for c in columns)).limit(limit)


def _bound(columns: Sequence[Any], values: Sequence[Any]) -> Any:
    # each value bound as its column's type: a timestamp is written the way the column
    # stores it (aware UTC), so the comparison is of like with like on every back-end
    if len(values) != len(columns):
        raise ValueError(f"a key of {len(columns)} values, not {len(values)}")
    return tuple_(*(bindparam(None, v, type_=c.type) for c, v in zip(columns, values, strict=True)))
