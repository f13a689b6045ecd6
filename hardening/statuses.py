"""The HTTP side of a GraphQL answer: which media type the client asked for and which
status a result gets (``503`` for load, ``400`` for a refused document), as the
GraphQL-over-HTTP spec and :class:`hardening.view.HardenedView` use them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graphql import GraphQLError
from strawberry.types import ExecutionResult

from hardening.admission import SERVER_BUSY
from hardening.limits import BAD_USER_INPUT, LIMIT_CODES
from i18n import t

TIMEOUT = "TIMEOUT"
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


@lru_cache(maxsize=64)  # clients send a handful of Accept headers, each parsed once
def preferred_media_type(accept: str) -> str:
    """The response type an ``Accept`` header asks for: ``application/json`` unless
    ``application/graphql-response+json`` is listed with a higher (or, listed first,
    equal) quality.

    >>> preferred_media_type("application/graphql-response+json, application/json")
    'application/graphql-response+json'
    >>> preferred_media_type("application/json;q=1, application/graphql-response+json;q=0.9")
    'application/json'
    >>> preferred_media_type("*/*")
    'application/json'
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        kind, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if kind.lower() in (JSON, GRAPHQL_RESPONSE) and quality > 0:
            ranked.append((-quality, position, kind.lower()))
    return min(ranked)[2] if ranked else JSON


def is_request_error(result: Any) -> bool:
    """True when the operation never ran: no data and no error located at a field."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def status_for(result: Any, media_type: str) -> int | None:
    """The HTTP status for a result, or ``None`` for strawberry's default (200)."""
    codes = {(e.extensions or {}).get("code") for e in result.errors or []}
    if codes & {TIMEOUT, SERVER_BUSY}:
        return 503
    if is_request_error(result) and (codes & (LIMIT_CODES | {BAD_USER_INPUT})
                                     or media_type == GRAPHQL_RESPONSE):
        return 400
    return None


def busy(why: str) -> ExecutionResult:
    """The result of an operation refused for load (HTTP 503 with ``Retry-After``)."""
    error = GraphQLError(t("error.busy", why=why),
                         extensions={"code": SERVER_BUSY})
    return ExecutionResult(data=None, errors=[error])


def timed_out(budget: float) -> ExecutionResult:
    """The result of an operation past its time budget (HTTP 503 with ``Retry-After``)."""
    error = GraphQLError(t("error.timeout", budget=f"{budget:g}"),
                         extensions={"code": TIMEOUT, "budgetSeconds": budget})
    return ExecutionResult(data=None, errors=[error])
