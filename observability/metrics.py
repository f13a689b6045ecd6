"""An application's Prometheus metrics, in ONE :class:`prometheus_client.CollectorRegistry`.

``policygraph_http_requests_total{route,method,status}``,
``policygraph_http_errors_total{route,kind}`` (``client`` for 4xx, ``server`` for 5xx),
``policygraph_http_request_duration_seconds{route}`` (a histogram) and
``policygraph_feed_requests_total{route}`` are filled as requests finish
(``policygraph_response_cache_hits_total`` and ``_misses_total`` as queries are looked up); counts kept
elsewhere (failed authentications) are read at scrape time by a collector registered
with :meth:`Metrics.count_from`.  Routes are path templates, never raw paths, so the
series stay few.  ``GET /metrics`` (``feeds.routes``) writes the registry with
:meth:`Metrics.exposition`, adding that scrape's own gauges (obligations on ``?as_of=``).

Each application owns its registry (not prometheus-client's global one), so two apps
in one process never count each other's requests.

Several processes (``policygraph serve --workers N``) use prometheus-client's
multiprocess mode: the parent sets ``PROMETHEUS_MULTIPROC_DIR`` before the workers
start, every counter and histogram writes its values to files there, and
``Metrics(multiprocess_dir=…)`` answers a scrape with a ``MultiProcessCollector``
summing every worker's files, whichever worker is asked.  Counters kept outside this
module that must be summed too are real prometheus-client counters handed to
:meth:`Metrics.count_process` (failed authentications).  A value a process keeps
itself (live subscriptions, :meth:`Metrics.gauge_from`) becomes a ``livesum`` gauge
that each process refreshes every :data:`GAUGE_REFRESH_SECONDS` and at each scrape,
so the page shows the sum over the processes alive (:meth:`Metrics.close` drops a
stopping process's share).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping

import prometheus_client
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.metrics_core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

# Counters without their ``_created`` samples: every sample keeps its labels and a plain value.
prometheus_client.disable_created_metrics()

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: generate_latest writes the text format 0.0.4 (prometheus-client's own constant now
#: names 1.0.0, which scrapers negotiate; the page says what it is).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Seconds between two writes of a process's own gauges to the multiprocess files.
GAUGE_REFRESH_SECONDS = 2.0


def multiprocess_mode_on() -> bool:
    """Whether prometheus-client writes its values to files (it decides when it is first
    imported, from ``PROMETHEUS_MULTIPROC_DIR``)."""
    return values.ValueClass is not values.MutexValue


class _CountsCollector(Collector):
    """A counter family whose values another part of the process keeps."""

    def __init__(self, name: str, documentation: str, label: str,
                 read: Callable[[], Mapping[str, int]]) -> None:
        self.name, self.documentation, self.label, self.read = name, documentation, label, read

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(self.name, self.documentation, labels=[self.label])
        for value, count in sorted(self.read().items()):
            family.add_metric([value], count)
        yield family


class _Scrape:
    """The registry plus one scrape's own families, for :func:`generate_latest`."""

    def __init__(self, registry: CollectorRegistry, extra: Iterable[Metric]) -> None:
        self.registry, self.extra = registry, list(extra)

    def collect(self) -> Iterator[Metric]:
        yield from self.extra
        yield from self.registry.collect()


