"""A bounded load generator: a fixed number of requests over N concurrent connections.

The load comes from httpx on asyncio rather than Debian's ``wrk``: every latency is
kept (nearest-rank p99) and each answer is checked for GraphQL ``errors``.  The client shares the 2 cores with the server, which lowers
absolute throughput; the ratios the targets are about compare servers under the same
client, so they are unaffected in kind.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

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


async def _load(base_url: str, request: Request, *, requests: int, concurrency: int,
                max_seconds: float) -> LoadResult:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    answered_with_errors = failed = 0
    remaining = requests

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120,
                                 headers=request.headers) as client:
        async def send() -> httpx.Response:
            if request.body is None:
                return await client.get(request.path)
            return await client.post(request.path, json=request.body)

        async def worker() -> None:
            nonlocal remaining, answered_with_errors, failed
            first = True
            while remaining > 0 and (first or time.perf_counter() < deadline):
                first = False
                remaining -= 1  # single-threaded event loop: no lock needed
                began = time.perf_counter()
                try:
                    response = await send()
                except httpx.HTTPError:
                    failed += 1
                    latencies.append((time.perf_counter() - began) * 1000)
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                statuses[response.status_code] += 1
                if response.status_code == 200 and request.body is not None \
                        and graphql_errors(response.content):
                    answered_with_errors += 1

        try:  # one warm-up request so connection set-up is not in the figures
            await send()
        except httpx.HTTPError:
            pass  # the timed requests will count it
        started = time.perf_counter()
        deadline = started + max_seconds
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    non_200 = sum(n for status, n in statuses.items() if status != 200)
    return LoadResult(requests=len(latencies), seconds=seconds, latencies_ms=latencies,
                      errors=answered_with_errors + non_200 + failed, non_200=non_200,
                      failed=failed, statuses=dict(statuses))


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
    return asyncio.run(_load(base_url, request, requests=requests, concurrency=concurrency,
                             max_seconds=max_seconds))
