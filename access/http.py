"""The read rule of HTTP routes and the caller of a websocket, the same as the API's.

Every route that shows data (widgets, exports, feeds, review pages, ``/metrics``) asks
:func:`request_may_read`; live updates ask :func:`websocket_principal` and then
:func:`access.principal.may_read`.  Failures are counted like the API's
(:data:`access.failures.AUTH_FAILURES`).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from access.failures import AUTH_FAILURES
from access.principal import READ_ROLES, Principal, bearer_of, read_principal


def request_may_read(request: Any) -> bool:
    """Whether this HTTP request may read: a bad token is refused, an anonymous caller
    reads only when ``settings.anonymous_read`` is on, a token reads with any role.

    The token comes as ``Authorization: Bearer …`` or, for iframes and calendar
    subscriptions that cannot send headers, as ``?access_token=…``.
    """
    headers: Any = request.headers
    query_token = request.query_params.get("access_token")
    if bearer_of(headers) is None and query_token:
        headers = {"authorization": f"Bearer {query_token}"}
    state = request.app.state
    settings = getattr(state, "settings", None)
    with Session(state.holder.engine) as session:
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


def websocket_principal(*, session: Session, connection_params: Any,
                        query_params: Any) -> Principal:
    """The caller of a websocket (live updates): the token of the ``connection_init``
    payload (``{"Authorization": "Bearer …"}``, any case of the key) or, for browsers,
    ``?access_token=`` on the URL; failures are counted like the API's.
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
