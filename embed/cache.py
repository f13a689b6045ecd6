"""Widget response cache: wiki pages load the same cards on every page view.

A widget's answer depends on the graph snapshot (its data version), the progress
reports known (every report, retraction and sheet import writes an audit entry in the
same transaction, so the newest audit entry id moves with them), the day asked about
and the URL.  The cache key is exactly those, so a new ingest or report is seen on the
next request, in this process and in every other one sharing the database.

Entries also expire after ``ttl_seconds``: on PostgreSQL two transactions may commit
out of id order, and a report committed under a lower id than one already seen would
otherwise wait for the next change to show.  The cache lives in one process's memory
on purpose: it is only a shortcut, every process can rebuild it from the database.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.responses import Response

from store.audit import newest_audit_id


def progress_marker(engine: Engine) -> int:
    """The newest audit entry id (0 when there is none): moves with every report write."""
    with Session(engine) as session:
        return newest_audit_id(session=session)


@dataclass(frozen=True)
class _Entry:
    body: bytes
    status: int
    headers: tuple[tuple[bytes, bytes], ...]  # raw, without content-length
    stored_at: float


class WidgetCache:
    """A bounded LRU of finished widget responses (successful ones only).

    Parameters
    ----------
    max_entries
        How many responses to keep (0 turns the cache off).
    ttl_seconds
        The longest an entry is served.

    Examples
    --------
    >>> cache = WidgetCache(max_entries=2, ttl_seconds=60)
    >>> calls = []
    >>> make = lambda: calls.append(1) or Response(b"card", media_type="text/html")
    >>> [cache.get_or_render(("v1", "/embed/unit/x"), make).body for _ in range(3)]
    [b'card', b'card', b'card']
    >>> len(calls), cache.hits, cache.misses
    (1, 2, 1)
    """

    def __init__(self, *, max_entries: int = 512, ttl_seconds: float = 60.0) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()  # handlers run in Starlette's thread pool

    def get_or_render(self, key: Hashable, render: Callable[[], Response]) -> Response:
        """The cached response for ``key``, else ``render()`` (kept when it is a 200)."""
        if self.max_entries <= 0:
            return render()
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and now - entry.stored_at <= self.ttl_seconds:
                self._entries.move_to_end(key)
                self.hits += 1
                return _replay(entry)
        self.misses += 1
        response = render()
        if response.status_code == 200 and isinstance(response.body, bytes):
            entry = _Entry(response.body, response.status_code,
                           tuple((k, v) for k, v in response.raw_headers
                                 if k.lower() != b"content-length"), now)
            with self._lock:
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return response


def _replay(entry: _Entry) -> Response:
    response = Response(entry.body, status_code=entry.status)  # sets content-length
    response.raw_headers = [*response.raw_headers, *entry.headers]
    return response
