"""A mixin for the Strawberry ASGI view: the per-operation time budget, HTTP statuses
for refused documents, and the ``application/graphql-response+json`` media type of the
GraphQL-over-HTTP spec.

Use it between the project's view and strawberry's::

    class PolicyGraphQL(PlaygroundGraphQL, HardenedView, GraphQL): ...

The time budget
---------------
Most resolvers are synchronous and would block the event loop, so an ``asyncio``
timeout around them could never fire.  Each operation therefore runs, authentication
and snapshot choice included (:meth:`schema.context.Context.prepare`), on its own event
loop in one of the worker threads of :class:`hardening.admission.Admission`, and the
server waits at most ``time_budget_seconds`` for it: the client then gets ``503`` with
``extensions.code = TIMEOUT`` and ``Retry-After``.  Python cannot kill a thread, so the
abandoned operation is told to stop (:mod:`graph.cancel`): the next field it starts, or
the next checkpoint of a long graph loop, ends it and frees its worker.  When every
worker and queue place is taken the answer is an immediate ``503`` with
``extensions.code = SERVER_BUSY``; so is an operation that found no pooled database
connection within the pool's timeout.

The response cache
------------------
A query the response cache may answer is answered from it before any worker is taken
(:mod:`hardening.cache_lookup`).
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import time
from contextvars import ContextVar
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLSyntaxError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from graph.cancel import CancelToken, cancellable
from hardening.admission import admission_of
from hardening.cache_lookup import CachedAnswer, cached_answer, keep_answer, let_waiters_go
from hardening.compiled_http import compiled_response
from hardening.compiled_run import compiled_result
from hardening.encoding import FloatFree, answer_bytes
from hardening.lean_http import answer, lean_operation
from hardening.limits import TOO_MANY_TOKENS, tag
from hardening.stack import shared_parse
from hardening.statuses import (
    GRAPHQL_RESPONSE,
    JSON,
    busy,
    is_request_error,
    preferred_media_type,
    status_for,
    timed_out,
)
from hardening.worker_loop import cancel_leftovers, cancel_operation, worker_loop
from i18n import t
from i18n.jsonio import dumps
from observability.accesslog import OPERATION_KEY
from settings import Settings

_ENCODED: ContextVar[tuple[object, Any] | None] = ContextVar("policygraph_encoded", default=None)


def _answered(request: Any) -> dict[int, Any]:
    """Answers the operations' workers shaped and encoded, by ``id`` of their result, for
    :meth:`HardenedView.process_result` (a batch runs several operations at once)."""
    state = request.state
    found: dict[int, Any] | None = getattr(state, "policygraph_answered", None)
    if found is None:
        found = {}
        state.policygraph_answered = found
    return found


class HardenedView:
    """Mixin over ``strawberry.asgi.GraphQL``; see the module docstring."""

    def parse_json(self, data: str | bytes) -> Any:
        """As strawberry's, but bodies that are not UTF-8, or JSON other than an object
        (or a batch list), are a 400 rather than an uncaught exception (found by fuzzing)."""
        try:
            parsed = super().parse_json(data)  # type: ignore[misc]
        except UnicodeDecodeError as error:
            raise HTTPException(400, t("error.body_not_utf8")) from error
        if not isinstance(parsed, (dict, list)):
            raise HTTPException(400, t("error.body_not_object",
                                       example='{"query": "{ units { name } }"}'))
        return parsed

    async def execute_operation(self, request: Any, request_adapter: Any, request_data: Any,
                                *args: Any, **kwargs: Any) -> Any:
        """As strawberry's; the operation name and document of a single operation are
        left in the ASGI scope for the access log (:data:`OPERATION_KEY`), which then
        does not parse the body a second time."""
        scope = getattr(request, "scope", None)
        if isinstance(scope, dict) and not isinstance(request_data, list):
            scope[OPERATION_KEY] = (request_data.operation_name, request_data.query)
        parent: Any = super()
        return await parent.execute_operation(request, request_adapter, request_data,
                                              *args, **kwargs)

    async def get_sub_response(self, request: Any) -> Any:
        sub_response = await super().get_sub_response(request)  # type: ignore[misc]
        sub_response.policygraph_media_type = preferred_media_type(
            request.headers.get("accept", ""))
        request.state.policygraph_sub_response = sub_response
        return sub_response

    async def execute_single(self, request: Any, request_adapter: Any,
                             *args: Any, **kwargs: Any) -> Any:
        parent: Any = super()  # the next view in the MRO (strawberry's GraphQL)
        settings: Settings = request.app.state.hardening
        budget = settings.time_budget_seconds
        context = kwargs.get("context")
        started = time.monotonic()
        answer = await cached_answer(request, kwargs, settings, started)
        if answer is not None:
            return answer
        if budget:  # the look-up counts against the time budget
            budget = max(0.001, budget - (time.monotonic() - started))
        token = CancelToken()
        running: list[asyncio.AbstractEventLoop] = []
        answered = _answered(request)

        async def operate() -> Any:
            result = await parent.execute_single(request, request_adapter, *args, **kwargs)
            if not token.cancelled:
                # shaped and encoded here, in the same thread and the same run of its
                # loop: no second hop to Starlette's pool for the encoding
                # (process_result finds it)
                answered[id(result)] = await self._answer(request, result)
            return result

        def run() -> Any:
            with cancellable(token):
                try:
                    prepare = getattr(context, "prepare", None)
                    if prepare is not None:
                        prepare()  # the token lookup and version check, off the event loop
                except PoolTimeout:
                    return busy("no database connection came free in time")
                compiled = compiled_result(self, request, kwargs, answered)
                if compiled is not None:  # no executor needed (hardening.compiled)
                    return compiled
                loop = worker_loop()
                loop.policygraph_token = token  # type: ignore[attr-defined]
                running.append(loop)
                try:
                    return loop.run_until_complete(operate())
                finally:
                    loop.policygraph_token = None  # type: ignore[attr-defined]
                    cancel_leftovers(loop)
                    if token.cancelled:
                        # What a stopped operation built is mostly cycles (errors holding
                        # frames holding results): collect them now, not at some later
                        # full collection, so its memory is reused at once.
                        gc.collect()

        # the request's context (its language) goes with the operation to the worker
        future = admission_of(request.app.state, settings).submit(contextvars.copy_context().run,
                                                                  run, budget=budget)
        if future is None:
            return busy("every worker is busy and the queue is full, or the queue would not "
                        "reach this request within its time budget")
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), budget or None)
        except TimeoutError:
            if not future.cancel():  # already running: tell it to stop, it closes its session
                token.cancel()
                for loop in running:  # wake its awaiting resolvers with CancelledError too
                    loop.call_soon_threadsafe(cancel_operation, loop, token)
                request.state.policygraph_abandoned = True
            return timed_out(settings.time_budget_seconds)

    async def process_result(self, request: Any, result: Any) -> Any:
        if isinstance(result, CachedAnswer):
            answer: dict[str, Any] = {}
            _ENCODED.set((answer, result.body))  # sent as kept: encode_json returns it
            return answer
        ready = _answered(request).pop(id(result), None)
        if ready is not None and ready[0] is result:  # the operation's worker made it
            _, response, status, encoded = ready
        else:
            response, status, ours = await self._shape(request, result)
            if not ours:
                return response
            # Encoding a large answer is CPU work: done in a thread, not on the event loop;
            # encode_json (called by create_response, in this same task) hands it over.
            encoded = await run_in_threadpool(self._encode_and_keep, request, result, response,
                                              status)
        sub_response = request.state.policygraph_sub_response
        if status is not None:
            sub_response.status_code = status
        if status == 503:
            sub_response.headers["Retry-After"] = "5"
        _ENCODED.set((response, encoded))
        return response

    async def _shape(self, request: Any, result: Any) -> tuple[Any, int | None, bool]:
        """Strawberry's answer to ``result``, its HTTP status (``None``: 200) and whether
        this view shapes it (a request without our sub-response is strawberry's alone)."""
        for error in result.errors or []:
            # graphql-core reports the token limit as a plain syntax error.
            if isinstance(error, GraphQLSyntaxError) and "tokens. Parsing aborted" in error.message:
                tag(error, TOO_MANY_TOKENS)
        response = await super().process_result(request, result)  # type: ignore[misc]
        sub_response = getattr(request.state, "policygraph_sub_response", None)
        if sub_response is None:
            return response, None, False
        media_type = sub_response.policygraph_media_type
        status = status_for(result, media_type)
        if media_type == GRAPHQL_RESPONSE and is_request_error(result):
            response.pop("data", None)  # the spec: a request error has no data entry
        return response, status, True

    async def _answer(self, request: Any,
                      result: Any) -> tuple[Any, Any, int | None, bytes] | None:
        """In the operation's worker: the shaped answer, its status and its bytes (kept
        in the response cache when keyed for it), for :meth:`process_result`; the
        status is set on the response there, on the event loop."""
        if not isinstance(result, ExecutionResult):
            return None
        response, status, ours = await self._shape(request, result)
        if not ours:
            return None
        return result, response, status, self._encode_and_keep(request, result, response,
                                                               status)

    def _encode_and_keep(self, request: Any, result: Any, response: Any,
                         status: int | None) -> bytes:
        """The answer's bytes; kept in the response cache when the request was keyed for
        it (a query the cache may hold) and the answer is whole: data and no errors."""
        if status is None and not result.errors and list(response) == ["data"] \
                and self._float_free(request):
            body = answer_bytes(response, plain=True)  # the same bytes json writes, sooner
        else:
            encoded = self.encode_json(response)
            body = encoded.encode("utf-8") if isinstance(encoded, str) else bytes(encoded)
        keep_answer(request, body,
                    whole=status is None and not result.errors and result.data is not None)
        return body

    def _float_free(self, request: Any) -> bool:
        """Whether the request's single operation selects only leaves whose values hold
        no float (:mod:`hardening.encoding`), so orjson writes its answer."""
        read = getattr(request, "scope", {}).get(OPERATION_KEY)
        if read is None:
            return False  # a batch, or a request the view did not read
        check: FloatFree | None = getattr(self, "_policygraph_float_free", None)
        if check is None:
            settings: Settings = request.app.state.hardening
            parse = shared_parse()
            check = FloatFree(self.schema._schema,  # type: ignore[attr-defined]
                              lambda query: parse(query, max_tokens=settings.max_tokens))
            self._policygraph_float_free = check
        return check(read[1])

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """As strawberry's, a POST of one JSON operation on the short path of
        :mod:`hardening.lean_http`; a request that claimed an answer for the response
        cache and ended without one (an exception, a client gone) lets who waits for it
        go on."""
        try:
            if context is UNSET and root_value is UNSET:
                operation = await lean_operation(self, request)
                if operation is not None:
                    compiled = await compiled_response(self, request, operation)
                    return compiled or await answer(self, request, operation)
            return await super().run(request, context, root_value)  # type: ignore[misc]
        finally:
            let_waiters_go(request)

    def encode_json(self, data: Any) -> Any:
        encoded = _ENCODED.get()
        if encoded is not None and encoded[0] is data:
            return encoded[1]
        return dumps(data)  # UTF-8 text: Chinese stays readable, never \\uXXXX

    def encoded_response(self, body: bytes, sub_response: Any) -> Any:
        """The response of an answer already encoded, made as :meth:`create_response`
        makes every other (its status and headers from ``sub_response``)."""
        sent: dict[str, Any] = {}
        _ENCODED.set((sent, body))  # encode_json returns the body for this very dict
        return self.create_response(sent, sub_response)

    def create_response(self, response_data: Any, sub_response: Any) -> Any:
        response = super().create_response(response_data, sub_response)  # type: ignore[misc]
        if getattr(sub_response, "policygraph_media_type", JSON) == GRAPHQL_RESPONSE:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        return response
