"""A bounded load generator: a fixed number of requests over N concurrent connections.

Each connection is a thread holding one keep-alive ``http.client`` connection (the
standard library's): every latency is kept (nearest-rank p99) and each answer is checked
for GraphQL ``errors``.  The client shares the 2 cores with the server, which lowers
absolute throughput; the ratios the targets are about compare servers under the same
client.

Why not httpx on asyncio, which this used before: its client cost two to three times
the server's CPU per request, so the runs measured the client as much as the server, and
under 8 connections it held a few requests back for 0.3-0.9 s while the others went on
(the last answers of a run of 240 came in that late, for the bare endpoint as for
GraphQL), which moved the throughput of a run by up to 40 % and put the stall into p99.
A raw-socket client on the same server, with httpx's headers, saw no such stall.
Connections are opened, and answer one request each, before the clock starts.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bench.stats import percentile


@dataclass(frozen=True)
class Request:
    """One request to repeat: ``GET path`` or, with ``body``, ``POST path`` as JSON."""

    path: str
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadResult:
    """Latencies (milliseconds) of one run, its wall time and what went wrong.

    ``errors`` counts every request that did not answer: ``non_200`` of them had
    another status (``statuses`` counts each), ``failed`` never got a response, the rest
    answered 200 with GraphQL ``errors``.
    """

    requests: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    non_200: int = 0
    failed: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    #: Requests sent before the clock started (one per connection), not in the figures.
    warmups: int = 0

    @property
    def p50(self) -> float:
        """Median latency, ms."""
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        """99th percentile latency, ms."""
        return percentile(self.latencies_ms, 99)

    @property
    def rps(self) -> float:
        """Completed requests per second of wall time."""
        return self.requests / self.seconds if self.seconds else 0.0


def graphql_errors(content: bytes) -> bool:
    """Whether a JSON answer carries a non-empty GraphQL ``errors`` list.

    The byte search spares parsing every large answer; a match is confirmed by parsing.

    >>> graphql_errors(b'{"data": {"a": 1}}'), graphql_errors(b'{"data": null, "errors": [{}]}')
    (False, True)
    >>> graphql_errors(b'{"data": {"errors": "a field named so"}}')
    False
    """
    if b'"errors"' not in content:
        return False
    try:
        answer = json.loads(content)
    except ValueError:
        return True  # an answer that is not JSON is not one
    return isinstance(answer, dict) and bool(answer.get("errors"))


class _Tally:
    """What the connections of one run found, under one lock."""

    def __init__(self, requests: int) -> None:
        self.lock = threading.Lock()
        self.remaining = requests
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.answered_with_errors = self.failed = 0

    def take(self) -> bool:
        """Whether a request is left to send (and it is now this caller's)."""
        with self.lock:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True


def _exchange(connection: http.client.HTTPConnection, request: Request,
              body: bytes | None) -> tuple[int, bytes]:
    """One request over ``connection``: its status and body (read whole)."""
    headers = dict(request.headers)
    if body is None:
        connection.request("GET", request.path, headers=headers)
    else:
        headers["Content-Type"] = "application/json"
        connection.request("POST", request.path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def _connection_loop(address: tuple[str, int], request: Request, tally: _Tally,
                     ready: threading.Barrier, deadline: list[float]) -> None:
    """One connection: a warm-up request, then requests until none is left or the
    deadline passes (each connection completes at least one)."""
    body = None if request.body is None else json.dumps(request.body).encode()
    connection = http.client.HTTPConnection(*address, timeout=120)
    try:
        _exchange(connection, request, body)
    except Exception:  # the timed requests will count it
        connection.close()
    finally:
        ready.wait()  # every connection passes, or none would start
    first = True
    while (first or time.perf_counter() < deadline[0]) and tally.take():
        first = False
        began = time.perf_counter()
        try:
            status, content = _exchange(connection, request, body)
        except (OSError, http.client.HTTPException):
            connection.close()  # reconnects on the next request
            with tally.lock:
                tally.failed += 1
                tally.latencies.append((time.perf_counter() - began) * 1000)
            continue
        elapsed = (time.perf_counter() - began) * 1000
        with_errors = status == 200 and body is not None and graphql_errors(content)
        with tally.lock:
            tally.latencies.append(elapsed)
            tally.statuses[status] += 1
            tally.answered_with_errors += with_errors
    connection.close()


def run_load(base_url: str, request: Request, *, requests: int = 200, concurrency: int = 8,
             max_seconds: float = 15.0) -> LoadResult:
    """Send ``requests`` copies of ``request`` over ``concurrency`` connections.

    Parameters
    ----------
    base_url
        ``http://127.0.0.1:PORT``.
    request
        What to send.
    requests
        Total number of requests (the bound).
    max_seconds
        The other bound: no request starts after this many seconds, so a slow endpoint
        cannot stretch the run (the figures then rest on fewer requests).  Each
        connection still completes at least one request.
    concurrency
        Connections kept busy at once.

    Returns
    -------
    LoadResult
        Every latency; non-200 answers, failed requests and GraphQL ``errors`` are
        counted in ``errors``.
    """
    parts = urlsplit(base_url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    tally = _Tally(requests)
    deadline = [0.0]
    started: list[float] = []

    def start() -> None:  # once every connection is open and warm
        started.append(time.perf_counter())
        deadline[0] = started[0] + max_seconds

    ready = threading.Barrier(concurrency, action=start)
    threads = [threading.Thread(target=_connection_loop,
                                args=(address, request, tally, ready, deadline), daemon=True)
               for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started[0]
    non_200 = sum(n for status, n in tally.statuses.items() if status != 200)
    return LoadResult(requests=len(tally.latencies), seconds=seconds,
                      latencies_ms=tally.latencies,
                      errors=tally.answered_with_errors + non_200 + tally.failed,
                      non_200=non_200, failed=tally.failed, statuses=dict(tally.statuses),
                      warmups=concurrency)
