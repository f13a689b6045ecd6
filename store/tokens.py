"""API tokens: created once in clear, stored only as a SHA-256 hash.

A clear token looks like ``pg_<id>_<secret>``; the id part lets ``authenticate`` find
the row with one indexed lookup, then the hashes are compared in constant time.  The
hash of a 256-bit random secret needs no salt or slow KDF: it cannot be guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence

from sqlmodel import Field, Session, SQLModel, col, select

from store.clock import utcnow


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

PREFIX = "pg_"
ROLES = ("reporter", "viewer", "editor", "admin")


class TokenNotFound(LookupError):
    """No token has this id."""


def hash_token(clear: str) -> str:
    """The hex SHA-256 of a clear token, the only form ever stored.

    >>> len(hash_token("pg_x")), hash_token("pg_x") == hash_token("pg_x"), hash_token("pg_x") == hash_token("pg_y")
    (64, True, False)
    """
    return hashlib.sha256(clear.encode("utf-8")).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive UTC; treat naive as UTC so comparisons never raise.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def create_token(
    *,
    session: Session,
    unit_id: int | None,
    role: str,
    expires_at: dt.datetime | None = None,
    jurisdiction_id: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; the clear text is returned this once and never stored.

    Parameters
    ----------
    session
        An open session (the caller commits).
    unit_id
        The unit the token reports for; required for ``reporter``.
    role
        ``reporter``, ``viewer``, ``editor`` or ``admin``.
    expires_at
        When it stops working; ``None`` for never.
    jurisdiction_id
        The jurisdiction an ``editor`` curates (it and those inside it); required for
        ``editor``.

    Returns
    -------
    tuple[ApiToken, str]
        The stored row and the clear token to hand to the user.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role == "reporter" and unit_id is None:
        raise ValueError("a reporter token needs a unit")
    if role == "editor" and jurisdiction_id is None:
        raise ValueError("an editor token needs a jurisdiction")
    token_id = secrets.token_hex(6)
    clear = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        id=token_id,
        unit_id=unit_id,
        role=role,
        jurisdiction_id=jurisdiction_id if role == "editor" else None,
        token_hash=hash_token(clear),
        expires_at=_aware(expires_at) if expires_at else None,
    )
    session.add(token)
    session.flush()
    return token, clear


def authenticate(
    *, session: Session, bearer: str | None, now: dt.datetime | None = None
) -> ApiToken | None:
    """The live token matching a bearer string, else ``None``.

    Parameters
    ----------
    session
        An open session.
    bearer
        The clear token (with or without a leading ``Bearer ``).
    now
        The instant to judge expiry at; defaults to now.

    Returns
    -------
    ApiToken | None
        ``None`` when malformed, unknown, expired or revoked.
    """
    if not bearer:
        return None
    clear = bearer.removeprefix("Bearer ").strip()
    if not clear.startswith(PREFIX):
        return None
    token_id, sep, _secret = clear[len(PREFIX) :].partition("_")
    if not sep or not token_id:
        return None
    token = session.get(ApiToken, token_id)
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(clear)):
        return None
    moment = now or utcnow()
    if token.revoked_at is not None and _aware(token.revoked_at) <= moment:
        return None
    if token.expires_at is not None and _aware(token.expires_at) <= moment:
        return None
    return token


def list_tokens(*, session: Session, include_revoked: bool = True) -> Sequence[ApiToken]:
    """All tokens, oldest first (hashes only, never clear text)."""
    query = select(ApiToken).order_by(col(ApiToken.created_at), col(ApiToken.id))
    if not include_revoked:
        query = query.where(col(ApiToken.revoked_at).is_(None))
    return session.exec(query).all()


def revoke_token(*, session: Session, token_id: str, now: dt.datetime | None = None) -> ApiToken:
    """Revoke a token from now on; revoking twice keeps the first time.

    Raises
    ------
    TokenNotFound
        No token has this id.
    """
    token = session.get(ApiToken, token_id)
    if token is None:
        raise TokenNotFound(f"no token with id {token_id!r}")
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        session.add(token)
        session.flush()
    return token
