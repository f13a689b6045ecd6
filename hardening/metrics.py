"""Request counters and latency histograms in the Prometheus text format.

``policygraph_http_requests_total{route,method,status}``,
``policygraph_http_errors_total{route,kind}`` (``client`` for 4xx, ``server`` for 5xx)
and ``policygraph_http_request_duration_seconds{route}`` (a histogram).  Routes are
path templates (``/calendar/{unit}.ics``), never raw paths, so the series stay few.

:class:`MetricsExposition` appends them to the ``/metrics`` page that
``feeds.routes`` serves (obligation gauges), or serves them alone when that route is
missing, so both sets come from one scrape.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from feeds.metrics import escape_label

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METRICS_PATH = "/metrics"


class RequestMetrics:
    """Thread-safe request counters; one per application."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, str, int]] = Counter()
        self.errors: Counter[tuple[str, str]] = Counter()
        self.buckets: Counter[tuple[str, float]] = Counter()
        self.sums: dict[str, float] = {}
        self.counts: Counter[str] = Counter()

    def observe(self, *, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        with self._lock:
            self.requests[(route, method, status)] += 1
            if status >= 400:
                self.errors[(route, "server" if status >= 500 else "client")] += 1
            for bound in BUCKETS:
                if seconds <= bound:
                    self.buckets[(route, bound)] += 1
            self.sums[route] = self.sums.get(route, 0.0) + seconds
            self.counts[route] += 1

    def render(self) -> str:
        """The exposition text (format 0.0.4), ending with a newline.

        >>> m = RequestMetrics()
        >>> m.observe(route="/graphql", method="POST", status=200, seconds=0.02)
        >>> print(m.render().splitlines()[2])
        policygraph_http_requests_total{route="/graphql",method="POST",status="200"} 1
        """
        with self._lock:
            lines = ["# HELP policygraph_http_requests_total HTTP requests by route, method, status.",
                     "# TYPE policygraph_http_requests_total counter"]
            for (route, method, status), n in sorted(self.requests.items()):
                lines.append(f'policygraph_http_requests_total{{route="{escape_label(route)}",'
                             f'method="{method}",status="{status}"}} {n}')
            lines += ["# HELP policygraph_http_errors_total Responses with status 4xx (client) "
                      "or 5xx (server).", "# TYPE policygraph_http_errors_total counter"]
            for (route, kind), n in sorted(self.errors.items()):
                lines.append(f'policygraph_http_errors_total{{route="{escape_label(route)}",'
                             f'kind="{kind}"}} {n}')
            lines += ["# HELP policygraph_http_request_duration_seconds Request latency.",
                      "# TYPE policygraph_http_request_duration_seconds histogram"]
            for route in sorted(self.counts):
                label = escape_label(route)
                for bound in BUCKETS:
                    lines.append(f'policygraph_http_request_duration_seconds_bucket{{route="{label}",'
                                 f'le="{bound:g}"}} {self.buckets[(route, bound)]}')
                lines.append(f'policygraph_http_request_duration_seconds_bucket{{route="{label}",'
                             f'le="+Inf"}} {self.counts[route]}')
                lines.append(f'policygraph_http_request_duration_seconds_sum{{route="{label}"}} '
                             f'{self.sums[route]:.6f}')
                lines.append(f'policygraph_http_request_duration_seconds_count{{route="{label}"}} '
                             f'{self.counts[route]}')
            return "\n".join(lines) + "\n"


class MetricsExposition:
    """ASGI middleware: add :class:`RequestMetrics` to the ``GET /metrics`` page."""

    def __init__(self, app: Any, *, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") != METRICS_PATH or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        status = start.get("status", 500)
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if status == 404:  # no feed metrics mounted: serve ours alone
            status, body = 200, b""
            headers = [(b"content-type", b"text/plain; version=0.0.4; charset=utf-8")]
        if status == 200:
            if body and not body.endswith(b"\n"):
                body += b"\n"
            body += self.metrics.render().encode()
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
