"""Urges (催办): recorded with their outbox messages and audit entries in one transaction.

A supervisor urges a unit: the urge row, the obligations it names, one outbox message per
channel and the audit entries (one on the unit, ``unit:7``, and one on each obligation it
names, so each obligation's audit trail shows it) are written together or not at all.  The outbox message
carries only the urge's id (``{"urge": 12}``); the alert dispatcher renders the digest
from the stored urge when it sends it.

The per-unit rate limit is checked against the stored urges inside the writing
transaction, after a lock on the unit's row (PostgreSQL: the row lock of an ``UPDATE``;
SQLite: the database write lock the same statement takes), so two processes urging the
same unit at once are serialised and the second sees the first's urge.  An in-memory
limiter would hold in one process only: the CLI and every other server process would
not see it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Index, Text, UniqueConstraint, func, text
from sqlmodel import Field, Session, SQLModel, col, select

from settings import AlertSettings
from store.audit import record_audit
from store.clock import utcnow
from store.outbox import OutboxMessage, add_message

#: The default least time between two urges of one unit (the ``urge_interval`` setting).
DEFAULT_INTERVAL = AlertSettings().urge_interval
#: The longest note an urge carries, characters.
MAX_NOTE_CHARS = 500
#: The most obligations one urge names (a digest people read, not a dump).
MAX_OBLIGATIONS = 50


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


class UrgeTooSoon(Exception):
    """The unit was urged within the interval; ``next_allowed_at`` says when it may be again."""

    def __init__(self, last: Urge, next_allowed_at: dt.datetime) -> None:
        super().__init__(f"urged at {aware(last.created_at).isoformat()}; "
                         f"next allowed at {next_allowed_at.isoformat()}")
        self.last = last
        self.next_allowed_at = next_allowed_at


@dataclass(frozen=True)
class Named:
    """One obligation an urge names, and whether it was overdue or due soon that day."""

    obligation_id: str
    kind: str  # overdue / due_soon


def aware(moment: dt.datetime) -> dt.datetime:
    """A stored timestamp as aware UTC (SQLite hands back naive ones)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def lock_unit(*, session: Session, unit_id: int) -> None:
    """Serialise urges of one unit until ``session``'s transaction ends.

    Must be the transaction's first statement on SQLite (a reader upgrading to a writer
    may be refused at once instead of waiting).
    """
    session.execute(text("UPDATE unit SET id = id WHERE id = :id"), {"id": unit_id})


def last_urge(*, session: Session, unit_id: int) -> Urge | None:
    """The unit's latest urge, or ``None``."""
    query = (select(Urge).where(Urge.unit_id == unit_id)
             .order_by(col(Urge.created_at).desc(), col(Urge.id).desc()).limit(1))
    return session.exec(query).first()


def next_allowed(*, session: Session, unit_id: int, now: dt.datetime,
                 interval: dt.timedelta) -> tuple[Urge, dt.datetime] | None:
    """The latest urge and when the next is allowed, if that is after ``now``; else ``None``."""
    last = last_urge(session=session, unit_id=unit_id)
    if last is None:
        return None
    allowed = aware(last.created_at) + interval
    return (last, allowed) if allowed > now else None


def record_urge(
    *,
    session: Session,
    unit_id: int,
    receiver: str,
    as_of: dt.date,
    note: str,
    sender: str,
    obligations: Sequence[Named],
    channels: Iterable[str],
    actor: str,
    actor_role: str | None,
    actor_unit: str | None = None,
    interval: dt.timedelta = DEFAULT_INTERVAL,
    now: dt.datetime | None = None,
) -> tuple[Urge, list[OutboxMessage]]:
    """Record an urge, queue it on each channel and audit it; the caller commits.

    Parameters
    ----------
    session
        A session with no write yet in its transaction (the unit lock comes first).
    unit_id, receiver
        The urged unit and its receiver string (as the alert rules address it).
    as_of
        The day the obligations were judged on.
    note
        The sender's words (at most :data:`MAX_NOTE_CHARS`).
    sender
        Who the receiver is told urged it (浙江省温州市 编辑, a unit's name).
    obligations
        What the urge names, in digest order (at most :data:`MAX_OBLIGATIONS`).
    channels
        The channel names the receiver's messages go to.
    actor, actor_role, actor_unit
        Who urges (token id, or ``cli``), for the row and the audit trail.
    interval
        The least time between two urges of one unit.
    now
        The current time (aware); tests pass it to step past the interval.

    Returns
    -------
    tuple of Urge and list of OutboxMessage

    Raises
    ------
    UrgeTooSoon
        The unit was urged less than ``interval`` ago; the refusal is audited (outcome
        ``refused``) in the session, nothing else is written.
    ValueError
        A note or a list of obligations over its maximum.
    """
    if len(note) > MAX_NOTE_CHARS:
        raise ValueError(f"a note has at most {MAX_NOTE_CHARS} characters")
    if len(obligations) > MAX_OBLIGATIONS:
        raise ValueError(f"an urge names at most {MAX_OBLIGATIONS} obligations")
    moment = now or utcnow()
    lock_unit(session=session, unit_id=unit_id)
    target = f"unit:{unit_id}"
    blocked = next_allowed(session=session, unit_id=unit_id, now=moment, interval=interval)
    if blocked is not None:
        last, allowed = blocked
        record_audit(session=session, action="urge", target=target, actor=actor,
                     actor_unit=actor_unit, actor_role=actor_role, outcome="refused", at=moment,
                     new_value={"reason": "rate_limited", "last_urge": last.id,
                                "next_allowed_at": allowed.isoformat()})
        raise UrgeTooSoon(last, allowed)
    urge = Urge(unit_id=unit_id, receiver=receiver, as_of=as_of, note=note, sender=sender[:200],
                created_by=actor, created_role=actor_role, created_at=moment)
    session.add(urge)
    session.flush()
    assert urge.id is not None
    for position, named in enumerate(obligations):
        session.add(UrgeObligation(urge_id=urge.id, obligation_id=named.obligation_id,
                                   kind=named.kind, position=position))
    messages = [m for name in dict.fromkeys(channels)
                if (m := add_message(session=session, channel=name, receiver=receiver,
                                     digest_id=f"urge:{urge.id}", payload={"urge": urge.id},
                                     now=moment)) is not None]
    record_audit(session=session, action="urge", target=target, actor=actor,
                 actor_unit=actor_unit, actor_role=actor_role, at=moment,
                 new_value={"urge": urge.id, "receiver": receiver, "as_of": as_of,
                            "note": note, "channels": [m.channel for m in messages],
                            "obligations": [n.obligation_id for n in obligations]})
    for named in obligations:  # each obligation's own history (the trail by target) shows it
        record_audit(session=session, action="urge", target=named.obligation_id[:200],
                     actor=actor, actor_unit=actor_unit, actor_role=actor_role, at=moment,
                     new_value={"urge": urge.id, "receiver": receiver, "kind": named.kind,
                                "note": note})
    session.flush()
    return urge, messages


