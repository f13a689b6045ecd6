"""Outbox rows and alert dedup state: the database half of reliable delivery.

Every state change is a single guarded ``UPDATE`` (``WHERE status = …``) whose row
count says whether this process won, so any number of dispatchers, on any number of
machines sharing the database, can work the same outbox without sending twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint, func, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from store.clock import utcnow


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

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
RUN_LOCK_KEY = 0x7067616C  # 'pgal': the alert runs' PostgreSQL advisory lock


def add_message(
    *,
    session: Session,
    channel: str,
    receiver: str,
    digest_id: str,
    payload: dict[str, Any],
    now: dt.datetime | None = None,
) -> OutboxMessage | None:
    """Queue one message; ``None`` when (channel, digest_id) is already queued.

    Uses a savepoint so a duplicate leaves the caller's transaction usable.

    Parameters
    ----------
    session
        An open session (the caller commits).
    channel, receiver, digest_id
        Channel name, receiving unit and the digest's stable id.
    payload
        JSON-ready digest data.
    now
        First attempt time; defaults to now.

    Returns
    -------
    OutboxMessage | None
        The new row, or ``None`` for a duplicate.
    """
    existing = session.exec(
        select(OutboxMessage.id)
        .where(OutboxMessage.channel == channel)
        .where(OutboxMessage.digest_id == digest_id)
    ).first()
    if existing is not None:
        return None
    moment = now or utcnow()
    message = OutboxMessage(
        channel=channel,
        receiver=receiver,
        digest_id=digest_id,
        payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
        next_attempt_at=moment,
        created_at=moment,
    )
    try:
        with session.begin_nested():  # a racing enqueuer may insert between check and add
            session.add(message)
    except IntegrityError:
        return None
    return message


def due_message_ids(*, session: Session, now: dt.datetime, limit: int = 100) -> list[int]:
    """Ids of pending messages whose next attempt is due, oldest first."""
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING)
        .where(col(OutboxMessage.next_attempt_at) <= now)
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
    )
    return [i for i in session.exec(query).all() if i is not None]


def claim(*, session: Session, message_id: int, now: dt.datetime) -> bool:
    """Move one message from pending to sending; True only for the one winner."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id)
        .where(col(OutboxMessage.status) == PENDING)
        .where(col(OutboxMessage.next_attempt_at) <= now)
        .values(status=SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def mark_sent(*, session: Session, message_id: int, now: dt.datetime) -> bool:
    """Acknowledge a delivered message; a sent message never leaves ``sent`` again."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id)
        .where(col(OutboxMessage.status) == SENDING)
        .values(status=SENT, acked_at=now, last_error=None)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def mark_unsent(
    *, session: Session, message_id: int, error: str, retry_at: dt.datetime | None
) -> bool:
    """Record a failed attempt: back to pending at ``retry_at``, or failed for good."""
    values: dict[str, Any] = {"last_error": error[:2000], "claimed_at": None}
    if retry_at is None:
        values["status"] = FAILED
    else:
        values.update(status=PENDING, next_attempt_at=retry_at)
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id)
        .where(col(OutboxMessage.status) == SENDING)
        .values(**values)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release_stale_claims(*, session: Session, older_than: dt.datetime) -> int:
    """Return messages stuck in ``sending`` (a dispatcher died mid-send) to pending.

    The receiver may then see that digest twice, which is why digests carry a
    stable id it can drop repeats by; the stale age should exceed any send timeout.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == SENDING)
        .where(col(OutboxMessage.claimed_at) < older_than)
        .values(status=PENDING, claimed_at=None, last_error="claim expired; retrying")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def get_message(*, session: Session, message_id: int) -> OutboxMessage | None:
    """One outbox message by id, or ``None``."""
    return session.get(OutboxMessage, message_id)


def list_messages(*, session: Session, status: str | None = None) -> Sequence[OutboxMessage]:
    """Outbox rows, oldest first, optionally of one status."""
    query = select(OutboxMessage).order_by(col(OutboxMessage.id))
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return session.exec(query).all()


def should_alert(
    *,
    session: Session,
    obligation_id: str,
    receiver: str,
    kind: str,
    now: dt.datetime,
    repeat_interval: dt.timedelta,
) -> bool:
    """Whether this alert is new, or was last sent at least ``repeat_interval`` ago."""
    state = session.exec(
        select(AlertState)
        .where(AlertState.obligation_id == obligation_id)
        .where(AlertState.receiver == receiver)
        .where(AlertState.kind == kind)
    ).first()
    if state is None:
        return True
    last = state.last_sent_at
    last = last if last.tzinfo else last.replace(tzinfo=dt.UTC)
    return now - last >= repeat_interval


def record_alert_sent(
    *, session: Session, obligation_id: str, receiver: str, kind: str, now: dt.datetime
) -> AlertState:
    """Remember that this alert went out at ``now`` (insert or bump)."""
    state = session.exec(
        select(AlertState)
        .where(AlertState.obligation_id == obligation_id)
        .where(AlertState.receiver == receiver)
        .where(AlertState.kind == kind)
    ).first()
    if state is None:
        state = AlertState(obligation_id=obligation_id, receiver=receiver, kind=kind, last_sent_at=now)
    else:
        state.last_sent_at = now
        state.times_sent += 1
    session.add(state)
    session.flush()
    return state


def count_messages_by_status(*, session: Session) -> dict[str, int]:
    """How many outbox messages have each status (statuses with none are absent)."""
    query = (select(OutboxMessage.status, func.count(col(OutboxMessage.id)))
             .group_by(OutboxMessage.status))
    return {status: int(n) for status, n in session.exec(query).all()}


def alert_states(*, session: Session, obligation_id: str, receiver: str) -> list[AlertState]:
    """Every alert kind sent about one obligation to one receiver, with when it was last sent."""
    query = (select(AlertState).where(AlertState.obligation_id == obligation_id)
             .where(AlertState.receiver == receiver))
    return list(session.exec(query).all())


def lock_alert_runs(*, session: Session) -> None:
    """Serialise alert runs on this database until ``session``'s transaction ends.

    PostgreSQL takes an advisory transaction lock; SQLite a write statement touching no
    row, which holds its single write lock for the rest of the transaction, so other
    runs wait (busy timeout) behind it.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RUN_LOCK_KEY})
    elif dialect == "sqlite":
        session.execute(text("UPDATE alert_state SET id = id WHERE 1 = 0"))
