"""The progress report table: what units say about their obligations.

Kept apart from :mod:`store.tables` (the extracted facts) because these rows are written
by people, not by ingest; they refer to obligations by the graph's stable string id
(``deadline:17@2019``) rather than by foreign key, because obligations are computed, not
stored.

Importing this module (through its package, :mod:`store.progress`) registers on
``SQLModel.metadata`` this table and the others the Alembic revisions ``0002`` and
``0004`` create: tokens, the audit trail, silences, the outbox and idempotency keys, now
in their own modules (:mod:`store.tokens`, :mod:`store.audit`, :mod:`store.silences`,
:mod:`store.outbox`, :mod:`store.idempotency`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from store.clock import utcnow


class ProgressReport(SQLModel, table=True):
    """One unit's statement about one obligation, as of ``reported_on``.

    Reports are append-only: a correction is a new report, a withdrawal sets
    ``retracted_at``.  So two reports racing on one obligation are two rows and
    neither can overwrite the other; ``version`` guards the row's own updates
    (retraction) against a concurrent writer.
    """

    __tablename__ = "progress_report"
    __table_args__ = (Index("ix_progress_report_obligation_date", "obligation_id", "reported_on"),)
    id: int | None = Field(default=None, primary_key=True)
    obligation_id: str = Field(max_length=128, index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # The member county whose share of a collective obligation this report is about.
    place_id: int | None = Field(default=None, foreign_key="place.id", index=True)
    reported_on: dt.date
    done: bool = False
    value_reached: float | None = None
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    evidence_url: str | None = Field(default=None, max_length=2000)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="anonymous", max_length=64)  # token id or "anonymous"
    retracted_at: dt.datetime | None = None
    retracted_by: str | None = Field(default=None, max_length=64)
    version: int = 1
