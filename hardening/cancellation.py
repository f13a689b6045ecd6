"""Stop an abandoned operation at its next field.

:class:`hardening.view.HardenedView` cancels an operation's :class:`graph.cancel.CancelToken`
when its time budget runs out.  :class:`CancellableExecution` checks the token before
every field graphql-core resolves, so an operation building a huge answer stops within
one field of being cancelled instead of running on for minutes; the long loops of
:mod:`graph` and the DataLoaders check it too (:func:`graph.cancel.checkpoint`).

The check is one context-variable read per field: graphql-core's own abort signal
would do it too, but it also wraps every awaited resolver in an extra task.  An object
answered by the plain-leaf path (:mod:`hardening.leaves`) is checked once, before its
leaves are read.

It also leaves no reference cycle behind: graphql-core's resolver helpers
(``info.async_helpers``) are the executor's own bound methods, so every finished
operation's executor, context, session and request waited for the cyclic collector
instead of being freed at once (a young collection every couple of hundred requests).
The helpers hold the executor weakly; the plain-leaf plans never hold it (their hook
before each object is a plain function).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import Any

from graph.cancel import Cancelled, checkpoint
from hardening.leaves import LeafExecution


def stop_if_cancelled() -> None:
    """Raise ``asyncio.CancelledError`` when the operation's cancel token was set."""
    try:
        checkpoint()
    except Cancelled as stop:
        # Not an Exception: graphql-core would turn one into an error per pending
        # field (seconds for a list of 100,000 objects); CancelledError unwinds the
        # whole operation at once, through strawberry's extensions (the session is
        # closed on the way out).  The client was answered 503 already.
        raise asyncio.CancelledError(str(stop)) from stop


def _weakly(method: Any) -> Callable[..., Any]:
    """``method``, calling its object through a weak reference (see the module)."""
    bound = weakref.WeakMethod(method)

    def call(*args: Any) -> Any:
        found = bound()
        if found is None:  # a resolver kept its info past the operation's end
            raise RuntimeError("the operation that made this helper has ended")
        return found(*args)

    return call


class CancellableExecution(LeafExecution):
    """graphql-core's execution, checking the operation's cancel token at every field
    (and before every object answered by the plain-leaf path)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        helpers = self.async_helpers
        self.async_helpers = type(helpers)(gather=_weakly(helpers.gather),
                                           track=_weakly(helpers.track))

    def build_resolve_info(self, *args: Any, **kwargs: Any) -> Any:
        stop_if_cancelled()
        return super().build_resolve_info(*args, **kwargs)

    # a plain function (see LeafExecution.object_reached): kept plans call it
    object_reached = staticmethod(stop_if_cancelled)
