"""A mixin for the Strawberry ASGI view: the per-operation time budget, HTTP statuses
for refused documents, and the ``application/graphql-response+json`` media type of the
GraphQL-over-HTTP spec.

Use it between the project's view and strawberry's::

    class PolicyGraphQL(PlaygroundGraphQL, HardenedView, GraphQL): ...

The time budget
---------------
Most resolvers are synchronous and would block the event loop, so an ``asyncio``
timeout around them could never fire.  Each operation therefore runs on its own event
loop in a worker thread and the server waits at most ``time_budget_seconds`` for it:
the client then gets ``503`` with ``extensions.code = TIMEOUT`` and the worker that
serves other requests stays free.  Python cannot kill a thread, so the abandoned
operation still finishes in the background (its session is closed when it does);
its result is thrown away.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.types import ExecutionResult

from hardening.limits import BAD_USER_INPUT, LIMIT_CODES, TOO_MANY_TOKENS, tag

TIMEOUT = "TIMEOUT"
JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


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
    if TIMEOUT in codes:
        return 503
    if is_request_error(result) and (codes & (LIMIT_CODES | {BAD_USER_INPUT})
                                     or media_type == GRAPHQL_RESPONSE):
        return 400
    return None


_WORKER = threading.local()


def _worker_loop() -> asyncio.AbstractEventLoop:
    """This worker thread's event loop, made once: ``asyncio.run`` per request would build
    and tear down a loop each time (measured: +0.35 ms a request)."""
    loop: asyncio.AbstractEventLoop | None = getattr(_WORKER, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _WORKER.loop = loop
    return loop


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what the operation left on ``loop``, as ``asyncio.run`` does on exit.

    graphql-core abandons sibling resolvers when a non-null field fails; on a reused loop
    they would wake during a later request and reopen the finished request's session,
    pinning a pooled connection until the garbage collector came by (found by fuzzing:
    the pool ran dry and a later query waited out its time budget).
    """
    pending = asyncio.all_tasks(loop)
    if pending:
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


class HardenedView:
    """Mixin over ``strawberry.asgi.GraphQL``; see the module docstring."""

    def parse_json(self, data: str | bytes) -> Any:
        """As strawberry's, but bodies that are not UTF-8, or JSON other than an object
        (or a batch list), are a 400 rather than an uncaught exception (found by fuzzing)."""
        try:
            parsed = super().parse_json(data)  # type: ignore[misc]
        except UnicodeDecodeError as error:
            raise HTTPException(400, "The request body is not UTF-8 text.") from error
        if not isinstance(parsed, (dict, list)):
            raise HTTPException(400, "The request body must be a JSON object such as "
                                     '{"query": "{ units { name } }"}.')
        return parsed

    async def get_sub_response(self, request: Any) -> Any:
        sub_response = await super().get_sub_response(request)  # type: ignore[misc]
        sub_response.policygraph_media_type = preferred_media_type(
            request.headers.get("accept", ""))
        request.state.policygraph_sub_response = sub_response
        return sub_response

    async def execute_single(self, request: Any, request_adapter: Any,
                             *args: Any, **kwargs: Any) -> Any:
        parent: Any = super()  # the next view in the MRO (strawberry's GraphQL)
        settings = getattr(request.app.state, "settings", None)
        budget = getattr(settings, "time_budget_seconds", 0) or 0
        if budget <= 0:
            return await parent.execute_single(request, request_adapter, *args, **kwargs)

        def run() -> Any:
            loop = _worker_loop()
            try:
                return loop.run_until_complete(
                    parent.execute_single(request, request_adapter, *args, **kwargs))
            finally:
                _cancel_leftovers(loop)

        try:
            return await asyncio.wait_for(asyncio.to_thread(run), budget)
        except TimeoutError:
            request.state.policygraph_abandoned = True  # its session is still in use
            message = (f"The operation ran past its time budget of {budget:g} s and was "
                       f"abandoned; ask for less (fewer fields, smaller pages).")
            error = GraphQLError(message, extensions={"code": TIMEOUT, "budgetSeconds": budget})
            return ExecutionResult(data=None, errors=[error])

    async def process_result(self, request: Any, result: Any) -> Any:
        for error in result.errors or []:
            # graphql-core reports the token limit as a plain syntax error.
            if isinstance(error, GraphQLSyntaxError) and "tokens. Parsing aborted" in error.message:
                tag(error, TOO_MANY_TOKENS)
        response = await super().process_result(request, result)  # type: ignore[misc]
        sub_response = getattr(request.state, "policygraph_sub_response", None)
        if sub_response is None:
            return response
        media_type = sub_response.policygraph_media_type
        status = status_for(result, media_type)
        if status is not None:
            sub_response.status_code = status
        if status == 503:
            sub_response.headers["Retry-After"] = "5"
        if media_type == GRAPHQL_RESPONSE and is_request_error(result):
            response.pop("data", None)  # the spec: a request error has no data entry
        return response

    def create_response(self, response_data: Any, sub_response: Any) -> Any:
        response = super().create_response(response_data, sub_response)  # type: ignore[misc]
        if getattr(sub_response, "policygraph_media_type", JSON) == GRAPHQL_RESPONSE:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        return response
