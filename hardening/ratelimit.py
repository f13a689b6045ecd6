"""Per-client-IP and per-token rate limits: token buckets, ``429`` with ``Retry-After``.

A bucket holds ``per_minute`` requests and refills continuously, so a client may burst
up to a minute's allowance and then gets one request every ``60 / per_minute`` s.
Tokens are keyed by a hash of the ``Authorization`` header (the clear token is never
kept).  The client IP is the socket peer, or, from a configured trusted proxy, the
address it forwarded (:mod:`observability.clientip`).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from hardening.body import send_json_error
from i18n import t
from observability.clientip import client_address, parse_networks

EXEMPT_PATHS = frozenset({"/healthz"})
MAX_BUCKETS = 50_000


class Buckets:
    """Token buckets by key, ``per_minute`` capacity each; thread-safe."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._state: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Spend one request for ``key``; 0 when allowed, else seconds until allowed."""
        now = self.clock()
        with self._lock:
            tokens, last = self._state.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._state[key] = (tokens - 1, now)
                wait = 0.0
            else:
                self._state[key] = (tokens, now)
                wait = (1 - tokens) / self.rate
            if len(self._state) > MAX_BUCKETS:  # forget the fullest (idle) buckets
                self._state = dict(sorted(self._state.items(), key=lambda kv: kv[1][0])
                                   [: MAX_BUCKETS // 2])
            return wait


def token_key(authorization: bytes) -> str:
    """The bucket key of an ``Authorization`` header: a short hash, never the token."""
    return hashlib.sha256(authorization).hexdigest()[:24]


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
        self.by_ip = Buckets(per_ip) if per_ip > 0 else None
        self.by_token = Buckets(per_token) if per_token > 0 else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        waits = []
        authorization = dict(scope.get("headers") or []).get(b"authorization")
        if self.by_token is not None and authorization:
            waits.append(("error.rate_limited.token",
                          self.by_token.take(token_key(authorization))))
        if self.by_ip is not None:
            client = client_address(scope, self.trusted)
            waits.append(("error.rate_limited.client", self.by_ip.take(client)))
        limited = [(who, wait) for who, wait in waits if wait > 0]
        if limited:
            who, wait = max(limited, key=lambda w: w[1])
            seconds = max(1, math.ceil(wait))
            await send_json_error(send, 429, t(who, seconds=seconds), "RATE_LIMITED",
                                  headers=[(b"retry-after", str(seconds).encode())],
                                  retryAfterSeconds=seconds)
            return
        await self.app(scope, receive, send)
