"""The server's outbox dispatcher: a background task delivering due outbox messages.

It runs :func:`alerts.outbox_dispatch.dispatch_due` (the same claims, retries and
acknowledgements as ``policygraph alerts run``) in a worker thread, never on the event
loop, every ``every`` seconds and at once when :meth:`OutboxDispatcher.wake` is called (an
urge was just recorded, from any thread).  Several server processes may each run one: the
outbox's atomic claims make every message go out once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping

import networkx as nx
from sqlalchemy.engine import Engine

from alerts.channels.base import Channel
from alerts.outbox_dispatch import DispatchReport, RetryPolicy, dispatch_due

_log = logging.getLogger("policygraph.alerts.dispatcher")


class OutboxDispatcher:
    """Deliver the outbox from a server process: woken, or every ``every`` seconds.

    Parameters
    ----------
    engine
        The database holding the outbox.
    channels
        Channel objects by name (an empty mapping delivers nothing: messages wait).
    graph
        A function giving the current graph (urges are rendered with it).
    every
        Seconds between two polls when nobody wakes it.
    clock
        The current time (aware); tests may pass their own.
    """

    def __init__(self, *, engine: Engine, channels: Mapping[str, Channel],
                 graph: Callable[[], nx.MultiDiGraph], every: float = 5.0,
                 clock: Callable[[], dt.datetime] | None = None,
                 policy: RetryPolicy | None = None) -> None:
        self.engine, self.channels, self.graph, self.every = engine, channels, graph, every
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.policy = policy
        self.rounds = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._woken: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the background task on the running event loop."""
        self._loop = asyncio.get_running_loop()
        self._woken = asyncio.Event()
        self._task = self._loop.create_task(self._run(), name="outbox-dispatcher")

    async def stop(self) -> None:
        """Stop the task (a send in progress finishes in its thread)."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def wake(self) -> None:
        """Dispatch now rather than at the next poll; safe from any thread."""
        if self._loop is not None and self._woken is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._woken.set)

    def dispatch_once(self) -> DispatchReport:
        """One dispatch round (blocking: called in a worker thread)."""
        return dispatch_due(engine=self.engine, channels=self.channels, now=self.clock(),
                            policy=self.policy, graph=self.graph)

    async def _run(self) -> None:
        assert self._woken is not None
        while True:
            try:
                await asyncio.wait_for(self._woken.wait(), timeout=self.every)
            except TimeoutError:
                pass
            self._woken.clear()
            try:
                report = await asyncio.to_thread(self.dispatch_once)
            except Exception:  # a database outage must not end the task: retry next round
                _log.exception("outbox dispatch failed; retrying in %.0f s", self.every)
                continue
            self.rounds += 1
            if report.sent or report.failed or report.retrying:
                _log.info("outbox: %d sent, %d retrying, %d failed", len(report.sent),
                          len(report.retrying), len(report.failed))
