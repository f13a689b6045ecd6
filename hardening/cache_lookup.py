"""The response cache's side of a GraphQL request (:class:`hardening.view.HardenedView`
uses it): the application's cache, and the key of a request, looked up after the caller
was authenticated and the snapshot fixed.

Examples
--------
>>> from settings import Settings
>>> make_response_cache(Settings(response_cache_entries=0)).enabled
False
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from strawberry.types import ExecutionResult

from hardening.lazy_state import once_on
from hardening.response_cache import ResponseCache, cache_key, normalised_query, scope_of
from hardening.stack import shared_parse
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
