"""The caller of one request, as far as its bearer token says, and the read rule.

A token that is malformed, unknown, expired or revoked gives an ``invalid`` principal,
refused on every operation (reads too) rather than silently downgraded to anonymous, so
a misconfigured client notices at once.  The clear token never leaves this module: only
its public id does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from store.audit import ANONYMOUS
from store.crud.jurisdictions import get_jurisdiction
from store.token_lookup import live_token

READ_ROLES = ("viewer", "reporter", "editor", "admin")
EDIT_ROLES = ("editor", "admin")


@dataclass(frozen=True)
class Principal:
    """The caller of one request, as far as its bearer token says."""

    token_id: str | None = None
    role: str | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    jurisdiction_id: int | None = None  # an editor's scope
    invalid: bool = False  # a token was sent but is malformed, unknown, expired or revoked

    @property
    def anonymous(self) -> bool:
        """True when no valid token came with the request."""
        return self.token_id is None

    @property
    def actor(self) -> str:
        """The id recorded in the audit trail: the token's public id, or ``anonymous``."""
        return self.token_id or ANONYMOUS


def bearer_of(headers: Any) -> str | None:
    """The clear token of an ``Authorization: Bearer …`` header, else ``None``.

    >>> bearer_of({"authorization": "Bearer pg_ab_cd"})
    'pg_ab_cd'
    >>> bearer_of({"authorization": "Basic eDp5"}) is None, bearer_of({}) is None
    (True, True)
    """
    value = (headers.get("authorization") or "").strip() if headers is not None else ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def read_principal(*, session: Session, headers: Any) -> Principal:
    """The principal of a request with these headers (one statement at most: the token
    row by primary key, joined with its unit's name).

    A header with another scheme (``Basic``) counts as no token; a ``Bearer`` header
    whose token does not authenticate gives an ``invalid`` principal.
    """
    raw = (headers.get("authorization") or "").strip() if headers is not None else ""
    clear = bearer_of(headers)
    if clear is None:
        return Principal(invalid=raw.lower().startswith("bearer"))
    token = live_token(session=session, bearer=clear)
    if token is None:
        return Principal(invalid=True)
    return Principal(token_id=token.id, role=token.role, unit_id=token.unit_id,
                     unit_name=token.unit_name, jurisdiction_id=token.jurisdiction_id)


def may_read(principal: Principal, *, anonymous_read: bool) -> str | None:
    """Why ``principal`` may not read (``invalid_token``, ``missing_token``), or ``None``.

    >>> may_read(Principal(), anonymous_read=True) is None, may_read(Principal(), anonymous_read=False)
    (True, 'missing_token')
    >>> may_read(Principal(invalid=True), anonymous_read=True)
    'invalid_token'
    """
    if principal.invalid:
        return "invalid_token"
    if principal.anonymous and not anonymous_read:
        return "missing_token"
    return None


def within_jurisdiction(*, session: Session, inner: int | None, outer: int | None) -> bool:
    """Whether jurisdiction ``inner`` is ``outer`` or lies inside it (parent links)."""
    seen: set[int] = set()
    while inner is not None and inner not in seen:
        if inner == outer:
            return True
        seen.add(inner)
        row = get_jurisdiction(session=session, id=inner)
        inner = row.parent_id if row is not None else None
    return False
