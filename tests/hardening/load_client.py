"""A load generator run as its own process (so its work never competes with the server's
threads for one interpreter): ``concurrency`` clients each send GraphQL queries in a
loop for ``seconds``, cycling through the given bearer tokens, and the process prints
one JSON summary line.

    python -m tests.hardening.load_client BASE SECONDS CONCURRENCY QUERY TOKEN...
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from typing import Any

import httpx


async def _client(base: str, query: str, headers: dict[str, str], until: float,
                  tally: Counter[str], slowest: list[float]) -> None:
    # One connection per client: 64 clients are 64 concurrent requests.
    async with httpx.AsyncClient(timeout=30, headers=headers) as client:
        while time.monotonic() < until:
            started = time.monotonic()
            try:
                response = await client.post(f"{base}/graphql", json={"query": query})
            except httpx.HTTPError as error:
                tally[f"error:{type(error).__name__}"] += 1
                continue
            slowest[0] = max(slowest[0], time.monotonic() - started)
            if response.status_code == 503 and "retry-after" not in response.headers:
                tally["503 without Retry-After"] += 1
            elif response.status_code == 200 and response.json().get("errors"):
                codes = {e.get("extensions", {}).get("code") for e in response.json()["errors"]}
                tally[f"200:{','.join(sorted(str(c) for c in codes))}"] += 1
            else:
                tally[str(response.status_code)] += 1
            if response.status_code == 503:
                await asyncio.sleep(0.05)  # a polite client backs off a little


async def run(base: str, seconds: float, concurrency: int, query: str,
              tokens: list[str]) -> dict[str, Any]:
    """Counts of answers by status (and error codes), the slowest answer, the clients."""
    tally: Counter[str] = Counter()
    slowest = [0.0]
    until = time.monotonic() + seconds
    await asyncio.gather(*(
        _client(base, query, {"authorization": f"Bearer {tokens[i % len(tokens)]}"}
                if tokens else {}, until, tally, slowest)
        for i in range(concurrency)))
    return {"counts": dict(tally), "slowest_seconds": round(slowest[0], 3),
            "clients": concurrency}


if __name__ == "__main__":
    base_arg, seconds_arg, concurrency_arg, query_arg, *token_args = sys.argv[1:]
    summary = asyncio.run(run(base_arg, float(seconds_arg), int(concurrency_arg), query_arg,
                              token_args))
    print(json.dumps(summary))
