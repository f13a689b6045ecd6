"""The hardening middleware in the order it must run, for ``server.create_app``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.middleware import Middleware

from hardening.body import BodyLimit
from hardening.headers import SecurityHeaders
from hardening.jsondepth import JsonDepth
from hardening.limits import QueryLimits, parse_cache
from hardening.ratelimit import RateLimit
from observability.accesslog import AccessLog, configure_access_log
from observability.metrics import Metrics
from observability.redact import install_redaction
from settings import Settings


def hardening_middleware(settings: Settings,
                         metrics: Metrics | None = None) -> list[Middleware]:
    """Middleware for ``Starlette(middleware=...)``, outermost first.

    The access log wraps everything so refused requests (413, 429) are logged and
    counted too; rate limiting comes before the body is read.

    Parameters
    ----------
    settings
        The server's hardening settings.
    metrics
        The application's registry to count requests in (``/metrics`` writes it; a new
        one, seen by no page, by default).
    """
    metrics = metrics or Metrics()
    if settings.json_logs:
        configure_access_log()
    # however uvicorn was started (policygraph serve, uvicorn --factory), no secret is logged
    install_redaction()
    return [
        Middleware(AccessLog, metrics=metrics, log=settings.json_logs,
                   trusted_proxies=settings.trusted_proxies),
        Middleware(SecurityHeaders),  # on every response, refusals below included
        Middleware(RateLimit, per_ip=settings.rate_limit_ip, per_token=settings.rate_limit_token,
                   trusted_proxies=settings.trusted_proxies),
        Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
        Middleware(JsonDepth),  # reads the body BodyLimit kept
    ]


def schema_extensions() -> list[Any]:
    """Schema extensions for ``strawberry.Schema(extensions=...)``: the query limits,
    which also parse and validate through the shared LRU caches (one extension object
    per operation, not three; the caches see the limits' options and rules)."""
    # A factory, not an instance: strawberry sets each extension's execution context,
    # and operations run concurrently.  The LRU caches live at module level.
    return [QueryLimits]


def shared_parse() -> Callable[..., Any]:
    """graphql-core's ``parse`` through the LRU cache the query limits parse with, so a
    document the response cache parsed is not parsed again to run it (called as
    ``parse(query, max_tokens=…)``, as the query limits set it)."""
    return parse_cache()
