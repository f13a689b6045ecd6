"""SQLModel tables of progress tracking: progress reports, tokens, audit, silences, the alert outbox.

Kept apart from :mod:`store.tables` (the extracted facts) because these rows are written
by people and by the alert engine, not by ingest; they refer to obligations by the graph's
stable string id (``deadline:17@2019``) rather than by foreign key, because obligations
are computed, not stored.

Importing this module registers the tables on ``SQLModel.metadata``; the Alembic
revision ``0002_progress_alerts`` creates them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (every timestamp here is UTC)."""
    return dt.datetime.now(dt.UTC)


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


class AuditEntry(SQLModel, table=True):
    """Who did what to which target, with the value before and after, and the outcome."""

    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(default="anonymous", max_length=64, index=True)  # token id or anonymous
    actor_unit: str | None = Field(default=None, max_length=200)
    actor_role: str | None = Field(default=None, max_length=16)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    action: str = Field(max_length=64, index=True)
    target: str = Field(default="", max_length=200, index=True)
    previous_value: str | None = Field(default=None, sa_type=Text)  # JSON
    new_value: str | None = Field(default=None, sa_type=Text)  # JSON
    outcome: str = Field(default="ok", max_length=16)  # ok / forbidden


class ApiToken(SQLModel, table=True):
    """A bearer token; only the SHA-256 of the clear token is kept."""

    __tablename__ = "api_token"
    id: str = Field(primary_key=True, max_length=32)  # public id, shown in lists and audit
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    role: str = Field(max_length=16)  # reporter / viewer / editor / admin
    # An editor's scope: it may curate documents of this jurisdiction and those inside it.
    jurisdiction_id: int | None = Field(default=None, foreign_key="jurisdiction.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None


class Silence(SQLModel, table=True):
    """Mute alerts for an obligation, a unit, or one unit's share of an obligation."""

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: str | None = Field(default=None, max_length=128, index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    place_id: int | None = Field(default=None, foreign_key="place.id", index=True)  # a county's share
    until: dt.date  # inclusive: muted through this day
    reason: str = Field(default="", sa_type=Text)
    created_by: str = Field(default="anonymous", max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow)


class OutboxMessage(SQLModel, table=True):
    """A digest waiting to be (or already) delivered through one channel.

    ``UNIQUE(channel, digest_id)`` makes enqueueing the same digest twice a no-op.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        UniqueConstraint("channel", "digest_id", name="uq_outbox_channel_digest"),
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=64)
    receiver: str = Field(default="", max_length=200, index=True)  # receiving unit's name
    digest_id: str = Field(max_length=128)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # JSON of the digest
    status: str = Field(default="pending", max_length=16)  # pending/sending/sent/failed
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=utcnow)
    claimed_at: dt.datetime | None = None
    last_error: str | None = Field(default=None, sa_type=Text)
    acked_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class AlertState(SQLModel, table=True):
    """When an alert of one kind about one obligation last went to one receiver."""

    __tablename__ = "alert_state"
    __table_args__ = (
        UniqueConstraint("obligation_id", "receiver", "kind", name="uq_alert_state"),
    )
    id: int | None = Field(default=None, primary_key=True)
    obligation_id: str = Field(max_length=128, index=True)
    receiver: str = Field(max_length=200)
    kind: str = Field(max_length=32)  # due_soon:30 / overdue / escalation / resolved
    last_sent_at: dt.datetime
    times_sent: int = 1


class IdempotencyKey(SQLModel, table=True):
    """A write a client may retry after a timeout: the first outcome, under the client's
    key, so the retry returns it instead of storing the reports again.

    Keys are per actor (token id): two clients choosing the same key never meet.
    ``fingerprint`` is a hash of the request's arguments, so a key reused for a
    different request is told apart from a retry.
    """

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("actor", "key", name="uq_idempotency_actor_key"),)
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=64)
    key: str = Field(max_length=128)
    action: str = Field(max_length=64)  # report_progress / import_sheet
    fingerprint: str = Field(max_length=64)  # SHA-256 of the arguments
    report_ids: str = Field(sa_column=Column(Text, nullable=False))  # JSON list, in order
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class Urge(SQLModel, table=True):
    """A 催办: a supervisor sent a unit its overdue and due-soon obligations, now.

    ``unit_id`` with ``created_at`` is what the per-unit rate limit is checked against,
    inside the writing transaction, so the limit holds across server processes and the CLI.
    """

    __tablename__ = "urge"
    __table_args__ = (Index("ix_urge_unit_created", "unit_id", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    receiver: str = Field(max_length=200)  # 浙江省温州市/市规划局, as the outbox names it
    as_of: dt.date  # the day its obligations were judged on
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    sender: str = Field(default="", max_length=200)  # what the receiver reads: 浙江省温州市 editor
    created_by: str = Field(default="anonymous", max_length=64)  # token id, or cli
    created_role: str | None = Field(default=None, max_length=16)
    created_at: dt.datetime = Field(default_factory=utcnow)


class UrgeObligation(SQLModel, table=True):
    """One obligation an urge named (an obligation's history lists its urges by this)."""

    __tablename__ = "urge_obligation"
    __table_args__ = (UniqueConstraint("urge_id", "obligation_id", name="uq_urge_obligation"),)
    id: int | None = Field(default=None, primary_key=True)
    urge_id: int = Field(foreign_key="urge.id", index=True, ondelete="CASCADE")
    obligation_id: str = Field(max_length=128, index=True)
    kind: str = Field(max_length=16)  # overdue / due_soon on the urge's day
    position: int = 0  # its place in the digest
