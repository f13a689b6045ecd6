"""The response cache's side of a GraphQL request (:class:`hardening.view.HardenedView`
uses it): the application's cache, and the key of a request, looked up after the caller
was authenticated and the snapshot fixed.

A query the response cache may answer (:mod:`hardening.response_cache`) is first
authenticated and keyed in Starlette's thread pool, not on a worker: a hit is answered
from there with the bytes kept, taking no worker and no queue place, and says
``X-Policygraph-Cache: hit``; a miss goes on to the workers (``miss``), and its answer
is kept when it has no errors.  The first of several identical requests computes the
answer and the others wait for it (:meth:`ResponseCache.look_up`'s claim), within their
own time budget.

Examples
--------
>>> from settings import Settings
>>> make_response_cache(Settings(response_cache_entries=0)).enabled
False
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from typing import Any

from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool
from strawberry.types import ExecutionResult

from hardening.lazy_state import once_on
from hardening.request_state import request_value
from hardening.response_cache import (
    CACHE_HEADER,
    HIT,
    MISS,
    ResponseCache,
    cache_key,
    normalised_query,
    scope_of,
)
from hardening.stack import shared_parse
from hardening.statuses import busy, timed_out
from i18n import current_locale
from settings import Settings
from store.audit import newest_audit_id
from store.crud.documents import data_version


def make_response_cache(settings: Settings) -> ResponseCache:
    """The response cache ``settings`` size (0 entries or bytes: off)."""
    return ResponseCache(max_entries=settings.response_cache_entries,
                         max_bytes=settings.response_cache_bytes,
                         max_entry_bytes=settings.response_cache_entry_bytes)


def response_cache_of(state: Any, settings: Settings) -> ResponseCache:
    """The application's :class:`ResponseCache` (made by the lifespan; made here on first
    use when an application was built without it)."""
    return once_on(state, "response_cache", lambda: make_response_cache(settings))


@dataclasses.dataclass
class CachedAnswer(ExecutionResult):
    """An answer the response cache held: its encoded bytes, sent as they are."""

    body: bytes = b""


_PARSE = shared_parse()  # the parser cache the operation runs with: one parse a document


def look_up(cache: ResponseCache, context: Any, request_data: Any, settings: Settings,
             language: str) -> tuple[str | None, bytes | None]:
    """In a thread: the cache key of a request and the answer kept under it, or ``(None,
    None)`` when the request's answer is not to be cached.  Authenticates the caller and
    fixes the snapshot first (:meth:`schema.context.Context.prepare`), so the key names
    the data version the request reads and an invalid token never reaches the cache; a
    snapshot older than the store's data version is never cached either."""
    query = getattr(request_data, "query", None)
    document = (normalised_query(query, request_data.operation_name,
                                 max_tokens=settings.max_tokens, parse_document=_PARSE)
                if isinstance(query, str) else None)
    prepare = getattr(context, "prepare", None)
    if document is None or prepare is None:
        return None, None
    prepare()
    scope = scope_of(context.principal)
    if scope is None:
        return None, None
    session = context.session
    try:
        stored, audited = data_version(session=session), newest_audit_id(session=session)
    finally:
        session.close()  # give the connection back while the request waits for a worker
    if stored != context.snapshot.version:
        # The store moved past the snapshot (not rebuilt yet): what this request reads from
        # the store and what it reads from the graph are of two versions; never kept.
        return None, None
    try:
        key = cache_key(document=document, operation_name=request_data.operation_name,
                        variables=request_data.variables, version=(stored, audited),
                        scope=scope, language=language,
                        today=dt.date.today())  # the edge reads the clock
    except (TypeError, ValueError, RecursionError):  # variables that are not JSON (a file)
        return None, None
    return key, cache.get(key)


async def cached_answer(request: Any, kwargs: dict[str, Any], settings: Settings,
                        started: float) -> ExecutionResult | None:
    """The response cache's answer (a hit, or the answer an identical request was
    computing), a refusal, or ``None``: this request computes its answer."""
    cache = response_cache_of(request.app.state, settings)
    context = kwargs.get("context")
    if not cache.enabled or context is None:
        return None
    try:
        key, body = await run_in_threadpool(look_up, cache, context,
                                            kwargs.get("request_data"), settings,
                                            current_locale())
    except PoolTimeout:
        return busy("no database connection came free in time")
    if key is None:
        return None
    request.state.policygraph_cache_key = key
    if body is None:
        # Claimed here on the event loop: from here to run()'s finally nothing can
        # stop this request without settling the claim (the view's run() ends with
        # let_waiters_go).
        body, pending = cache.look_up(key)
        if pending is None and body is None:  # ours to compute and share
            request.state.policygraph_cache_leader = True
        elif pending is not None:  # an identical request computes it now: wait
            budget = settings.time_budget_seconds
            try:
                body = await asyncio.wait_for(
                    asyncio.shield(asyncio.wrap_future(pending)),
                    max(0.001, budget - (time.monotonic() - started)) if budget else None)
            except TimeoutError:
                return timed_out(budget)
    metrics = getattr(request.app.state, "metrics", None)
    sub_response = kwargs.get("sub_response")
    if sub_response is not None:
        sub_response.headers[CACHE_HEADER] = HIT if body is not None else MISS
    if metrics is not None:
        (metrics.cache_hits if body is not None else metrics.cache_misses).inc()
    if body is not None:  # a hit takes no worker and no queue place
        return CachedAnswer(data=None, errors=None, body=body)
    return None


def keep_answer(request: Any, body: bytes, *, whole: bool) -> None:
    """Keep a computed answer's bytes when the request was keyed for the cache and the
    answer is ``whole`` (data, no errors), and hand them to the requests waiting for it."""
    key = request_value(request, "policygraph_cache_key")
    if key is None:
        return
    state = request.state
    cache = response_cache_of(request.app.state, request.app.state.hardening)
    if getattr(state, "policygraph_cache_leader", False):
        state.policygraph_cache_leader = False
        cache.settle(key, body if whole else None)  # kept, and to who waits
    elif whole:
        cache.put(key, body)


def let_waiters_go(request: Any) -> None:
    """A request that claimed an answer and ended without one (an exception, a client
    gone) releases the claim: who waits for it computes its own."""
    if request_value(request, "policygraph_cache_leader", False):
        state: Any = request.state
        state.policygraph_cache_leader = False
        response_cache_of(request.app.state, request.app.state.hardening).settle(
            state.policygraph_cache_key, None)
