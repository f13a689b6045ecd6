"""The short way of a request whose query is compiled (:mod:`hardening.compiled`).

A plain JSON POST of one operation (:mod:`hardening.lean_http`) whose query text was
compiled before is answered without the rest of the view's generic steps (the root
value, the request adapter, the response-cache look-up, the operation's event loop in
the worker, the result's shaping): the view's own sub-response, then one worker hop
that makes the view's context (its session, off the event loop) and prepares it,
answers by the compiled query (:func:`hardening.compiled_run.compiled_data`) and
encodes, and the view's own response (an answer with errors, a refusal with a code, is
shaped by the view's ``process_result``, as the full path's).  The time budget, the
cancel token, admission, the media type, the headers and the access log's operation are
the view's.

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
    request.scope[OPERATION_KEY] = (name, query)  # for the access log and the encoder
    token = CancelToken()

    def work() -> bytes | ExecutionResult | None:
        with cancellable(token):
            # made here, off the event loop (a session and the caller's context)
            context = _context_made_now(view, request, sub_response)
            if context is None:
                return None
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
                _forget_context(request)

    budget = settings.time_budget_seconds
    future = admission_of(state, settings).submit(contextvars.copy_context().run, work,
                                                  budget=budget)
    if future is None:
        return None  # nothing made yet: the view's way says busy
    body: bytes | ExecutionResult | None
    try:
        body = await asyncio.wait_for(asyncio.wrap_future(future), budget or None)
    except TimeoutError:
        if not future.cancel():  # running: tell it to stop; it closes its own session
            token.cancel()
            request.state.policygraph_abandoned = True
        body = timed_out(budget)
    if body is None:
        return None
    if isinstance(body, bytes):
        return view.encoded_response(body, sub_response)
    answer = await view.process_result(request, body)
    return view.create_response(response_data=answer, sub_response=sub_response)


def _forget_context(request: Any) -> None:
    """Drop the context the view's ``get_context`` left on the request, closed by the
    worker: the server's ``run`` would otherwise close it again on the event loop, and
    the view's way makes its own."""
    try:
        del request.state.policygraph_context
    except AttributeError:
        pass


def _context_made_now(view: Any, request: Any, sub_response: Any) -> Any:
    """The view's context for ``request``, made by its ``get_context`` run to the end in
    this thread, or ``None`` when that would wait for something (then the view's way
    makes it): the server's makes it without waiting (its blocking part is the
    context's ``prepare``)."""
    making = view.get_context(request, response=sub_response)
    try:
        making.send(None)
    except StopIteration as made:
        return made.value
    making.close()
    return None
