"""One JSON line per request on the ``policygraph.access`` logger, and the metrics.

Each line holds ``time``, ``method``, ``path`` (no query string), ``route``,
``operation`` (the GraphQL operation name, when there is one), ``duration_ms``,
``status`` and ``client``.  Headers are never logged, so neither is a bearer token.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from typing import Any
from urllib.parse import parse_qs

from starlette.routing import Match

from observability.clientip import client_address, parse_networks
from observability.metrics import Metrics
from observability.redact import RedactSecrets

LOGGER = "policygraph.access"
#: Where the request body, once read (by the server's body limit), is kept in the ASGI
#: scope, so the log can name the GraphQL operation of a POST without reading it again.
BODY_KEY = "policygraph.body"
#: Where the GraphQL view puts the ``(operationName, query)`` it read from the request, so
#: the log names the operation without parsing the body's JSON a second time.
OPERATION_KEY = "policygraph.operation"
_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def configure_access_log(level: int = logging.INFO) -> logging.Logger:
    """Send access lines to stderr, bare (each message already is a JSON object).

    Idempotent; the logger still propagates, so pytest's ``caplog`` sees the lines.
    """
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level)
    if not any(getattr(h, "policygraph_access", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.policygraph_access = True  # type: ignore[attr-defined]
        handler.addFilter(RedactSecrets())  # paths carry no query string; this is the belt
        logger.addHandler(handler)
    return logger


def operation_name(scope: dict[str, Any]) -> str | None:
    """The GraphQL operation name of a request: ``operationName``, else the name in the
    document; ``None`` for anonymous operations and other routes.

    What the GraphQL view read (:data:`OPERATION_KEY`) is used when it is there; a
    request refused before the view (a body too deep, a 405) is read here.

    >>> operation_name({"path": "/graphql", "query_string": b"query=query%20Units%20%7Bunits%7Bname%7D%7D"})
    'Units'
    >>> operation_name({"path": "/graphql", OPERATION_KEY: (None, "query Units { units { name } }")})
    'Units'
    """
    if not str(scope.get("path", "")).endswith("/graphql"):
        return None
    read = scope.get(OPERATION_KEY)
    if read is not None:
        name, query = read
    else:
        params = _request_params(scope)
        name, query = params.get("operationName"), params.get("query")
    if isinstance(name, str) and name:
        return name[:100]
    found = _OPERATION.match(query) if isinstance(query, str) else None
    return found.group(1) if found else None


def _request_params(scope: dict[str, Any]) -> dict[str, Any]:
    """A GraphQL request's parameters: the JSON object of its body, else its query string."""
    body = scope.get(BODY_KEY) or b""
    if body[:1] == b"{":
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested past what Python parses
            payload = None
        if isinstance(payload, dict):
            return payload
    return {k: v[0] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}


def route_of(scope: dict[str, Any]) -> str:
    """The path template of the route the request matches, else ``"(unmatched)"``.

    Matched against the application's routes here rather than read from the router's
    scope, so requests refused before routing (413, 429) are labelled too.
    """
    for route in getattr(scope.get("app"), "routes", ()):
        try:
            match, _ = route.matches(scope)
        except Exception:  # a route that cannot judge this scope is not this request's
            continue
        if match is not Match.NONE and hasattr(route, "path"):
            return str(route.path) or "/"
    return "(unmatched)"


class AccessLog:
    """ASGI middleware writing the access line and feeding the application's
    :class:`observability.metrics.Metrics`.

    Parameters
    ----------
    app
        The application.
    metrics
        Where durations and statuses are counted.
    log
        Write the JSON lines (metrics are counted either way).
    trusted_proxies
        Proxies whose ``X-Forwarded-For`` names the client (:mod:`observability.clientip`).
    """

    def __init__(self, app: Any, *, metrics: Metrics, log: bool = True,
                 trusted_proxies: tuple[str, ...] = ()) -> None:
        self.app = app
        self.metrics = metrics
        self.trusted = parse_networks(trusted_proxies)
        self.logger = logging.getLogger(LOGGER) if log else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client sees if the app raises before answering

        async def record_status(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            seconds = time.perf_counter() - started
            route = route_of(scope)
            self.metrics.observe(route=route, method=scope["method"], status=status,
                                 seconds=seconds)
            if self.logger is not None:
                line = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                        "method": scope["method"], "path": scope.get("path"), "route": route,
                        "operation": operation_name(scope),
                        "duration_ms": round(seconds * 1000, 2), "status": status,
                        "client": client_address(scope, self.trusted)
                        if scope.get("client") else None}
                self.logger.info(json.dumps(line, ensure_ascii=False))
