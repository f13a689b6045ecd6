"""The audit trail in GraphQL: who did what to which target, before and after.

Readable by ``admin`` and ``viewer`` tokens (a viewer is a supervising office: it reads
everything, changes nothing).  Reporters and anonymous callers are refused, and the
refusal is itself audited.  Actors are token ids, never tokens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, overload

import strawberry
from sqlmodel import Session
from strawberry.types import Info

from schema.auth import require_role
from schema.context import ctx
from schema.vocabulary import AuditAction, AuditOutcome, TokenRole, member, optional
from store.audit import AuditEntry, count_audit, list_audit

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


class AuditPage(Sequence[AuditEntryType]):
    """The filtered audit trail as a sequence that reads only the slice asked for
    (``LIMIT``/``OFFSET``) and counts in the database: what the connection pages."""

    def __init__(self, session: Session, *, target: str | None, actor: str | None,
                 action: str | None, outcome: str | None) -> None:
        self.session = session
        self.target, self.actor, self.action, self.outcome = target, actor, action, outcome
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = count_audit(session=self.session, target=self.target,
                                      actor=self.actor, action=self.action,
                                      outcome=self.outcome)
        return self._count

    @overload
    def __getitem__(self, index: int) -> AuditEntryType: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[AuditEntryType]: ...

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            page = self[index:index + 1]
            if not page:
                raise IndexError(index)
            return page[0]
        start, stop = index.start or 0, index.stop
        limit = len(self) - start if stop is None else max(0, stop - start)
        rows = list_audit(session=self.session, target=self.target, actor=self.actor,
                          action=self.action, outcome=self.outcome, limit=limit, offset=start)
        return [AuditEntryType.from_row(r) for r in rows]


def audit_trail(info: Info, *, target: str | None, actor: str | None, action: str | None,
                outcome: str | None) -> AuditPage:
    """The audit trail, newest first, for a Relay connection to page.

    Parameters
    ----------
    info
        The resolver's info (session, principal).
    target, actor, action, outcome
        Exact-match filters; ``None`` means any.

    Returns
    -------
    AuditPage
        Paged in the database (``LIMIT``/``OFFSET``), with the filtered count as its length.

    Raises
    ------
    graphql.GraphQLError
        FORBIDDEN (audited) for callers without an admin or viewer token.
    """
    context = ctx(info)
    require_role(session=context.session, principal=context.principal, action="audit_trail",
                 target=target or "*", roles=AUDIT_ROLES)
    return AuditPage(context.session, target=target, actor=actor, action=action,
                     outcome=outcome)
