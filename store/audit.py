"""The audit trail: every change and every refusal, with the value before and after."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Index, Text, func
from sqlmodel import Field, Session, SQLModel, col, select

from store.clock import utcnow
from store.keyset import keyset_page
from store.notify import announce


class AuditEntry(SQLModel, table=True):
    """Who did what to which target, with the value before and after, and the outcome."""

    __tablename__ = "audit_entry"
    # The trail is read a page at a time, newest first, by (at, id): all of it, or one
    # action's or one actor's (many rows each; a target has few).
    __table_args__ = (Index("ix_audit_entry_at_id", "at", "id"),
                      Index("ix_audit_entry_action_at_id", "action", "at", "id"),
                      Index("ix_audit_entry_actor_at_id", "actor", "at", "id"))
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(default="anonymous", max_length=64)  # token id or anonymous
    actor_unit: str | None = Field(default=None, max_length=200)
    actor_role: str | None = Field(default=None, max_length=16)
    at: dt.datetime = Field(default_factory=utcnow)
    action: str = Field(max_length=64)
    target: str = Field(default="", max_length=200, index=True)
    previous_value: str | None = Field(default=None, sa_type=Text)  # JSON
    new_value: str | None = Field(default=None, sa_type=Text)  # JSON
    outcome: str = Field(default="ok", max_length=16)  # ok / forbidden

ANONYMOUS = "anonymous"
#: ``ok``: done; ``forbidden``: the caller may not; ``refused``: the input was refused
#: (bad sheet rows, a report needing confirmation); ``failed``: the write failed
#: (a concurrent change).
OUTCOMES = ("ok", "forbidden", "refused", "failed")


def to_json(value: Any) -> str | None:
    """Serialise an audited value; ``None`` stays ``None``, dates become ISO strings.

    >>> to_json({"done": True, "on": dt.date(2019, 1, 2)})
    '{"done": true, "on": "2019-01-02"}'
    """
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot audit a value of type {type(value).__name__}")


def record_audit(
    *,
    session: Session,
    action: str,
    target: str,
    actor: str = ANONYMOUS,
    actor_unit: str | None = None,
    actor_role: str | None = None,
    previous_value: Any = None,
    new_value: Any = None,
    outcome: str = "ok",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Add one audit entry to the session (committed with the caller's transaction).

    Parameters
    ----------
    session
        The open session; the entry is flushed, not committed, so it lands or
        rolls back together with the change it describes.
    action
        What was attempted: ``report_progress``, ``retract_report``, ``token_create`` …
    target
        What it was done to: an obligation id, ``report:12``, ``token:ab12…``.
    actor, actor_unit, actor_role
        The token id (or ``"anonymous"``), its unit name and role.
    previous_value, new_value
        JSON-serialisable values before and after the change.
    outcome
        One of :data:`OUTCOMES`.
    at
        When; defaults to now (UTC).

    Returns
    -------
    AuditEntry
        The flushed row, with its id.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    entry = AuditEntry(
        actor=actor,
        actor_unit=actor_unit,
        actor_role=actor_role,
        at=at or utcnow(),
        action=action,
        target=target,
        previous_value=to_json(previous_value),
        new_value=to_json(new_value),
        outcome=outcome,
    )
    session.add(entry)
    session.flush()
    # subscribers of every server process hear of it when (and only if) this commits
    announce(session=session, kind="audit", id=entry.id or 0)
    return entry


def list_audit(
    *,
    session: Session,
    target: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
    since: dt.datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[AuditEntry]:
    """Audit entries, newest first, optionally filtered.

    Parameters
    ----------
    session
        An open session.
    target, actor, action, outcome
        Exact-match filters; ``None`` means any.
    since
        Only entries at or after this instant.
    limit, offset
        Paging.

    Returns
    -------
    Sequence[AuditEntry]
        Ordered by time then id, descending.
    """
    query = _audit_filtered(select(AuditEntry), target=target, actor=actor, action=action,
                            outcome=outcome)
    if since is not None:
        query = query.where(col(AuditEntry.at) >= since)
    query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    return session.exec(query.offset(offset).limit(limit)).all()


def page_audit(*, session: Session, target: str | None = None, actor: str | None = None,
               action: str | None = None, outcome: str | None = None,
               after: tuple[dt.datetime, int] | None = None,
               before: tuple[dt.datetime, int] | None = None, limit: int = 100,
               backwards: bool = False) -> Sequence[AuditEntry]:
    """A page of the audit trail, newest first, read by its ``(at, id)`` key.

    Parameters
    ----------
    session
        An open session.
    target, actor, action, outcome
        Exact-match filters; ``None`` means any.
    after, before
        The ``(at, id)`` of entries the page starts after / ends before (in the trail's
        order, newest first: ``after`` an entry are older ones).
    limit
        How many entries, at most :data:`store.keyset.MAX_KEYSET_ROWS`.
    backwards
        The entries nearest ``before`` (or the oldest) first.

    Returns
    -------
    Sequence[AuditEntry]
        Read through the index on ``(at, id)``.
    """
    query = _audit_filtered(select(AuditEntry), target=target, actor=actor, action=action,
                            outcome=outcome)
    return session.exec(keyset_page(query, [col(AuditEntry.at), col(AuditEntry.id)],
                                    after=after, before=before, limit=limit,
                                    descending=True, backwards=backwards)).all()


def _audit_filtered(query: Any, **filters: str | None) -> Any:
    for name, value in filters.items():
        if value is not None:
            query = query.where(getattr(AuditEntry, name) == value)
    return query


def count_audit(*, session: Session, target: str | None = None, actor: str | None = None,
                action: str | None = None, outcome: str | None = None) -> int:
    """How many audit entries match the exact-match filters (``None`` means any).

    Parameters
    ----------
    session
        An open session.
    target, actor, action, outcome
        The filters of :func:`list_audit`.

    Returns
    -------
    int
    """
    query = _audit_filtered(select(func.count(col(AuditEntry.id))), target=target,
                            actor=actor, action=action, outcome=outcome)
    return int(session.exec(query).one())


def newest_audit_id(*, session: Session) -> int:
    """The id of the newest audit entry, 0 when there is none (it moves with every write)."""
    return int(session.exec(select(func.max(col(AuditEntry.id)))).one() or 0)


#: Most audit entries :func:`audit_entries_after` returns at once.
MAX_ENTRIES_AFTER = 500


def audit_entries_after(*, session: Session, after_id: int,
                        limit: int = MAX_ENTRIES_AFTER) -> Sequence[AuditEntry]:
    """The audit entries newer than ``after_id``, oldest first, at most ``limit``
    (capped at :data:`MAX_ENTRIES_AFTER`; ask again from the last id for more)."""
    query = (select(AuditEntry).where(col(AuditEntry.id) > after_id)
             .order_by(col(AuditEntry.id)).limit(max(1, min(limit, MAX_ENTRIES_AFTER))))
    return session.exec(query).all()
