"""Cooperative cancellation: a flag the server sets when an operation's time budget has
run out, checked by the resolvers and by long loops over the graph.

Python cannot stop a thread from outside, so work abandoned on timeout must stop itself.
The server runs each operation inside :func:`cancellable` with a fresh
:class:`CancelToken`; code that may run long calls :func:`checkpoint` now and then,
which raises :class:`Cancelled` once the token is set.  Outside an operation (the CLI,
the alerts, a snapshot build) there is no token and :func:`checkpoint` does nothing.

Examples
--------
>>> token = CancelToken()
>>> with cancellable(token):
...     checkpoint()           # not cancelled: returns
...     token.cancel()
...     try:
...         checkpoint()
...     except Cancelled as stop:
...         print(stop)
the operation was cancelled
>>> checkpoint()  # no operation: nothing to cancel
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class Cancelled(Exception):
    """Raised by :func:`checkpoint` in an operation whose token was cancelled."""

    def __init__(self) -> None:
        super().__init__("the operation was cancelled")


class CancelToken:
    """A one-way flag, safe to set from another thread.

    A plain attribute, not a :class:`threading.Event`: nothing waits on it, and it is
    read before every object an answer holds, where the event's lock cost as much as
    answering the object.  Setting it is one store, which other threads see at once.
    """

    __slots__ = ("cancelled",)

    def __init__(self) -> None:
        #: True once :meth:`cancel` was called.
        self.cancelled = False

    def cancel(self) -> None:
        """Ask the operation to stop at its next :func:`checkpoint`."""
        self.cancelled = True


_CURRENT: ContextVar[CancelToken | None] = ContextVar("policygraph_cancel", default=None)


@contextmanager
def cancellable(token: CancelToken) -> Iterator[CancelToken]:
    """Make ``token`` the current one for the block (and the asyncio tasks it starts)."""
    reset = _CURRENT.set(token)
    try:
        yield token
    finally:
        _CURRENT.reset(reset)


def current_token() -> CancelToken | None:
    """The token of the running operation, if any."""
    return _CURRENT.get()


def checkpoint() -> None:
    """Raise :class:`Cancelled` if the running operation was cancelled."""
    token = _CURRENT.get()
    if token is not None and token.cancelled:
        raise Cancelled
