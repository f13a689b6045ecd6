"""The short way of a request whose query is compiled (:mod:`hardening.compiled`).

A plain JSON POST of one operation (:mod:`hardening.lean_http`) whose query text was
compiled before is answered without the rest of the view's generic steps (the root
value, the request adapter, the response-cache look-up, the operation's event loop in
the worker, the result's shaping): the view's own sub-response and context, then one
worker hop that prepares the context, answers by the compiled query
(:func:`hardening.compiled_run.compiled_data`) and encodes, and the view's own
response (an answer with errors, a refusal with a code, is shaped by the view's
``process_result``, as the full path's).  The time budget, the cancel token, admission, the media type, the headers
and the access log's operation are the view's.

Whatever this way cannot answer goes the view's way, which answers it as before: a
query not compiled yet (its first request compiles it), a response cache that is on
(its look-up is the view's), every worker and queue place taken (the view says 503),
or a query the compiled plan sends the full way (its context is closed and the view
makes its own).
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

from sqlalchemy.exc import TimeoutError as PoolTimeout
from strawberry.types import ExecutionResult

from graph.cancel import CancelToken, cancellable
from hardening.admission import admission_of
from hardening.cache_lookup import response_cache_of
from hardening.compiled_run import COMPILED, compiled_data
from hardening.statuses import timed_out
from observability.accesslog import OPERATION_KEY
from settings import Settings

#: One operation: its document, variables and operation name.
Operation = tuple[str, dict[str, Any] | None, str | None]


async def compiled_response(view: Any, request: Any, operation: Operation) -> Any:
    """The response to ``operation`` by its compiled query, or ``None``: the view's way
    answers it (see the module docstring)."""
    query, variables, name = operation
    state = request.app.state
    settings: Settings = state.hardening
    if (not settings.compiled_queries or not COMPILED.known(view.schema._schema, query, name)
            or response_cache_of(state, settings).enabled):
        return None

    sub_response = await view.get_sub_response(request)
    context = await view.get_context(request, response=sub_response)
    request.scope[OPERATION_KEY] = (name, query)  # for the access log and the encoder
    token = CancelToken()

    def work() -> bytes | ExecutionResult | None:
        with cancellable(token):
            try:
                context.prepare()
                result = compiled_data(view.schema, query, variables, name, context)
                if result is None:
                    request.state.policygraph_compiled_tried = True  # not again, the view's way
                    return None
                if result.errors:  # shaped on the event loop, as the full path's
                    return result
                encoded: bytes = view._encode_and_keep(request, result, {"data": result.data},
                                                       None)
                return encoded
            except PoolTimeout:  # the view's way says busy
                return None
            finally:
                context.close()  # here, off the event loop; the view's way makes its own

    budget = settings.time_budget_seconds
    future = admission_of(state, settings).submit(contextvars.copy_context().run, work,
                                                  budget=budget)
    if future is None:
        _forget_context(request, context)
        return None
    try:
        body = await asyncio.wait_for(asyncio.wrap_future(future), budget or None)
    except TimeoutError:
        if not future.cancel():  # running: tell it to stop; it closes its own session
            token.cancel()
            request.state.policygraph_abandoned = True
        else:
            _forget_context(request, context)
        body = timed_out(budget)
    if body is None:
        del request.state.policygraph_context  # closed by the worker
        return None
    if isinstance(body, bytes):
        return view.encoded_response(body, sub_response)
    answer = await view.process_result(request, body)
    return view.create_response(response_data=answer, sub_response=sub_response)


def _forget_context(request: Any, context: Any) -> None:
    """A context no worker took: the view's way makes its own (an unprepared context has
    opened no connection, so closing it here does no database work)."""
    context.close()
    del request.state.policygraph_context
