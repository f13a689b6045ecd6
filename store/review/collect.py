"""The review items a stored document gives, and refreshing them after every ingest.

Items of the kinds read from the stored facts (unknown units, ambiguous deadlines, no
tasks, corrections whose anchor changed) and, when the extractor's warnings are given,
its warnings, are recomputed; an item found again keeps its row and so its decision
(matched by :func:`store.review.keys.review_key`).  An open item no longer found is
deleted (the fact is gone); a decided one is kept, so its decision still holds if the
fact comes back.  ``unmatched_row`` items come from imports and are never touched here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.review.keys import review_key
from store.review.units import unsure_units
from store.tables import Correction, Deadline, Document, ReviewItem, Task

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


def refresh_review_items(*, session: Session, document_id: int,
                         warnings: Sequence[str] | None = None) -> list[ReviewItem]:
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

    Returns
    -------
    list[ReviewItem]
        The items found now, decided ones with their decision.
    """
    kinds = DERIVED_KINDS + (("extraction_warning",) if warnings is not None else ())
    stored = {item.key: item for item in session.exec(select(ReviewItem).where(
        ReviewItem.document_id == document_id, col(ReviewItem.kind).in_(kinds))).all()}
    current: dict[str, ReviewItem] = {}
    for candidate in candidates(session=session, document_id=document_id, warnings=warnings):
        if candidate.key in current:  # the same fact twice (one phrase twice in a sentence)
            continue
        item = stored.pop(candidate.key, None)
        if item is None:
            item = ReviewItem(document_id=document_id, kind=candidate.kind, key=candidate.key)
        item.task_path, item.quote = candidate.task_path, candidate.quote
        item.detail = json.dumps(candidate.detail, ensure_ascii=False)
        session.add(item)
        current[candidate.key] = item
    for gone in stored.values():
        if gone.status == "open":
            session.delete(gone)
    session.flush()
    return list(current.values())
