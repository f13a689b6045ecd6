"""The audit trail in GraphQL: who did what to which target, before and after.

Readable by ``admin`` and ``viewer`` tokens (a viewer is a supervising office: it reads
everything, changes nothing).  Reporters and anonymous callers are refused, and the
refusal is itself audited.  Actors are token ids, never tokens.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from i18n import t
from schema.auth import require_role
from schema.connection import Connection, Edge, PageInfo, decode_cursor, encode_cursor
from schema.context import ctx
from schema.errors import bad_input
from store.audit import AuditEntry, count_audit, list_audit

AUDIT_ROLES = ("admin", "viewer")


@strawberry.type(name="AuditEntry", description="One change or refusal, with the values "
                                                "before and after (JSON).")
class AuditEntryType:
    id: int
    at: dt.datetime
    actor: str = strawberry.field(description="The token id, or `anonymous`")
    actor_unit: str | None
    actor_role: str | None
    action: str
    target: str = strawberry.field(description="An obligation id, report:12, a sheet name …")
    previous_value: str | None
    new_value: str | None
    outcome: str = strawberry.field(description="ok, forbidden (the caller may not), refused "
                                                "(the input was refused: bad sheet rows, a "
                                                "report needing confirmation) or failed (a "
                                                "concurrent change)")

    @classmethod
    def from_row(cls, row: AuditEntry) -> AuditEntryType:
        """The GraphQL view of a stored audit entry."""
        return cls(id=row.id or 0, at=row.at, actor=row.actor, actor_unit=row.actor_unit,
                   actor_role=row.actor_role, action=row.action, target=row.target,
                   previous_value=row.previous_value, new_value=row.new_value,
                   outcome=row.outcome)


def audit_trail(info: Info, *, target: str | None, actor: str | None, action: str | None,
                outcome: str | None, first: int | None, after: str | None
                ) -> Connection[AuditEntryType]:
    """A page of the audit trail, newest first, as a Relay connection.

    Parameters
    ----------
    info
        The resolver's info (session, principal).
    target, actor, action, outcome
        Exact-match filters; ``None`` means any.
    first, after
        Page size (capped by ``max_page_size``) and the cursor to continue after.

    Returns
    -------
    Connection[AuditEntryType]
        Paged in the database (``LIMIT``/``OFFSET``), with the filtered ``totalCount``.

    Raises
    ------
    graphql.GraphQLError
        FORBIDDEN (audited) for callers without an admin or viewer token.
    """
    context = ctx(info)
    require_role(session=context.session, principal=context.principal, action="audit_trail",
                 target=target or "*", roles=AUDIT_ROLES)
    if first is not None and first < 0:
        raise bad_input(t("error.first_negative"), argument="first")
    start = decode_cursor(after) + 1 if after else 0
    size = min(first if first is not None else context.settings.max_page_size,
               context.settings.max_page_size)
    total = count_audit(session=context.session, target=target, actor=actor, action=action,
                        outcome=outcome)
    rows = list_audit(session=context.session, target=target, actor=actor, action=action,
                      outcome=outcome, limit=size, offset=start)
    edges = [Edge(node=AuditEntryType.from_row(r), cursor=encode_cursor(start + i))
             for i, r in enumerate(rows)]
    page = PageInfo(has_next_page=start + len(rows) < total, has_previous_page=start > 0,
                    start_cursor=edges[0].cursor if edges else None,
                    end_cursor=edges[-1].cursor if edges else None)
    return Connection(total_count=total, edges=edges, page_info=page)
