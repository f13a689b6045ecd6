"""Review items: add (imports), list and count, and decide (accept, dismiss, correct).

Every decision is written to the audit trail (:func:`store.audit.record_audit`,
action ``review_<decision>``, target ``review:<id>``) in the caller's transaction, with
who, when, why, and the status before and after.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.audit import ANONYMOUS, record_audit
from store.clock import utcnow
from store.curation_tables import REVIEW_KINDS, ReviewItem
from store.keyset import keyset_page
from store.review.keys import review_key

#: decision → the status it leaves the item in
DECISIONS = {"accept": "accepted", "dismiss": "dismissed", "correct": "corrected"}
STATUSES = ("open", "accepted", "dismissed", "corrected")


class ReviewItemNotFound(LookupError):
    """No review item has this id."""


class AlreadyDecided(ValueError):
    """The item was decided before (by someone else, or by an earlier click)."""


def add_review_item(*, session: Session, document_id: int, kind: str, task_path: str = "",
                    quote: str = "", subject: str = "",
                    detail: dict[str, Any] | None = None) -> ReviewItem:
    """Add an unsure fact (an import's ``unmatched_row``), or find it again by its key.

    Parameters
    ----------
    session
        An open session (the caller commits).
    document_id, kind, task_path, quote, subject
        What the item is about; together (without ids) they make its key, so adding
        the same fact again returns the stored item with its decision.
    detail
        JSON-serialisable particulars (the row number, the cells …); replaces the old.

    Returns
    -------
    ReviewItem
        Flushed, with its id.
    """
    if kind not in REVIEW_KINDS:
        raise ValueError(f"kind must be one of {', '.join(REVIEW_KINDS)}, not {kind!r}")
    key = review_key(kind, task_path, quote, subject)
    item = session.exec(select(ReviewItem).where(ReviewItem.document_id == document_id,
                                                 ReviewItem.key == key)).first()
    if item is None:
        item = ReviewItem(document_id=document_id, kind=kind, key=key, task_path=task_path,
                          quote=quote)
    item.detail = json.dumps(detail or {}, ensure_ascii=False)
    session.add(item)
    session.flush()
    return item


def _filtered(query: Any, document_id: int | None, status: str | None) -> Any:
    if document_id is not None:
        query = query.where(ReviewItem.document_id == document_id)
    if status is not None:
        query = query.where(ReviewItem.status == status)
    return query


def list_review_items(*, session: Session, document_id: int | None = None,
                      status: str | None = "open", limit: int = 100,
                      offset: int = 0) -> Sequence[ReviewItem]:
    """Review items of one document (or all), of one status (``None``: any), oldest first."""
    query = _filtered(select(ReviewItem), document_id, status)
    query = query.order_by(col(ReviewItem.document_id), col(ReviewItem.id))
    return session.exec(query.offset(offset).limit(limit)).all()


def page_review_items(*, session: Session, document_id: int | None = None,
                      status: str | None = "open", after: tuple[int, int] | None = None,
                      before: tuple[int, int] | None = None, limit: int = 100,
                      backwards: bool = False) -> Sequence[ReviewItem]:
    """A page of the review queue in its order (document, then id), read by its key.

    Parameters
    ----------
    session
        An open session.
    document_id, status
        One document's items (``None``: all) of one status (``None``: any).
    after, before
        The ``(document_id, id)`` of items the page starts after / ends before.
    limit
        How many items, at most :data:`store.keyset.MAX_KEYSET_ROWS`.
    backwards
        The items nearest ``before`` (or the end), nearest first.

    Returns
    -------
    Sequence[ReviewItem]
        Read through the index on ``(status, document_id, id)`` or ``(document_id, id)``.
    """
    query = _filtered(select(ReviewItem), document_id, status)
    return session.exec(keyset_page(query, [col(ReviewItem.document_id), col(ReviewItem.id)],
                                    after=after, before=before, limit=limit,
                                    backwards=backwards)).all()


def count_review_queue(*, session: Session, document_id: int | None = None,
                       status: str | None = "open") -> int:
    """How many items of one document (or all) have one status (``None``: any)."""
    query = _filtered(select(func.count(col(ReviewItem.id))), document_id, status)
    return int(session.exec(query).one())


def count_review_items(*, session: Session, document_id: int | None = None
                       ) -> dict[str, int]:
    """How many items of one document (or all) have each status, zeros included."""
    query = _filtered(select(ReviewItem.status, func.count(col(ReviewItem.id))),
                      document_id, None).group_by(col(ReviewItem.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: int(n) for status, n in session.exec(query).all()})
    return counts


def count_review_items_of(*, session: Session, document_ids: Sequence[int]
                          ) -> dict[int, dict[str, int]]:
    """How many items of each document have each status, zeros included, in one query.

    A list of documents with their counts asks once, not once a document.
    """
    wanted = list(dict.fromkeys(document_ids))
    counts = {d: dict.fromkeys(STATUSES, 0) for d in wanted}
    if not wanted:
        return counts
    query = (select(ReviewItem.document_id, ReviewItem.status, func.count(col(ReviewItem.id)))
             .where(col(ReviewItem.document_id).in_(wanted))
             .group_by(col(ReviewItem.document_id), col(ReviewItem.status)))
    for document_id, status, n in session.exec(query).all():
        counts[int(document_id)][status] = int(n)
    return counts


def get_review_item(*, session: Session, item_id: int) -> ReviewItem | None:
    """One review item by id, or ``None``."""
    return session.get(ReviewItem, item_id)


def decide_review_item(*, session: Session, item_id: int, decision: str, reason: str = "",
                       actor: str = ANONYMOUS, actor_unit: str | None = None,
                       actor_role: str | None = None, correction_id: int | None = None,
                       at: dt.datetime | None = None) -> ReviewItem:
    """Accept, dismiss or correct an open item, and audit it.

    Parameters
    ----------
    session
        An open session (the caller commits).
    item_id
        The item.
    decision
        ``accept`` (right as extracted), ``dismiss`` (not worth it) or ``correct``
        (``correction_id`` names the correction made for it).
    reason
        Why, in the decider's words (kept in the audit trail).
    actor, actor_unit, actor_role
        Who: the token id, its unit and role.
    at
        When; defaults to now.

    Raises
    ------
    ReviewItemNotFound
        No item has this id.
    AlreadyDecided
        The item is not open.
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise ReviewItemNotFound(f"no review item with id {item_id}")
    if item.status != "open":
        raise AlreadyDecided(f"review item {item_id} is already {item.status}")
    moment = at or utcnow()
    item.status, item.decided_by, item.decided_at = DECISIONS[decision], actor, moment
    item.correction_id = correction_id
    session.add(item)
    record_audit(session=session, action=f"review_{decision}", target=f"review:{item_id}",
                 actor=actor, actor_unit=actor_unit, actor_role=actor_role, at=moment,
                 previous_value={"status": "open"},
                 new_value={"status": item.status, "reason": reason, "kind": item.kind,
                            "document_id": item.document_id, "task_path": item.task_path,
                            "quote": item.quote[:200], "correction_id": correction_id})
    return item
