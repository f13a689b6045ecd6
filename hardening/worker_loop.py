"""The event loop each admission worker thread keeps for the operations it runs, and the
cancelling of what an operation leaves on it (:class:`hardening.view.HardenedView`)."""

from __future__ import annotations

import asyncio
import threading

from graph.cancel import CancelToken

_WORKER = threading.local()


class _ThreadLoop:
    """A worker thread's loop, closed when the thread ends (its thread-local data is
    dropped then): a worker pool shut down with the application leaves no loop, and no
    selector, open."""

    __slots__ = ("loop",)

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def __del__(self) -> None:
        if not self.loop.is_closed() and not self.loop.is_running():
            self.loop.close()


def worker_loop() -> asyncio.AbstractEventLoop:
    """This worker thread's event loop, made once: ``asyncio.run`` per request would build
    and tear down a loop each time (measured: +0.35 ms a request)."""
    kept: _ThreadLoop | None = getattr(_WORKER, "kept", None)
    if kept is None or kept.loop.is_closed():
        kept = _ThreadLoop()
        _WORKER.kept = kept
    return kept.loop


def cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what the operation left on ``loop``, as ``asyncio.run`` does on exit.

    graphql-core abandons sibling resolvers when a non-null field fails; on a reused loop
    they would wake during a later request and reopen the finished request's session,
    pinning a pooled connection until the garbage collector came by (found by fuzzing:
    the pool ran dry and a later query waited out its time budget).
    """
    pending = asyncio.all_tasks(loop)
    if pending:
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def cancel_operation(loop: asyncio.AbstractEventLoop, token: CancelToken) -> None:
    """On ``loop``'s own thread: cancel every task of the operation ``token`` belongs to,
    unless that operation has ended and the loop already serves another one."""
    if getattr(loop, "policygraph_token", None) is token:
        for task in asyncio.all_tasks(loop):
            task.cancel()
