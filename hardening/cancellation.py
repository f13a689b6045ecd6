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
"""

from __future__ import annotations

import asyncio
from typing import Any

from graph.cancel import Cancelled, checkpoint
from hardening.leaves import LeafExecution


def _stop_if_cancelled() -> None:
    try:
        checkpoint()
    except Cancelled as stop:
        # Not an Exception: graphql-core would turn one into an error per pending
        # field (seconds for a list of 100,000 objects); CancelledError unwinds the
        # whole operation at once, through strawberry's extensions (the session is
        # closed on the way out).  The client was answered 503 already.
        raise asyncio.CancelledError(str(stop)) from stop


class CancellableExecution(LeafExecution):
    """graphql-core's execution, checking the operation's cancel token at every field
    (and before every object answered by the plain-leaf path)."""

    def build_resolve_info(self, *args: Any, **kwargs: Any) -> Any:
        _stop_if_cancelled()
        return super().build_resolve_info(*args, **kwargs)

    # a plain function (see LeafExecution.object_reached): kept plans call it
    object_reached = staticmethod(_stop_if_cancelled)
