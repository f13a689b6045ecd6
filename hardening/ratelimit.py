"""Per-client-IP and per-token rate limits: ``429`` with ``Retry-After``.

The limits are the ``limits`` library's sliding-window counters of ``N`` per minute
(this minute's count plus the previous minute's, weighted by how much of it still
overlaps the last 60 s), so a client may spend a minute's allowance at once and then
waits until the window has slid.  They count where :mod:`hardening.limit_storage`
says: the memory of the one process on SQLite, the ``rate_limit_counter`` table every
process shares on PostgreSQL (the app's lifespan puts that storage on
``app.state.rate_limit_storage``; the database is then read in a worker thread,
never on the event loop).  When the database cannot be reached the request passes
(the limit is a brake, not a lock; the failure is logged).

Tokens are keyed by a hash of the ``Authorization`` header (the clear token is never
kept).  The client IP is the socket peer, or, from a configured trusted proxy, the
address it forwarded (:mod:`observability.clientip`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import time
from typing import Any

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage, Storage
from limits.strategies import SlidingWindowCounterRateLimiter
from sqlalchemy.exc import SQLAlchemyError

from hardening.body import send_json_error
from hardening.limit_storage import shared
from i18n import t
from observability.clientip import client_address, parse_networks

EXEMPT_PATHS = frozenset({"/healthz"})
log = logging.getLogger(__name__)

#: One limit to check: the message key of its refusal, the limit, the client's identifiers.
Check = tuple[str, RateLimitItemPerMinute, tuple[str, ...]]


def token_key(authorization: bytes) -> str:
    """The counter key of an ``Authorization`` header: a short hash, never the token."""
    return hashlib.sha256(authorization).hexdigest()[:24]


def spend(storage: Storage, checks: list[Check]) -> list[tuple[str, float]]:
    """Count one request against every limit of ``checks``; the refused ones, each with
    the seconds until its window lets a request through again.

    >>> from limits.storage import MemoryStorage
    >>> storage, three = MemoryStorage(), RateLimitItemPerMinute(3)
    >>> [spend(storage, [("who", three, ("ip", "10.0.0.9"))]) for _ in range(3)]
    [[], [], []]
    >>> [(who, 0 < wait <= 120) for who, wait in spend(storage, [("who", three, ("ip", "10.0.0.9"))])]
    [('who', True)]
    >>> spend(storage, [("who", three, ("ip", "10.0.0.10"))])  # another client counts apart
    []
    """
    limiter = SlidingWindowCounterRateLimiter(storage)
    refused = []
    for who, item, identifiers in checks:
        if not limiter.hit(item, *identifiers):
            reset = limiter.get_window_stats(item, *identifiers).reset_time
            refused.append((who, max(reset - time.time(), 0.001)))
    return refused


class RateLimit:
    """ASGI middleware applying both limits (``0`` turns one off).

    Parameters
    ----------
    app
        The application to protect.
    per_ip, per_token
        Requests per minute per client address and per bearer token.
    trusted_proxies
        Addresses or networks whose ``X-Forwarded-For`` is believed (none by default).
    """

    def __init__(self, app: Any, *, per_ip: int, per_token: int,
                 trusted_proxies: tuple[str, ...] = ()) -> None:
        self.app = app
        self.trusted = parse_networks(trusted_proxies)
        self.per_ip = RateLimitItemPerMinute(per_ip) if per_ip > 0 else None
        self.per_token = RateLimitItemPerMinute(per_token) if per_token > 0 else None
        self._memory: Storage | None = None  # before the lifespan chose a storage

    def _storage(self, scope: dict[str, Any]) -> Storage:
        state = getattr(scope.get("app"), "state", None)
        chosen = getattr(state, "rate_limit_storage", None)
        if chosen is not None:
            return chosen
        if self._memory is None:
            self._memory = MemoryStorage()
        return self._memory

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        checks: list[Check] = []
        authorization = dict(scope.get("headers") or []).get(b"authorization")
        if self.per_token is not None and authorization:
            checks.append(("error.rate_limited.token", self.per_token,
                           ("token", token_key(authorization))))
        if self.per_ip is not None:
            checks.append(("error.rate_limited.client", self.per_ip,
                           ("ip", client_address(scope, self.trusted))))
        storage = self._storage(scope)
        try:
            limited = (await asyncio.to_thread(spend, storage, checks) if shared(storage)
                       else spend(storage, checks)) if checks else []
        except SQLAlchemyError as error:
            log.warning("rate limits not counted, the database failed: %s", error)
            limited = []
        if limited:
            who, wait = max(limited, key=lambda w: w[1])
            seconds = max(1, math.ceil(wait))
            await send_json_error(send, 429, t(who, seconds=seconds), "RATE_LIMITED",
                                  headers=[(b"retry-after", str(seconds).encode())],
                                  retryAfterSeconds=seconds)
            return
        await self.app(scope, receive, send)
