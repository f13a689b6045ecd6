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

from prometheus_client import Counter as PrometheusCounter


class FailureCounter:
    """Failed authentications by reason (thread-safe): per process in :meth:`snapshot`,
    and in :attr:`counter`, a prometheus-client counter that several server processes
    sum on ``/metrics`` (``observability.metrics.Metrics.count_process``)."""

    REASONS = ("invalid_token", "missing_token")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self.counter = PrometheusCounter(
            "policygraph_auth_failures",
            "Requests refused for a missing or bad token (not audited).", ["reason"],
            registry=None)
        for reason in self.REASONS:  # both reasons on the page from the start, at 0
            self.counter.labels(reason)

    def inc(self, reason: str) -> None:
        """Count one failure."""
        with self._lock:
            self._counts[reason] += 1
        self.counter.labels(reason).inc()

    def snapshot(self) -> dict[str, int]:
        """This process's counts so far, both reasons always present."""
        with self._lock:
            return {"invalid_token": 0, "missing_token": 0, **self._counts}


AUTH_FAILURES = FailureCounter()
"""This process's failures, read by ``/metrics``."""
