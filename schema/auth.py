"""How the API refuses: FORBIDDEN errors that are always audited or counted.

Who is asking (tokens, roles, the read rule) is :mod:`access`; this module turns its
answers into GraphQL errors.  Every refusal is a GraphQL error with
``extensions.code == "FORBIDDEN"`` and a ``reason`` (``missing_token``,
``invalid_token``, ``role``, ``not_owner``, ``jurisdiction``).  Refusals of a caller with
a live token (``role``, ``not_owner``, ``jurisdiction``) are written to the audit trail
with outcome ``forbidden``; failed authentication (``missing_token``,
``invalid_token``) is not, since anyone can send any number of bogus tokens: it is
logged on ``policygraph.auth`` and counted (:data:`access.failures.AUTH_FAILURES`).
A reporter reports for the obligations its unit owns (:func:`schema.progress.may_report`);
an editor curates and urges inside its jurisdiction (:func:`require_editor`).
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import ExecutionResult, GraphQLError
from sqlmodel import Session
from strawberry.types import ExecutionContext

from access.failures import AUTH_FAILURES
from access.principal import EDIT_ROLES, READ_ROLES, Principal, within_jurisdiction
from i18n import t
from store.audit import record_audit
from store.crud.jurisdictions import get_jurisdiction

_log = logging.getLogger("policygraph.auth")


def forbidden(message: str, reason: str) -> GraphQLError:
    """A FORBIDDEN error (``extensions.reason`` says which rule refused)."""
    return GraphQLError(message, extensions={"code": "FORBIDDEN", "reason": reason})


def refuse(*, session: Session, principal: Principal, action: str, target: str,
           message: str, reason: str) -> GraphQLError:
    """Audit a refusal (committed at once) and return the error to raise.

    The session's pending work is rolled back first: nothing of a refused operation is
    stored except the audit entry saying it was refused.
    """
    session.rollback()
    record_audit(session=session, action=action, target=target[:200], actor=principal.actor,
                 actor_unit=principal.unit_name, actor_role=principal.role,
                 new_value={"reason": reason}, outcome="forbidden")
    session.commit()
    return forbidden(message, reason)


def unauthenticated(*, session: Session, action: str, message: str,
                    reason: str) -> GraphQLError:
    """Log and count a failed authentication and return the error to raise; nothing is
    written to the database (a flood of bogus tokens must not grow the audit trail)."""
    session.rollback()
    AUTH_FAILURES.inc(reason)
    _log.warning("refused %s: %s", action[:64], reason)
    return forbidden(message, reason)


def require_role(*, session: Session, principal: Principal, action: str, target: str,
                 roles: tuple[str, ...]) -> Principal:
    """The principal, if it holds one of ``roles``; else raise FORBIDDEN (audited when
    the caller authenticated, counted when it did not)."""
    if principal.invalid:
        raise unauthenticated(session=session, action=action, reason="invalid_token",
                              message=t("error.auth.invalid_token"))
    if principal.anonymous:
        raise unauthenticated(session=session, action=action, reason="missing_token",
                              message=t("error.auth.missing_token", action=action,
                                        roles=", ".join(roles)))
    if principal.role not in roles:
        raise refuse(session=session, principal=principal, action=action, target=target,
                     reason="role",
                     message=t("error.auth.role", role=principal.role, action=action,
                               roles=", ".join(roles)))
    return principal


def require_editor(*, session: Session, principal: Principal, action: str, target: str,
                   jurisdiction_id: int | None) -> Principal:
    """The principal, if it may curate a document of ``jurisdiction_id``: admin always,
    an editor inside its own jurisdiction; else FORBIDDEN, audited (reason ``role`` or
    ``jurisdiction``)."""
    principal = require_role(session=session, principal=principal, action=action,
                             target=target, roles=EDIT_ROLES)
    if principal.role == "admin" or within_jurisdiction(
            session=session, inner=jurisdiction_id, outer=principal.jurisdiction_id):
        return principal
    scope = get_jurisdiction(session=session, id=principal.jurisdiction_id) if principal.jurisdiction_id else None
    raise refuse(session=session, principal=principal, action=action, target=target,
                 reason="jurisdiction",
                 message=t("error.auth.jurisdiction", action=action,
                           jurisdiction=scope.full_name if scope else "-"))


def unreadable(principal: Principal | None, settings: Any) -> bool:
    """Whether an operation by ``principal`` is refused before it runs: a bad token, or
    an anonymous caller when ``settings`` turn anonymous reads off.

    >>> from types import SimpleNamespace as Caller
    >>> on, off = Caller(anonymous_read=True), Caller(anonymous_read=False)
    >>> anonymous = Caller(anonymous=True, invalid=False)
    >>> unreadable(anonymous, on), unreadable(anonymous, off)
    (False, True)
    >>> unreadable(Caller(anonymous=False, invalid=True), on), unreadable(None, off)
    (True, False)
    """
    if principal is None or settings is None:
        return False
    return principal.invalid or (principal.anonymous and not settings.anonymous_read)


def refuse_unreadable(execution: ExecutionContext) -> None:
    """Refuse an operation before it runs: a bad token, or an anonymous read when
    anonymous reads are off (the refusal is set as the operation's result, so strawberry
    skips executing).  Per-field rules (mutations, the audit trail) live in the
    resolvers; :class:`schema.guards.OperationGuards` calls this before execution."""
    context = execution.context
    principal: Principal | None = getattr(context, "principal", None)
    if unreadable(principal, getattr(context, "settings", None)):
        assert principal is not None  # unreadable says so
        operation = execution.operation_type.value
        name = execution.operation_name or operation
        try:
            require_role(session=context.session, principal=principal,
                         action=operation, target=f"graphql:{name}", roles=READ_ROLES)
        except GraphQLError as error:
            # A result set before execution makes strawberry skip executing.
            execution.result = ExecutionResult(data=None, errors=[error])
