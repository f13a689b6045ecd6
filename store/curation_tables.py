"""SQLModel tables of curation: a curator's corrections and the review queue.

Kept apart from the extracted rows (:mod:`store.tables`), which point at a correction by
``correction_id``; a re-ingest replaces those rows and applies the corrections again.
Table names, columns and indexes are those the migrations (``store/migrations``) create.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.clock import utcnow

CORRECTION_KINDS = ("add_unit", "remove_unit", "set_role", "add_deadline", "drop_deadline",
                    "set_deadline", "add_target", "drop_target", "fix_target", "split_task",
                    "merge_task")
REVIEW_KINDS = ("unknown_unit", "ambiguous_deadline", "unmatched_row", "no_tasks",
                "anchor_changed", "extraction_warning")


class Correction(SQLModel, table=True):
    """A curator's change to a document's extracted breakdown, kept apart from the
    extracted rows and applied again after every ingest of the document.

    It is anchored to stable keys (the document, the task's section path) and to the
    text it was made against (``anchor_quote``): when a re-ingest no longer finds that
    text at the anchor, the correction is kept with status ``needs_review`` and not
    applied, never applied to something else.  ``payload`` holds the kind's arguments
    (JSON; shapes in :mod:`store.corrections.kinds`); ``before`` / ``after`` snapshot what
    it changed, for the audit trail.
    """

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    task_path: str = Field(default="", max_length=64)  # "" for a document-level correction
    anchor_quote: str = Field(default="", sa_type=Text)
    kind: str = Field(max_length=16)  # one of CORRECTION_KINDS
    payload: str = Field(default="{}", sa_type=Text)  # JSON
    status: str = Field(default="active", max_length=16, index=True)  # active / needs_review / reverted
    reason: str = Field(default="", sa_type=Text)
    source: str = Field(default="manual", max_length=200)  # manual / import:<file> / review
    created_by: str = Field(default="anonymous", max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow)
    reverted_by: str | None = Field(default=None, max_length=64)
    reverted_at: dt.datetime | None = None
    before: str | None = Field(default=None, sa_type=Text)  # JSON
    after: str | None = Field(default=None, sa_type=Text)  # JSON


class ReviewItem(SQLModel, table=True):
    """An unsure fact for a person to look at (accept, correct or dismiss).

    ``key`` is a stable hash of kind, path and quote: re-ingesting the document finds the
    same item again, so a decision once made is kept.
    """

    __tablename__ = "review_item"
    # The queue is read a page at a time in (document_id, id) order, of one status or all.
    __table_args__ = (UniqueConstraint("document_id", "key", name="uq_review_item_document_key"),
                      Index("ix_review_item_document_id_id", "document_id", "id"),
                      Index("ix_review_item_status_document_id_id", "status", "document_id", "id"))
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)  # one of REVIEW_KINDS
    task_path: str = Field(default="", max_length=64)
    quote: str = Field(default="", sa_type=Text)
    detail: str = Field(default="{}", sa_type=Text)  # JSON
    key: str = Field(max_length=64)
    status: str = Field(default="open", max_length=16)  # open / accepted / dismissed / corrected
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = None
    correction_id: int | None = Field(default=None, foreign_key="correction.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow)
