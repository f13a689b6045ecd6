"""A bounded load generator: a fixed number of requests over N concurrent connections.

The load comes from httpx on asyncio rather than Debian's ``wrk``: every latency is
kept (nearest-rank p99) and each answer is checked for GraphQL ``errors``.  The client shares the 2 cores with the server, which lowers
absolute throughput; the ratios the targets are about compare servers under the same
client, so they are unaffected in kind.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.stats import percentile


@dataclass(frozen=True)
class Request:
    """One request to repeat: ``GET path`` or, with ``body``, ``POST path`` as JSON."""

    path: str
    body: dict[str, Any] | None = None


@dataclass
class LoadResult:
    """Latencies (milliseconds) of one run and its wall time."""

    requests: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

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


async def _load(base_url: str, request: Request, *, requests: int, concurrency: int,
                max_seconds: float) -> LoadResult:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    errors = 0
    remaining = requests

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        async def worker() -> None:
            nonlocal remaining, errors
            first = True
            while remaining > 0 and (first or time.perf_counter() < deadline):
                first = False
                remaining -= 1  # single-threaded event loop: no lock needed
                began = time.perf_counter()
                if request.body is None:
                    response = await client.get(request.path)
                else:
                    response = await client.post(request.path, json=request.body)
                latencies.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200 or b'"errors"' in response.content[:200]:
                    errors += 1

        # one warm-up request so connection set-up is not in the figures
        await (client.get(request.path) if request.body is None
               else client.post(request.path, json=request.body))
        started = time.perf_counter()
        deadline = started + max_seconds
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return LoadResult(requests=len(latencies), seconds=seconds, latencies_ms=latencies,
                      errors=errors)


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
        Every latency; non-200 answers and GraphQL ``errors`` are counted in ``errors``.
    """
    return asyncio.run(_load(base_url, request, requests=requests, concurrency=concurrency,
                             max_seconds=max_seconds))
