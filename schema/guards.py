"""The schema's own guards on every operation, as one strawberry extension.

Strawberry wraps every hook of every extension in a fresh context manager per
operation, so four extensions of one hook each (access control, string limits, closing
the session, masking errors) cost more than one with two hooks doing the same in the
same order:

- before execution: refuse a bad token or a refused anonymous read
  (:func:`schema.auth.refuse_unreadable`), then over-long or unstorable string arguments
  (:func:`schema.lengths.refuse_overlong`); a refusal is the operation's result and
  strawberry runs nothing;
- after the operation: mask unexpected errors (strawberry's ``MaskErrors``), then close
  the request's session, also when the operation raised.

The server's extensions (:func:`hardening.stack.schema_extensions`) come after this one,
so their ``on_operation`` ends first and their ``on_execute`` checks run after these.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import DocumentNode, GraphQLError
from strawberry.extensions import MaskErrors

from i18n import gettext as _
from schema.auth import refuse_unreadable, unreadable
from schema.context import Context
from schema.lengths import DEFAULT_MAX_STRING_LENGTH, overlong, refuse_overlong


def unexpected(error: GraphQLError) -> bool:
    """An error a resolver raised by accident (a database error, a bug): its message may
    hold SQL, parameters or paths, so the client gets a generic one (the log keeps it).

    >>> unexpected(GraphQLError("x", path=["unit"], original_error=ValueError("SELECT")))
    True
    >>> unexpected(GraphQLError("x", path=["unit"], original_error=ValueError("y"),
    ...                         extensions={"code": "NOT_FOUND"}))
    False
    >>> unexpected(GraphQLError("Syntax Error"))  # about the document: no path
    False
    """
    return (error.path is not None and error.original_error is not None
            and not isinstance(error.original_error, GraphQLError)
            and not (error.extensions or {}).get("code"))


class OperationGuards(MaskErrors):
    """Access control and string limits before execution; masked errors and a closed
    session after the operation (see the module)."""

    def __init__(self) -> None:
        # made per operation, so the generic message is in the request's language
        super().__init__(should_mask_error=unexpected, error_message=_("error.internal"))

    def on_operation(self) -> Iterator[None]:
        try:
            yield from super().on_operation()
        finally:  # also when the operation raised: a leaked session holds a pooled connection
            context = self.execution_context.context
            if isinstance(context, Context):
                context.close()

    def _process_result(self, result: object) -> None:
        # Most answers have no error: skip strawberry's runtime-protocol isinstance
        # check (a walk of the protocol's attributes on every operation).
        if getattr(result, "errors", None):
            super()._process_result(result)

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        refuse_unreadable(execution)
        refuse_overlong(execution)  # an access refusal already set wins
        yield


def refused_access(context: Any) -> bool:
    """Whether :class:`OperationGuards` refuses the operation's caller before it runs (a
    bad token, an anonymous read when those are off), for a path that answers without
    strawberry's execution: it then goes the full way, which refuses, audits and counts.

    >>> from types import SimpleNamespace as Caller
    >>> refused_access(Caller(principal=Caller(anonymous=True, invalid=False),
    ...                       settings=Caller(anonymous_read=False)))
    True
    """
    return unreadable(getattr(context, "principal", None), getattr(context, "settings", None))


def overlong_refusal(context: Any, query: object, document: DocumentNode,
                     variables: Mapping[str, Any] | None) -> GraphQLError | None:
    """The error :class:`OperationGuards` refuses an over-long or unstorable string
    argument with, else ``None`` (for a path that answers without strawberry's
    execution, after :func:`refused_access`, as the guards check)."""
    settings = getattr(context, "settings", None)
    limit = getattr(settings, "max_string_length", DEFAULT_MAX_STRING_LENGTH)
    return overlong(query, document, variables, limit)
