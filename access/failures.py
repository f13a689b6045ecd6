"""Failed authentications, counted per reason.

Anyone can send any number of bogus tokens, so failures are never written to the audit
trail: they are logged on ``policygraph.auth`` by the caller and counted here
(``policygraph_auth_failures_total`` on ``/metrics``).

Examples
--------
>>> counter = FailureCounter()
>>> counter.inc("invalid_token"); counter.inc("invalid_token")
>>> counter.snapshot()
{'invalid_token': 2, 'missing_token': 0}
"""

from __future__ import annotations

import threading
from collections import Counter


class FailureCounter:
    """Failed authentications by reason, per process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def inc(self, reason: str) -> None:
        """Count one failure."""
        with self._lock:
            self._counts[reason] += 1

    def snapshot(self) -> dict[str, int]:
        """The counts so far, both reasons always present."""
        with self._lock:
            return {"invalid_token": 0, "missing_token": 0, **self._counts}


AUTH_FAILURES = FailureCounter()
"""This process's failures, read by ``/metrics``."""
