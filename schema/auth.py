"""Who is asking: bearer tokens, roles, and refusals that are always audited.

A request carries ``Authorization: Bearer pg_<id>_<secret>`` (tokens come from
``policygraph token create``; only their SHA-256 is stored).  Roles:

========  ==================================================================
viewer    reads everything, including the audit trail
reporter  reads; reports progress for the obligations its unit owns, and, for a
          unit of a member county's jurisdiction (泰顺县人民政府), that county's own
          share of the pairing collective's obligations, never another county's
          (:func:`schema.progress.may_report`, :func:`schema.progress.county_of`)
editor    reads; corrects the extracted breakdown of the documents of its
          jurisdiction and of the jurisdictions inside it, and reverts corrections
          there (:func:`require_editor`); urges (催办) the units of those
          jurisdictions (:mod:`schema.urge_mutation`)
admin     everything, for any unit
========  ==================================================================

Anonymous requests may read when :attr:`settings.Settings.anonymous_read` is on
(the default, off when ``POLICYGRAPH_ENV=production``) and may never write.

Every refusal is a GraphQL error with ``extensions.code == "FORBIDDEN"`` and a
``reason`` (``missing_token``, ``invalid_token``, ``role``, ``not_owner``,
``jurisdiction``).  Refusals of a
caller with a live token (``role``, ``not_owner``, ``jurisdiction``) are written to the audit trail with
outcome ``forbidden``; failed authentication (``missing_token``, ``invalid_token``) is
not, since anyone can send any number of bogus tokens: it is logged on
``policygraph.auth`` and counted (``policygraph_auth_failures_total`` on ``/metrics``).
The same rule guards every HTTP route that shows data (:func:`request_may_read`).
A token that is malformed, unknown, expired or revoked
is refused on every operation (reads too) rather than silently downgraded to anonymous,
so a misconfigured client notices at once.  The clear token never appears in an error,
a log line or the audit trail: only its public id does.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, GraphQLError
from prometheus_client import Counter as PrometheusCounter
from sqlmodel import Session
from strawberry.extensions import SchemaExtension

from i18n import t
from store.audit import ANONYMOUS, record_audit
from store.crud.jurisdictions import get_jurisdiction
from store.crud.units import get_unit
from store.tokens import authenticate

READ_ROLES = ("viewer", "reporter", "editor", "admin")
EDIT_ROLES = ("editor", "admin")
_log = logging.getLogger("policygraph.auth")


class FailureCounter:
    """Failed authentications by reason (thread-safe): per process in :meth:`snapshot`,
    and in :attr:`counter`, a prometheus-client counter that several server processes
    sum on ``/metrics`` (``observability.metrics.Metrics.count_process``)."""

    REASONS = ("invalid_token", "missing_token")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self.counter = PrometheusCounter(
            "policygraph_auth_failures",
            "Requests refused for a missing or bad token (not audited).", ["reason"],
            registry=None)
        for reason in self.REASONS:  # both reasons on the page from the start, at 0
            self.counter.labels(reason)

    def inc(self, reason: str) -> None:
        """Count one failure."""
        with self._lock:
            self._counts[reason] += 1
        self.counter.labels(reason).inc()

    def snapshot(self) -> dict[str, int]:
        """This process's counts so far, both reasons always present."""
        with self._lock:
            return {"invalid_token": 0, "missing_token": 0, **self._counts}


AUTH_FAILURES = FailureCounter()


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
    """The principal of a request with these headers (one primary-key lookup at most).

    A header with another scheme (``Basic``) counts as no token; a ``Bearer`` header
    whose token does not authenticate gives an ``invalid`` principal.
    """
    raw = (headers.get("authorization") or "").strip() if headers is not None else ""
    clear = bearer_of(headers)
    if clear is None:
        return Principal(invalid=raw.lower().startswith("bearer"))
    token = authenticate(session=session, bearer=clear)
    if token is None:
        return Principal(invalid=True)
    unit = get_unit(session=session, id=token.unit_id) if token.unit_id is not None else None
    return Principal(token_id=token.id, role=token.role, unit_id=token.unit_id,
                     unit_name=unit.name if unit else None,
                     jurisdiction_id=token.jurisdiction_id)


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


class AccessControl(SchemaExtension):
    """Refuse an operation before it runs: a bad token, or an anonymous read when
    anonymous reads are off.  Per-field rules (mutations, the audit trail) live in the
    resolvers."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        principal: Principal | None = getattr(context, "principal", None)
        settings = getattr(context, "settings", None)
        if principal is not None and settings is not None:
            anonymous_refused = principal.anonymous and not settings.anonymous_read
            if principal.invalid or anonymous_refused:
                operation = self.execution_context.operation_type.value
                name = self.execution_context.operation_name or operation
                try:
                    require_role(session=context.session, principal=principal,
                                 action=operation, target=f"graphql:{name}", roles=READ_ROLES)
                except GraphQLError as error:
                    # A result set before execution makes strawberry skip executing.
                    self.execution_context.result = ExecutionResult(data=None, errors=[error])
        yield


def websocket_principal(*, session: Session, connection_params: Any,
                        query_params: Any) -> Principal:
    """The caller of a websocket (live updates): the token of the ``connection_init``
    payload (``{"Authorization": "Bearer …"}``, any case of the key) or, for browsers,
    ``?access_token=`` on the URL; failures are counted like the API's.

    Whether it may then subscribe is :func:`may_read`'s answer, the queries' rule.
    """
    params = connection_params if isinstance(connection_params, dict) else {}
    value = next((v for k, v in params.items() if str(k).lower() == "authorization"), None)
    headers: dict[str, str] = {"authorization": str(value)} if value is not None else {}
    token = query_params.get("access_token") if query_params is not None else None
    if not headers and token:
        headers = {"authorization": f"Bearer {token}"}
    principal = read_principal(session=session, headers=headers)
    if principal.invalid:
        AUTH_FAILURES.inc("invalid_token")
    return principal


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


def request_may_read(request: Any) -> bool:
    """The read rule of every HTTP route that shows data (widgets, exports, feeds,
    ``/metrics``), the same as GraphQL's: a bad token is refused, an anonymous caller
    reads only when ``settings.anonymous_read`` is on, a token reads with any role.

    The token comes as ``Authorization: Bearer …`` or, for iframes and calendar
    subscriptions that cannot send headers, as ``?access_token=…``.  Failures are
    counted like GraphQL's.
    """
    from sqlmodel import Session as DbSession

    headers: Any = request.headers
    query_token = request.query_params.get("access_token")
    if bearer_of(headers) is None and query_token:
        headers = {"authorization": f"Bearer {query_token}"}
    state = request.app.state
    settings = getattr(state, "settings", None)
    with DbSession(state.holder.engine) as session:
        principal = read_principal(session=session, headers=headers)
    if principal.invalid:
        AUTH_FAILURES.inc("invalid_token")
        return False
    if principal.anonymous:
        allowed = bool(getattr(settings, "anonymous_read", True))
        if not allowed:
            AUTH_FAILURES.inc("missing_token")
        return allowed
    return principal.role in READ_ROLES
