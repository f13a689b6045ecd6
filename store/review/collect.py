"""The review items a stored document gives, and refreshing them after every ingest.

Items of the kinds read from the stored facts (unknown units, ambiguous deadlines, no
tasks, corrections whose anchor changed) and, when the extractor's warnings are given,
its warnings, are recomputed; an item found again keeps its row and so its decision
(matched by :func:`store.review.keys.review_key`).  An open item no longer found is
deleted (the fact is gone); a decided one is kept, so its decision still holds if the
fact comes back.  ``unmatched_row`` items come from imports and are never touched here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.bulk import bulk_insert, insert_ids
from store.curation_tables import Correction, ReviewItem
from store.review.keys import review_key
from store.review.units import Naming, flag_units, named_elsewhere, unsure_units
from store.tables import Deadline, Document, Task

#: Kinds this module derives from the stored document (warnings only when given).
DERIVED_KINDS = ("unknown_unit", "ambiguous_deadline", "no_tasks", "anchor_changed")


@dataclass(frozen=True)
class Candidate:
    """An unsure fact as found now, before it is matched to a stored item."""

    kind: str
    task_path: str
    quote: str
    subject: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Its stable key."""
        return review_key(self.kind, self.task_path, self.quote, self.subject)


def candidates(*, session: Session, document_id: int,
               warnings: Sequence[str] | None = None) -> list[Candidate]:
    """Every unsure fact of a stored document, in reading order within each kind."""
    found = [Candidate("unknown_unit", u.task_paths[0], u.quote, u.name,
                       {"unit": u.name, "raw": u.raw, "reason": u.reason,
                        "tasks": list(u.task_paths)})
             for u in unsure_units(session=session, document_id=document_id)]
    deadlines = session.exec(select(Deadline).where(Deadline.document_id == document_id)
                             .order_by(col(Deadline.source_start), col(Deadline.id))).all()
    for deadline in deadlines:
        readings = json.loads(deadline.readings or "[]")
        if len(readings) > 1:
            found.append(Candidate("ambiguous_deadline", deadline.path, deadline.source_quote,
                                   deadline.raw, {"raw": deadline.raw, "readings": readings,
                                                  "due": deadline.due.isoformat()
                                                  if deadline.due else None}))
    tasks = session.exec(select(func.count(col(Task.id)))
                         .where(Task.document_id == document_id)).one()
    if not tasks:
        document = session.get(Document, document_id)
        found.append(Candidate("no_tasks", "", "", "",
                               {"title": document.title if document else None}))
    for correction in session.exec(select(Correction).where(
            Correction.document_id == document_id, Correction.status == "needs_review")
            .order_by(col(Correction.id))).all():
        found.append(Candidate("anchor_changed", correction.task_path, correction.anchor_quote,
                               f"correction:{correction.id}",
                               {"correction_id": correction.id, "correction_kind": correction.kind,
                                "payload": json.loads(correction.payload or "{}")}))
    found.extend(Candidate("extraction_warning", "", warning) for warning in warnings or ())
    return found


@dataclass(frozen=True)
class WrittenDeadline:
    """A deadline as the ingest just wrote it (the columns the queue reads)."""

    path: str
    quote: str
    raw: str
    readings: tuple[str, ...]  # ISO dates
    due: dt.date | None


@dataclass(frozen=True)
class Written:
    """The facts an ingest has just written for a document, in reading order, so that
    its review items are found without reading them back.  Valid only when no
    correction was re-applied after them (a correction may change the stored rows)."""

    namings: tuple[Naming, ...]
    deadlines: tuple[WrittenDeadline, ...]
    tasks: int
    title: str | None
    new: bool = False  # a document stored for the first time: it has no items yet


