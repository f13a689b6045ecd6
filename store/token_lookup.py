"""The live token of a request, read with one plain driver statement.

Every request that sends a bearer token is authenticated, so this is on the request
path: the token row and its unit's name come back in one ``SELECT`` executed straight
on the driver (no ORM object, no identity map, no second lookup for the unit).  The
bearer is parsed and the row judged by the very helpers :func:`store.tokens.authenticate`
uses, so both answer alike; the datetimes are converted by the columns' own SQLAlchemy
types, as the ORM converts them (SQLite keeps them as text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect
from sqlmodel import Session

from store.clock import utcnow
from store.tables import Unit
from store.tokens import ApiToken, bearer_id, is_live

_COLUMNS = ("id", "role", "unit_id", "jurisdiction_id", "token_hash", "expires_at",
            "revoked_at")
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
Convert = Callable[[Any], Any] | None
# per dialect name: the statement and the converters of expires_at and revoked_at
_plans: dict[str, tuple[str, Convert, Convert]] = {}


@dataclass(frozen=True, slots=True)
class LiveToken:
    """What a request needs of its token: who it is, what it may do, for which unit."""

    id: str
    role: str
    unit_id: int | None
    unit_name: str | None
    jurisdiction_id: int | None


def _plan(dialect: Dialect) -> tuple[str, Convert, Convert]:
    """The statement in the driver's own parameter style, and the datetime converters."""
    plan = _plans.get(dialect.name)
    if plan is None:
        mark = _PLACEHOLDERS.get(dialect.paramstyle)
        if mark is None:
            raise NotImplementedError(f"paramstyle {dialect.paramstyle!r}")
        token, unit = ApiToken.__tablename__, Unit.__tablename__
        listed = ", ".join(f"t.{name}" for name in _COLUMNS)
        sql = (f"SELECT {listed}, u.name FROM {token} AS t "
               f"LEFT JOIN {unit} AS u ON u.id = t.unit_id WHERE t.id = {mark}")
        columns = ApiToken.__table__.c  # type: ignore[attr-defined]
        plan = _plans[dialect.name] = (sql, *(
            columns[name].type.dialect_impl(dialect).result_processor(dialect, None)
            for name in ("expires_at", "revoked_at")))
    return plan


def live_token(*, session: Session, bearer: str | None,
               now: dt.datetime | None = None) -> LiveToken | None:
    """The live token matching a bearer string, with its unit's name, else ``None``.

    Parameters
    ----------
    session
        An open session (its connection runs the statement).
    bearer
        The clear token (with or without a leading ``Bearer ``).
    now
        The instant to judge expiry and revocation at; defaults to now.

    Returns
    -------
    LiveToken | None
        ``None`` when malformed, unknown, expired or revoked, exactly when
        :func:`store.tokens.authenticate` gives ``None``.
    """
    parsed = bearer_id(bearer)
    if parsed is None:
        return None
    clear, token_id = parsed
    connection = session.connection()
    sql, expires, revoked = _plan(connection.dialect)
    row = connection.exec_driver_sql(sql, (token_id,)).first()
    if row is None:
        return None
    (found, role, unit_id, jurisdiction_id, token_hash, expires_at, revoked_at,
     unit_name) = row
    if expires is not None:
        expires_at = expires(expires_at)
    if revoked is not None:
        revoked_at = revoked(revoked_at)
    if not is_live(clear=clear, token_hash=token_hash, revoked_at=revoked_at,
                   expires_at=expires_at, moment=now or utcnow()):
        return None
    return LiveToken(id=found, role=role, unit_id=unit_id, unit_name=unit_name,
                     jurisdiction_id=jurisdiction_id)
