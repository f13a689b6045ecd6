"""A per-process cache of whole GraphQL answers, so a repeated read costs no worker.

The key is everything the bytes of an answer can depend on:

* the document, parsed and printed again by graphql-core (whitespace, commas and
  comments do not matter), and the operation name;
* the variables as canonical JSON (keys sorted);
* the data the answer is read from: the data version of the request's snapshot and the
  newest audit id (progress reports, retractions, corrections and reviews are read from
  the store, not the snapshot, and each writes an audit entry in its transaction); while
  the store's data version is ahead of the snapshot (a rebuild pending), the store and
  the graph answer from two versions and nothing is looked up or kept;
* the caller's access scope: anonymous, or the token's role, unit and jurisdiction (never
  its id: two tokens of one scope read the same answers);
* the language of the request and the day it is asked on (``asOf`` defaults to today).

Only queries are kept (never mutations or subscriptions), only answers without errors,
and only answers under ``max_entry_bytes``.  Identical requests arriving together are
computed once: the first to miss computes the answer and the others wait for it
(:meth:`ResponseCache.look_up`), so a crowd loading one list costs one worker.  Nothing is ever invalidated: a new data
version or audit entry makes new keys, and the old entries age out by LRU.  The cache is
bounded by entries and by total bytes; one lock makes it safe for the worker threads
(cachetools caches are not).

Examples
--------
>>> cache = ResponseCache(max_entries=2, max_bytes=10, max_entry_bytes=6)
>>> cache.put("a", b"12345"), cache.put("b", b"1234567")  # b is over the entry cap
(True, False)
>>> cache.get("a"), cache.get("b")
(b'12345', None)
>>> cache.put("c", b"123456")  # 11 bytes would exceed the bound: a, the oldest, goes
True
>>> cache.get("a"), cache.size_bytes, len(cache)
(None, 6, 1)

A miss makes its caller the one computing the answer; who asks meanwhile waits for it:

>>> cache.look_up("d")  # a miss: compute it, then settle
(None, None)
>>> body, pending = cache.look_up("d")  # asked again meanwhile
>>> pending.done(), cache.joined
(False, 1)
>>> cache.settle("d", b"answer")  # kept, and handed to who waited
>>> pending.result(), cache.look_up("d")
(b'answer', (b'answer', None))
>>> cache.look_up("e"), cache.look_up("e")[1].done()
((None, None), False)
>>> cache.settle("e", None)  # errors: nothing kept, who waited computes its own
>>> cache.look_up("e")
(None, None)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from graphql import DocumentNode, GraphQLError, OperationType, get_operation_ast, parse, print_ast

#: Field names whose answers change without a data version or an audit entry (see the file).
UNCACHEABLE_FIELDS = frozenset(
    line.split("#")[0].strip()
    for line in (Path(__file__).with_name("uncacheable_fields.txt")
                 .read_text(encoding="utf-8").splitlines())
    if line.split("#")[0].strip())

HIT, MISS = "hit", "miss"
#: The response header saying where an answer came from.
CACHE_HEADER = "X-Policygraph-Cache"


# A field's name is always written out in the document, so a word search finds every
# selection of one (and at worst also an argument or alias spelt alike: not cached either).
_WORDS = "|".join(sorted(map(re.escape, UNCACHEABLE_FIELDS))) or "(?!)"  # none: never matches
_UNCACHEABLE = re.compile(rf"(?<![_0-9A-Za-z])(?:{_WORDS})(?![_0-9A-Za-z])")

# Parsing and printing cost milliseconds a document (pure Python): a repeated document
# is normalised once.
_NORMALISED: LRUCache[tuple[str, str | None, int | None], str | None] = LRUCache(maxsize=256)
_NORMALISED_LOCK = threading.Lock()


def normalised_query(query: str, operation_name: str | None = None, *,
                     max_tokens: int | None = None,
                     parse_document: Callable[..., DocumentNode] = parse) -> str | None:
    """The document printed by graphql-core when the operation it runs is a query whose
    answer may be cached; ``None`` for a mutation, a subscription, a document that does
    not parse or names no single operation, or one selecting an uncacheable field.
    ``parse_document`` is called as ``parse(query, max_tokens=…)`` (the server passes the
    parser cache strawberry runs the document with, so it is parsed once).

    >>> normalised_query("query  Q { units # all of them\\n { name } }", "Q")
    'query Q {\\n  units {\\n    name\\n  }\\n}'
    >>> normalised_query("{units{name}}") == normalised_query("{ units { name } }")
    True
    >>> normalised_query("mutation { x }") is None, normalised_query("{ x") is None
    (True, True)
    >>> normalised_query("query A { a } query B { b }") is None  # which one? not ours to say
    True
    >>> normalised_query("{ urges { deliveries { status } } }") is None
    True
    >>> normalised_query("{ a }", {"not": "a name"}) is None  # refused by the server as 400
    True
    """
    if not isinstance(query, str) or not isinstance(operation_name, (str, type(None))):
        return None
    memo = (query, operation_name, max_tokens)
    with _NORMALISED_LOCK:
        if memo in _NORMALISED:
            return _NORMALISED[memo]
    document = _normalise(query, operation_name, max_tokens, parse_document)
    if len(query) <= _MEMO_CHARS:  # huge documents are not worth keeping twice
        with _NORMALISED_LOCK:
            _NORMALISED[memo] = document
    return document


#: Longest document whose normalised form is remembered.
_MEMO_CHARS = 20_000


def _normalise(query: str, operation_name: str | None, max_tokens: int | None,
               parse_document: Callable[..., DocumentNode]) -> str | None:
    if _UNCACHEABLE.search(query):
        return None
    try:
        document = (parse_document(query) if max_tokens is None
                    else parse_document(query, max_tokens=max_tokens))
    except (GraphQLError, RecursionError, TypeError):
        return None
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    return print_ast(document)


def scope_of(principal: Any) -> str | None:
    """The access scope of a caller, or ``None`` for an invalid token (never cached).

    >>> from types import SimpleNamespace as P
    >>> scope_of(P(invalid=False, token_id=None))
    'anonymous'
    >>> scope_of(P(invalid=False, token_id="a1", role="reporter", unit_id=7, jurisdiction_id=None))
    'reporter|7|None'
    >>> scope_of(P(invalid=True, token_id=None)) is None
    True
    """
    if getattr(principal, "invalid", True):
        return None
    if getattr(principal, "token_id", None) is None:
        return "anonymous"
    return f"{principal.role}|{principal.unit_id}|{principal.jurisdiction_id}"


def cache_key(*, document: str, operation_name: str | None, variables: Any,
              version: tuple[int, ...], scope: str, language: str, today: dt.date) -> str:
    """A digest of every part of the key (see the module docstring).

    >>> parts = dict(document="{ a }", operation_name=None, version=(3, 41),
    ...              scope="anonymous", language="zh", today=dt.date(2026, 11, 30))
    >>> cache_key(variables={"x": 1, "y": 2}, **parts) == cache_key(variables={"y": 2, "x": 1}, **parts)
    True
    >>> cache_key(variables={"x": 1}, **parts) == cache_key(variables={"x": 2}, **parts)
    False
    >>> cache_key(variables=None, **parts) == cache_key(variables={}, **parts)
    True
    """
    material = json.dumps([document, operation_name or "", variables or {}, list(version),
                           scope, language, today.isoformat()],
                          sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class ResponseCache:
    """Encoded answers by key, bounded by ``max_entries`` and ``max_bytes``.

    Parameters
    ----------
    max_entries
        Most answers kept (0 turns the cache off).
    max_bytes
        Most bytes of answers kept, all entries together.
    max_entry_bytes
        Larger answers are not kept.
    """

    def __init__(self, *, max_entries: int, max_bytes: int, max_entry_bytes: int) -> None:
        self.max_entries = max(0, max_entries)
        self.max_bytes = max(0, max_bytes)
        self.max_entry_bytes = min(max(0, max_entry_bytes), self.max_bytes)
        self._lock = threading.Lock()
        self._entries: LRUCache[str, bytes] = LRUCache(maxsize=max(1, self.max_bytes),
                                                       getsizeof=len)
        # answers being computed now, by key: who asks meanwhile waits (at most one per
        # operation admitted, so bounded by the workers and the queue)
        self._pending: dict[str, Future[bytes | None]] = {}
        #: Requests that waited for an identical request's answer instead of computing it.
        self.joined = 0

    @property
    def enabled(self) -> bool:
        """False when configured off (no entries or no bytes)."""
        return self.max_entries > 0 and self.max_entry_bytes > 0

    @property
    def size_bytes(self) -> int:
        """Bytes of answers kept now (never above ``max_bytes``)."""
        with self._lock:
            return int(self._entries.currsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, key: str) -> bytes | None:
        """The answer kept under ``key``, else ``None``."""
        with self._lock:
            return self._entries.get(key)

    def look_up(self, key: str) -> tuple[bytes | None, Future[bytes | None] | None]:
        """``(answer, None)`` when kept; ``(None, pending)`` when another request is
        computing it now (``pending`` gives its answer, or ``None`` when it had none to
        keep); ``(None, None)`` on a miss: the caller computes the answer and must call
        :meth:`settle` with it (or ``None``) whatever happens."""
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                return body, None
            pending = self._pending.get(key)
            if pending is not None:
                self.joined += 1
                return None, pending
            self._pending[key] = Future()
            return None, None

    def settle(self, key: str, body: bytes | None) -> None:
        """The answer of ``key`` is known: keep it (when it fits) and hand it to who
        waits; ``None``: there is none to share (errors, a timeout), who waits computes
        its own."""
        if body is not None:
            self.put(key, body)
        with self._lock:
            pending = self._pending.pop(key, None)
        if pending is not None and not pending.done():
            pending.set_result(body)

    def put(self, key: str, body: bytes) -> bool:
        """Keep ``body`` under ``key``, evicting the least recently used entries as the
        bounds require; False when it is too large to keep."""
        if not self.enabled or len(body) > self.max_entry_bytes:
            return False
        with self._lock:
            self._entries[key] = body  # LRUCache evicts until the bytes fit
            while len(self._entries) > self.max_entries:
                self._entries.popitem()  # the least recently used
        return True