class Metrics:
    """One application's metrics.

    >>> m = Metrics()
    >>> m.observe(route="/graphql", method="POST", status=200, seconds=0.02)
    >>> m.observe(route="/graphql", method="POST", status=413, seconds=0.001)
    >>> text = m.exposition().decode()  # labels in alphabetical order, values as floats
    >>> 'policygraph_http_requests_total{method="POST",route="/graphql",status="200"} 1.0' in text
    True
    >>> 'policygraph_http_errors_total{kind="client",route="/graphql"} 1.0' in text
    True
    """

    def __init__(self, multiprocess_dir: str | None = None) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess_dir = multiprocess_dir
        # in multiprocess mode the files are the truth: the metrics write there and the
        # registry reads every process's files (registering them too would count twice)
        own: CollectorRegistry | None = self.registry
        if multiprocess_dir is not None:
            if not multiprocess_mode_on():
                raise ValueError("a metrics folder needs PROMETHEUS_MULTIPROC_DIR set before "
                                 "the process starts (policygraph serve --workers sets it)")
            multiprocess.MultiProcessCollector(self.registry, path=multiprocess_dir)
            own = None
        self.requests = Counter("policygraph_http_requests", "HTTP requests by route, method, status.",
                                ["route", "method", "status"], registry=own)
        self.errors = Counter("policygraph_http_errors",
                              "Responses with status 4xx (client) or 5xx (server).",
                              ["route", "kind"], registry=own)
        self.latency = Histogram("policygraph_http_request_duration_seconds", "Request latency.",
                                 ["route"], buckets=BUCKETS, registry=own)
        self.feed_requests = Counter("policygraph_feed_requests", "Requests served by the feeds.",
                                     ["route"], registry=own)
        # the GraphQL response cache (hardening/response_cache.py): answers served from it or not
        self.cache_hits = Counter("policygraph_response_cache_hits",
                                  "GraphQL queries answered from the response cache.",
                                  registry=own)
        self.cache_misses = Counter("policygraph_response_cache_misses",
                                    "Cacheable GraphQL queries the response cache did not hold.",
                                    registry=own)
        self._gauges: list[tuple[Gauge, Callable[[], float]]] = []
        self._stop = threading.Event()
        self._refresher: threading.Thread | None = None

    def observe(self, *, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        self.requests.labels(route, method, str(status)).inc()
        if status >= 400:
            self.errors.labels(route, "server" if status >= 500 else "client").inc()
        self.latency.labels(route).observe(seconds)

    def count_feed_request(self, route: str) -> None:
        """Count one request to a feed route (its template, e.g. ``/calendar/{unit}.ics``)."""
        self.feed_requests.labels(route).inc()

    def count_from(self, name: str, documentation: str, label: str,
                   read: Callable[[], Mapping[str, int]]) -> None:
        """Expose counts kept elsewhere as the counter ``name`` (``_total`` is added),
        read at each scrape: this process's counts only, so across several processes
        use a real counter and :meth:`count_process`.

        >>> m = Metrics()
        >>> m.count_from("policygraph_auth_failures", "Refused.", "reason", lambda: {"x": 2})
        >>> 'policygraph_auth_failures_total{reason="x"} 2.0' in m.exposition().decode()
        True
        """
        self.registry.register(_CountsCollector(name, documentation, label, read))

    def count_process(self, counter: Counter) -> None:
        """Expose a process-wide prometheus-client counter (made with ``registry=None``)
        kept by another package: registered here in one process, read from the
        multiprocess files (summed over the processes) in several.

        >>> m = Metrics()
        >>> refused = Counter("policygraph_refusals", "Refused.", ["reason"], registry=None)
        >>> refused.labels("x").inc(2)
        >>> m.count_process(refused)
        >>> 'policygraph_refusals_total{reason="x"} 2.0' in m.exposition().decode()
        True
        """
        if self.multiprocess_dir is None:
            self.registry.register(counter)

    def gauge_from(self, name: str, documentation: str, read: Callable[[], float]) -> None:
        """Expose a value kept elsewhere as the gauge ``name``, read at each scrape (in
        several processes: the sum over the live processes, each refreshing its own).

        >>> m = Metrics()
        >>> m.gauge_from("policygraph_live_subscriptions", "Served.", lambda: 3)
        >>> 'policygraph_live_subscriptions 3.0' in m.exposition().decode()
        True
        """
        if self.multiprocess_dir is None:
            Gauge(name, documentation, registry=self.registry).set_function(read)
            return
        gauge = Gauge(name, documentation, registry=None, multiprocess_mode="livesum")
        self._gauges.append((gauge, read))
        if self._refresher is None:
            self._refresher = threading.Thread(target=self._refresh_every, daemon=True,
                                               name="metrics-gauges")
            self._refresher.start()

    def _refresh(self) -> None:
        for gauge, read in self._gauges:
            gauge.set(read())

    def _refresh_every(self) -> None:
        while not self._stop.wait(GAUGE_REFRESH_SECONDS):
            self._refresh()

    def close(self) -> None:
        """A stopping process: its live gauges leave the multiprocess sums."""
        self._stop.set()
        if self.multiprocess_dir is not None:
            multiprocess.mark_process_dead(os.getpid(), self.multiprocess_dir)

    def exposition(self, extra: Iterable[Metric] = ()) -> bytes:
        """The text page: ``extra`` families (one scrape's gauges) then the registry's."""
        self._refresh()
        return generate_latest(_Scrape(self.registry, extra))
