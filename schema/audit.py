"""The audit trail in GraphQL: who did what to which target, before and after.

Readable by ``admin`` and ``viewer`` tokens (a viewer is a supervising office: it reads
everything, changes nothing).  Reporters and anonymous callers are refused, and the
refusal is itself audited.  Actors are token ids, never tokens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import strawberry
from sqlmodel import Session
from strawberry.types import Info

from schema.auth import require_role
from schema.context import ctx
from schema.cursors import Key
from schema.vocabulary import AuditAction, AuditOutcome, TokenRole, member, optional
from store.audit import AuditEntry, count_audit, page_audit

AUDIT_ROLES = ("admin", "viewer")


@strawberry.type(name="AuditEntry", description="One change or refusal, with the values "
                                                "before and after (JSON).")
class AuditEntryType:
    id: int
    at: dt.datetime
    actor: str = strawberry.field(description="The token id, or `anonymous`")
    actor_unit: str | None
    actor_role: TokenRole | None
    action: AuditAction
    target: str = strawberry.field(description="An obligation id, report:12, a sheet name …")
    previous_value: str | None
    new_value: str | None
    outcome: AuditOutcome

    @classmethod
    def from_row(cls, row: AuditEntry) -> AuditEntryType:
        """The GraphQL view of a stored audit entry."""
        return cls(id=row.id or 0, at=row.at, actor=row.actor, actor_unit=row.actor_unit,
                   actor_role=optional(TokenRole, row.actor_role),
                   action=member(AuditAction, row.action, AuditAction.OTHER),
                   target=row.target, previous_value=row.previous_value,
                   new_value=row.new_value, outcome=member(AuditOutcome, row.outcome))


class AuditPages:
    """The filtered audit trail, newest first, read a page at a time by its ``(at, id)``
    key (:func:`schema.keyed_pages.keyed_page`); counted in the database when asked."""

    cursor_name = "auditTrail"
    key_types: tuple[type, ...] = (dt.datetime, int)

    def __init__(self, session: Session, *, target: str | None, actor: str | None,
                 action: str | None, outcome: str | None) -> None:
        self.session = session
        self.filters = {"target": target, "actor": actor, "action": action,
                        "outcome": outcome}

    def read(self, *, after: Key | None, before: Key | None, limit: int,
             backwards: bool) -> Sequence[AuditEntry]:
        """The entries between the keys, newest first (``backwards``: oldest first)."""
        return page_audit(session=self.session, after=after,
                          before=before, limit=limit,
                          backwards=backwards, **self.filters)

    def key(self, row: AuditEntry) -> Key:
        """(at, id)."""
        return (row.at, row.id or 0)

    def total(self) -> int:
        """How many entries match the filters."""
        return count_audit(session=self.session, **self.filters)

    def build(self, rows: Sequence[AuditEntry]) -> list[AuditEntryType]:
        """The GraphQL entries."""
        return [AuditEntryType.from_row(r) for r in rows]


def audit_trail(info: Info, *, target: str | None, actor: str | None, action: str | None,
                outcome: str | None) -> AuditPages:
    """The audit trail, newest first, for a Relay connection to page.

    Parameters
    ----------
    info
        The resolver's info (session, principal).
    target, actor, action, outcome
        Exact-match filters; ``None`` means any.

    Returns
    -------
    AuditPages
        Read a page at a time by key; counted in the database only when asked.

    Raises
    ------
    graphql.GraphQLError
        FORBIDDEN (audited) for callers without an admin or viewer token.
    """
    context = ctx(info)
    require_role(session=context.session, principal=context.principal, action="audit_trail",
                 target=target or "*", roles=AUDIT_ROLES)
    return AuditPages(context.session, target=target, actor=actor, action=action,
                     outcome=outcome)