def get_urge(*, session: Session, urge_id: int) -> Urge | None:
    """One urge by id."""
    return session.get(Urge, urge_id)


def named_by(*, session: Session, urge_id: int) -> list[UrgeObligation]:
    """The obligations one urge named, in digest order."""
    query = (select(UrgeObligation).where(UrgeObligation.urge_id == urge_id)
             .order_by(col(UrgeObligation.position)))
    return list(session.exec(query).all())


def named_by_urges(*, session: Session, urge_ids: Sequence[int]) -> dict[int, list[UrgeObligation]]:
    """The obligations each urge named, in digest order (one query)."""
    query = (select(UrgeObligation).where(col(UrgeObligation.urge_id).in_(list(set(urge_ids))))
             .order_by(col(UrgeObligation.urge_id), col(UrgeObligation.position)))
    found: dict[int, list[UrgeObligation]] = defaultdict(list)
    for row in session.exec(query).all() if urge_ids else ():
        found[row.urge_id].append(row)
    return dict(found)


def messages_of_urges(*, session: Session, urge_ids: Sequence[int]) -> dict[int, list[OutboxMessage]]:
    """The outbox messages of each urge, one per channel (one query)."""
    digests = {f"urge:{i}": i for i in urge_ids}
    query = (select(OutboxMessage).where(col(OutboxMessage.digest_id).in_(list(digests)))
             .order_by(col(OutboxMessage.id)))
    found: dict[int, list[OutboxMessage]] = defaultdict(list)
    for row in session.exec(query).all() if digests else ():
        found[digests[row.digest_id]].append(row)
    return dict(found)


def urges_of_obligations(*, session: Session, obligation_ids: Sequence[str],
                         limit: int = 20) -> dict[str, list[Urge]]:
    """The urges that named each obligation, newest first, at most ``limit`` each (one query).

    Parameters
    ----------
    session
        An open session.
    obligation_ids
        The obligations asked about.
    limit
        The most urges listed per obligation.

    Returns
    -------
    dict of str to list of Urge
        Obligations never urged are absent.
    """
    if not obligation_ids:
        return {}
    query = (select(UrgeObligation.obligation_id, Urge)
             .join(Urge, col(Urge.id) == col(UrgeObligation.urge_id))
             .where(col(UrgeObligation.obligation_id).in_(list(set(obligation_ids))))
             .order_by(col(Urge.created_at).desc(), col(Urge.id).desc()))
    found: dict[str, list[Urge]] = defaultdict(list)
    for obligation_id, urge in session.exec(query).all():
        if len(found[obligation_id]) < limit:
            found[obligation_id].append(urge)
    return dict(found)


def recent_urges(*, session: Session, unit_id: int, limit: int = 5) -> list[tuple[Urge, int]]:
    """A unit's latest urges, newest first, each with how many obligations it named."""
    counted = (select(Urge, func.count(col(UrgeObligation.id)))
               .join(UrgeObligation, col(UrgeObligation.urge_id) == col(Urge.id), isouter=True)
               .where(Urge.unit_id == unit_id)
               .group_by(col(Urge.id))
               .order_by(col(Urge.created_at).desc(), col(Urge.id).desc()).limit(limit))
    return [(urge, int(n)) for urge, n in session.exec(counted).all()]


def urge_of_payload(payload: Mapping[str, object]) -> int | None:
    """The urge id an outbox payload refers to, or ``None`` for an alert digest.

    >>> urge_of_payload({"urge": 7}), urge_of_payload({"digest_id": "ab"})
    (7, None)
    """
    value = payload.get("urge")
    return int(value) if isinstance(value, int) else None

