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


def aware(moment: dt.datetime) -> dt.datetime:
    """``moment``, a naive one taken as UTC: every stored timestamp is UTC and SQLite
    hands them back naive, so comparisons with an aware instant never raise.

    >>> aware(dt.datetime(2019, 1, 1)).tzinfo is dt.UTC
    True
    """
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def bearer_id(bearer: str | None) -> tuple[str, str] | None:
    """``(clear token, public id)`` of a bearer string, ``None`` when malformed.

    >>> bearer_id("Bearer pg_ab12_s3cret"), bearer_id("pg_ab12"), bearer_id("xx_ab12_s")
    (('pg_ab12_s3cret', 'ab12'), None, None)
    """
    if not bearer:
        return None
    clear = bearer.removeprefix("Bearer ").strip()
    if not clear.startswith(PREFIX):
        return None
    token_id, sep, _secret = clear[len(PREFIX) :].partition("_")
    if not sep or not token_id:
        return None
    return clear, token_id


def is_live(*, clear: str, token_hash: str, revoked_at: dt.datetime | None,
            expires_at: dt.datetime | None, moment: dt.datetime) -> bool:
    """Whether a stored token (its hash, revocation and expiry) matches ``clear`` and
    still works at ``moment``; the hashes are compared in constant time."""
    if not hmac.compare_digest(token_hash, hash_token(clear)):
        return False
    if revoked_at is not None and aware(revoked_at) <= moment:
        return False
    return expires_at is None or aware(expires_at) > moment


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
        expires_at=aware(expires_at) if expires_at else None,
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
    parsed = bearer_id(bearer)
    if parsed is None:
        return None
    clear, token_id = parsed
    token = session.get(ApiToken, token_id)
    if token is None or not is_live(clear=clear, token_hash=token.token_hash,
                                    revoked_at=token.revoked_at, expires_at=token.expires_at,
                                    moment=now or utcnow()):
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
