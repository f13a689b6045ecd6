"""Admission control: a fixed set of worker threads for GraphQL operations and a short
queue in front of them; a request that finds both full is refused at once.

Every operation (authentication included, unless the response cache already did it in
Starlette's thread pool) runs in one of these threads, never on the event loop, so ``/healthz`` and the other routes keep answering however busy the
operations are.  The slot an operation takes is given back when its thread really
finishes, not when its client gave up: an abandoned operation still counts until the
cancellation it was sent (:mod:`graph.cancel`) has stopped it, so the process never
runs more operations than it has workers.  A request that would have to queue is also
refused at once when the operations lately measured say it could not finish within its
time budget anyway: it would only time out at the end of it.

Examples
--------
>>> admission = Admission(workers=1, queue=1)
>>> import threading
>>> gate = threading.Event()
>>> first = admission.submit(gate.wait)
>>> second = admission.submit(gate.wait)
>>> admission.submit(gate.wait) is None  # one running, one waiting: full
True
>>> gate.set(); first.result(timeout=5), second.result(timeout=5)
(True, True)
>>> admission.close()
>>> admission.submit(gate.wait) is None  # closed: refused, never an exception
True
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from hardening.lazy_state import once_on
from settings import Settings

T = TypeVar("T")

SERVER_BUSY = "SERVER_BUSY"
"""``extensions.code`` of an operation refused because every worker and queue place is
taken, or because no pooled database connection came free in time (HTTP 503)."""


#: Weight of the newest run in :attr:`Admission.mean_seconds` (about the last ten count).
SMOOTHING = 0.2


def default_workers(cpus: int | None = None) -> int:
    """Operations run at once by default: one per core, at most 16.

    More threads than cores make every operation slower, not more of them faster:
    measured with two cores, four workers and a 2 s budget, eight concurrent operations
    of 545 ms each all ran past the budget together and none was answered.

    >>> default_workers(1), default_workers(2), default_workers(64)
    (1, 2, 16)
    """
    count = cpus if cpus is not None else (os.cpu_count() or 1)
    return max(1, min(16, count))


class Admission:
    """A bounded executor: ``workers`` threads and at most ``queue`` operations waiting.

    Parameters
    ----------
    workers
        Operations executed at once (the threads).
    queue
        Operations admitted to wait for a thread; beyond that :meth:`submit` refuses.
    """

    def __init__(self, *, workers: int, queue: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.workers = max(1, workers)
        self.limit = self.workers + max(0, queue)
        self._executor = ThreadPoolExecutor(max_workers=self.workers,
                                            thread_name_prefix="graphql-operation")
        self._lock = threading.Lock()
        self._in_flight = 0
        self._clock = clock
        self._mean: float | None = None  # seconds an operation runs, a moving average

    @property
    def mean_seconds(self) -> float | None:
        """How long operations have lately run (an exponential moving average), or
        ``None`` before the first one finished."""
        return self._mean

    def expected_seconds(self) -> float | None:
        """How long an operation admitted now would take to finish, waiting included:
        the operations queued ahead of it shared among the workers, half an operation
        for a worker to come free, and its own run (``None`` before any measurement).

        >>> admission = Admission(workers=2, queue=8)
        >>> admission._mean, admission._in_flight = 0.5, 6  # two running, four queued
        >>> admission.expected_seconds()  # (4 / 2 + 0.5 + 1) * 0.5
        1.75
        >>> admission.close()
        """
        mean = self._mean
        if mean is None:
            return None
        queued_ahead = max(0, self._in_flight - self.workers)
        waits = queued_ahead / self.workers + (0.5 if self._in_flight >= self.workers else 0.0)
        return (waits + 1.0) * mean

    @property
    def in_flight(self) -> int:
        """Operations admitted and not yet finished (running or waiting)."""
        return self._in_flight

    def submit(self, fn: Callable[..., T], *args: Any,
               budget: float | None = None) -> Future[T] | None:
        """Run ``fn(*args)`` on a worker, or return ``None`` when workers and queue are full,
        or when it would have to wait for a worker and the operations lately measured say
        it could not finish within ``budget`` seconds (refused now, not at the budget's end).
        """
        with self._lock:
            if self._in_flight >= self.limit:
                return None
            if budget and self._in_flight >= self.workers:
                expected = self.expected_seconds()
                if expected is not None and expected > budget:
                    return None
            self._in_flight += 1
        try:
            future = self._executor.submit(self._timed, fn, *args)
        except RuntimeError:  # shutting down: refuse like a full queue
            self._release(None)
            return None
        future.add_done_callback(self._release)  # also when cancelled while queued
        return future

    def _timed(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn`` and fold how long it ran into :attr:`mean_seconds`."""
        started = self._clock()
        try:
            return fn(*args)
        finally:
            seconds = max(0.0, self._clock() - started)
            with self._lock:
                mean = self._mean
                self._mean = seconds if mean is None else mean + SMOOTHING * (seconds - mean)

    def _release(self, _future: object) -> None:
        with self._lock:
            self._in_flight -= 1

    def close(self) -> None:
        """Stop taking work; queued operations are dropped, running ones finish."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def admission_of(state: Any, settings: Settings) -> Admission:
    """The application's :class:`Admission` (made by the lifespan; made here on first use
    when an application was built without it)."""
    return once_on(state, "admission", lambda: make_admission(settings))


def make_admission(settings: Settings) -> Admission:
    """Workers and queue as ``settings`` say (0 workers: :func:`default_workers`)."""
    workers = settings.worker_threads or default_workers()
    return Admission(workers=workers, queue=settings.queue_size)


def pool_options(settings: Settings, url: str | None = None) -> dict[str, Any]:
    """``create_engine`` options sizing the connection pool with the workers: every
    worker can hold a connection, with room for ``/healthz``, the feeds and the widgets,
    and a request that still finds none waits ``db_pool_timeout_seconds``, then fails
    (503) instead of waiting forever.

    >>> pool_options(Settings(worker_threads=4), "sqlite:///data/x.db")
    {'pool_size': 8, 'max_overflow': 10, 'pool_timeout': 5.0}
    >>> pool_options(Settings(), "sqlite://")  # in-memory SQLite has no pool to size
    {}
    """
    if url is not None and url.startswith("sqlite") and (url in ("sqlite://", "sqlite:///")
                                                         or ":memory:" in url):
        return {}
    workers = settings.worker_threads or default_workers()
    return {"pool_size": settings.db_pool_size or workers + 4,
            "max_overflow": settings.db_max_overflow,
            "pool_timeout": settings.db_pool_timeout_seconds}
