"""Rate-limit counters shared by every server process on one database.

Each row is one counter of the ``limits`` library (a client's requests in one window
of one limit, its key like ``LIMITER/ip/10.0.0.7/600/1/minute/29123456``) with the
moment it expires (seconds since the epoch, as ``time.time()`` gives them).  The
increment is one atomic ``INSERT … ON CONFLICT (key) DO UPDATE … RETURNING``: two
processes counting the same client at the same instant both see their own hit, and
a counter past its expiry starts again from the amount added.  Expired rows are
deleted in bounded batches by :func:`delete_expired` (the storage calls it at most
once a minute), so the table holds about one row per active client and limit window.

:mod:`hardening.limit_storage` adapts these functions to ``limits.storage.Storage``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, col

#: Rows deleted by one :func:`delete_expired` call at most.
CLEANUP_BATCH = 1000
MAX_KEY_CHARS = 255


class RateLimitCounter(SQLModel, table=True):
    """One ``limits`` counter: its key, its count, when it expires."""

    __tablename__ = "rate_limit_counter"
    key: str = Field(primary_key=True, max_length=MAX_KEY_CHARS)
    count: int = 0
    expires_at: float = Field(index=True)  # seconds since the epoch


_TABLE = RateLimitCounter.__table__  # type: ignore[attr-defined]


def increment(*, session: Session, key: str, amount: int, expiry: float, now: float) -> int:
    """Add ``amount`` to ``key``'s counter and return its new value; a missing or
    expired counter starts at ``amount`` and expires ``expiry`` seconds from ``now``.

    The caller commits.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_TABLE).values(key=key[:MAX_KEY_CHARS], count=amount,
                                       expires_at=now + expiry)
    expired = _TABLE.c.expires_at <= now
    upsert = statement.on_conflict_do_update(
        index_elements=[_TABLE.c.key],
        set_={"count": case((expired, statement.excluded.count),
                            else_=_TABLE.c.count + statement.excluded.count),
              "expires_at": case((expired, statement.excluded.expires_at),
                                 else_=_TABLE.c.expires_at)},
    ).returning(_TABLE.c.count)
    return int(session.execute(upsert).scalar_one())


def decrement(*, session: Session, key: str, amount: int, now: float) -> None:
    """Take ``amount`` back from ``key``'s live counter (never below 0).  The caller
    commits."""
    session.execute(update(_TABLE)
                    .where(_TABLE.c.key == key[:MAX_KEY_CHARS], _TABLE.c.expires_at > now)
                    .values(count=case((_TABLE.c.count > amount, _TABLE.c.count - amount),
                                       else_=0)))


def live_counts(*, session: Session, keys: Iterable[str], now: float) -> dict[str, tuple[int, float]]:
    """``{key: (count, expires_at)}`` of the counters among ``keys`` not yet expired."""
    wanted = [key[:MAX_KEY_CHARS] for key in keys]
    rows = session.execute(select(_TABLE.c.key, _TABLE.c.count, _TABLE.c.expires_at)
                           .where(col(_TABLE.c.key).in_(wanted), _TABLE.c.expires_at > now))
    return {key: (int(count), float(expires)) for key, count, expires in rows}


def clear(*, session: Session, keys: Iterable[str] | None = None) -> int:
    """Delete the counters ``keys`` (every counter when ``None``); how many went.
    The caller commits."""
    statement = delete(_TABLE)
    if keys is not None:
        statement = statement.where(col(_TABLE.c.key).in_([k[:MAX_KEY_CHARS] for k in keys]))
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


def delete_expired(*, session: Session, now: float, limit: int = CLEANUP_BATCH) -> int:
    """Delete at most ``limit`` counters that expired before ``now``; how many went.
    The caller commits."""
    oldest = (select(_TABLE.c.key).where(_TABLE.c.expires_at <= now)
              .order_by(_TABLE.c.expires_at).limit(limit))
    statement = delete(_TABLE).where(col(_TABLE.c.key).in_(oldest))
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
