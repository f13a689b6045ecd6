"""Stop an abandoned operation at its next field.

:class:`hardening.view.HardenedView` cancels an operation's :class:`graph.cancel.CancelToken`
when its time budget runs out.  :class:`CancellableExecution` checks the token before
every field graphql-core resolves, so an operation building a huge answer stops within
one field of being cancelled instead of running on for minutes; the long loops of
:mod:`graph` and the DataLoaders check it too (:func:`graph.cancel.checkpoint`).

The check is one context-variable read per field: graphql-core's own abort signal
would do it too, but it also wraps every awaited resolver in an extra task.
"""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph.cancel import Cancelled, checkpoint


class CancellableExecution(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution, checking the operation's cancel token at every field."""

    def build_resolve_info(self, *args: Any, **kwargs: Any) -> Any:
        try:
            checkpoint()
        except Cancelled as stop:
            # Not an Exception: graphql-core would turn one into an error per pending
            # field (seconds for a list of 100,000 objects); CancelledError unwinds the
            # whole operation at once, through strawberry's extensions (the session is
            # closed on the way out).  The client was answered 503 already.
            raise asyncio.CancelledError(str(stop)) from stop
        return super().build_resolve_info(*args, **kwargs)
