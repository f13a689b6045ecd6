"""The websocket side of ``/graphql`` (graphql-transport-ws), hardened like the HTTP side.

Queries and mutations are refused over the websocket: over HTTP they run on the
operation workers with a time budget (:mod:`hardening.view`), over a websocket they
would run on the event loop with neither.  A refused connection is closed with code
4403 and a reason saying why (strawberry's own says only "Forbidden").

Use them on the view::

    class PolicyGraphQL(...):
        graphql_transport_ws_handler_class = SubscriptionsOnlyHandler
        websocket_adapter_class = ReasonedWebSocketAdapter
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)

from i18n import t

#: graphql-transport-ws close code of a refused connection (strawberry's).
FORBIDDEN_CLOSE = 4403
#: A websocket close reason may hold at most this many bytes (RFC 6455).
MAX_REASON_BYTES = 123
#: The error code of a query or mutation sent over the websocket.
SUBSCRIPTIONS_ONLY = "SUBSCRIPTIONS_ONLY"
_REFUSAL = "policygraph_refusal"


def close_reason(text: str) -> str:
    """``text`` cut to fit a close frame, never inside a character.

    >>> close_reason("未登录" * 50).encode().__len__() <= 123
    True
    >>> close_reason("short")
    'short'
    """
    data = text.encode("utf-8")[:MAX_REASON_BYTES]
    return data.decode("utf-8", errors="ignore")


def refuse_connection(websocket: Any, reason: str) -> None:
    """Remember why the connection is refused; the close frame will say it."""
    setattr(websocket.state, _REFUSAL, reason)


def is_subscription(payload: Any, *, max_tokens: int) -> bool | None:
    """Whether a ``subscribe`` payload's operation is a subscription (``None``: it cannot
    be told; strawberry then answers the malformed message itself).

    >>> is_subscription({"query": "subscription { a }"}, max_tokens=100)
    True
    >>> is_subscription({"query": "{ a }"}, max_tokens=100)
    False
    >>> is_subscription({"query": "{"}, max_tokens=100) is None
    True
    """
    try:
        document = parse(payload["query"], max_tokens=max_tokens)
        operation = get_operation_ast(document, payload.get("operationName"))
    except (GraphQLError, KeyError, TypeError, AttributeError):
        return None
    return None if operation is None else operation.operation is OperationType.SUBSCRIPTION


class ReasonedWebSocketAdapter(ASGIWebSocketAdapter):
    """Closes a refused connection with the reason :func:`refuse_connection` gave."""

    async def close(self, code: int, reason: str) -> None:
        refusal = getattr(getattr(self.ws, "state", None), _REFUSAL, None)
        if code == FORBIDDEN_CLOSE and refusal:
            reason = refusal
        await super().close(code, close_reason(reason))


class SubscriptionsOnlyHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """Strawberry's graphql-transport-ws handler, refusing queries and mutations."""

    #: tokens a subscription document may have (the HTTP side's limit is a setting)
    max_tokens = 5000

    async def handle_subscribe(self, message: Any) -> None:
        payload = message.get("payload") if isinstance(message, dict) else None
        if (self.connection_acknowledged and isinstance(payload, dict)
                and is_subscription(payload, max_tokens=self.max_tokens) is False):
            error = GraphQLError(t("error.live.subscriptions_only"),
                                 extensions={"code": SUBSCRIPTIONS_ONLY})
            await self.send_message({"id": message["id"], "type": "error",
                                     "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)