def written_candidates(*, session: Session, document_id: int, written: Written,
                       warnings: Sequence[str] | None = None) -> list[Candidate]:
    """What :func:`candidates` finds, from the rows just written rather than read back.

    One query at most (whether another document names a doubtful unit); no correction
    needs review, since none was re-applied.
    """
    found = [Candidate("unknown_unit", u.task_paths[0], u.quote, u.name,
                       {"unit": u.name, "raw": u.raw, "reason": u.reason,
                        "tasks": list(u.task_paths)})
             for u in flag_units(written.namings, lambda ids: named_elsewhere(
                 session=session, document_id=document_id, unit_ids=ids))]
    for deadline in written.deadlines:
        if len(deadline.readings) > 1:
            found.append(Candidate("ambiguous_deadline", deadline.path, deadline.quote,
                                   deadline.raw, {"raw": deadline.raw,
                                                  "readings": list(deadline.readings),
                                                  "due": deadline.due.isoformat()
                                                  if deadline.due else None}))
    if not written.tasks:
        found.append(Candidate("no_tasks", "", "", "", {"title": written.title}))
    found.extend(Candidate("extraction_warning", "", warning) for warning in warnings or ())
    return found


def refresh_review_items(*, session: Session, document_id: int,
                         warnings: Sequence[str] | None = None,
                         written: Written | None = None) -> list[ReviewItem]:
    """Bring a document's derived review items up to date in the caller's transaction.

    Parameters
    ----------
    session
        An open session (the caller commits).
    document_id
        The document, its facts already stored.
    warnings
        The extractor's warnings as it gave them (English, locale-free); ``None`` leaves
        the stored ``extraction_warning`` items as they are (a refresh without reading
        the file, after a correction).
    written
        The facts the caller has just written (:class:`Written`), when no correction was
        re-applied over them: the candidates are found from them instead of from the
        stored rows, and new items are inserted with one statement.

    Returns
    -------
    list[ReviewItem]
        The items found now, decided ones with their decision; none for a document
        stored for the first time (``written.new``), whose items are inserted as plain
        rows with one statement and not read back (the ingest does not need them).
    """
    if written is not None and written.new:
        _insert_new(session=session, document_id=document_id,
                    found=written_candidates(session=session, document_id=document_id,
                                             written=written, warnings=warnings))
        return []
    kinds = DERIVED_KINDS + (("extraction_warning",) if warnings is not None else ())
    stored = {} if written is not None and written.new else {
        item.key: item for item in session.exec(select(ReviewItem).where(
            ReviewItem.document_id == document_id, col(ReviewItem.kind).in_(kinds))).all()}
    found = (candidates(session=session, document_id=document_id, warnings=warnings)
             if written is None else
             written_candidates(session=session, document_id=document_id, written=written,
                                warnings=warnings))
    current: dict[str, ReviewItem] = {}
    for candidate in found:
        if candidate.key in current:  # the same fact twice (one phrase twice in a sentence)
            continue
        item = stored.pop(candidate.key, None)
        if item is None:
            item = ReviewItem(document_id=document_id, kind=candidate.kind, key=candidate.key)
        item.task_path, item.quote = candidate.task_path, candidate.quote
        item.detail = json.dumps(candidate.detail, ensure_ascii=False)
        current[candidate.key] = item
    new = [item for item in current.values() if item.id is None]
    if written is not None and new and len(new) == len(current):
        # nothing stored to update (a new document, or none of its items found again):
        # one INSERT, in the order the one-by-one flush would have used
        ids = insert_ids(session, ReviewItem, [
            {"document_id": document_id, "kind": item.kind, "key": item.key,
             "task_path": item.task_path, "quote": item.quote, "detail": item.detail,
             "status": item.status, "created_at": item.created_at} for item in new],
            keys=("key",))  # unique in the document
        for item, item_id in zip(new, ids, strict=True):
            item.id = item_id
    else:
        session.add_all(current.values())
    for gone in stored.values():
        if gone.status == "open":
            session.delete(gone)
    session.flush()
    return list(current.values())


def _insert_new(*, session: Session, document_id: int, found: list[Candidate]) -> None:
    """A new document's items: the rows :func:`refresh_review_items` would insert (in the
    same order, with the same defaults), as plain rows, with no ORM object."""
    now = dt.datetime.now(dt.UTC)
    rows: dict[str, dict[str, Any]] = {}
    for candidate in found:
        # the same fact twice (one phrase twice in a sentence) is one item
        rows.setdefault(candidate.key, {
            "document_id": document_id, "kind": candidate.kind, "key": candidate.key,
            "task_path": candidate.task_path, "quote": candidate.quote,
            "detail": json.dumps(candidate.detail, ensure_ascii=False), "status": "open",
            "decided_by": None, "decided_at": None, "correction_id": None, "created_at": now})
    bulk_insert(session, ReviewItem, list(rows.values()))
