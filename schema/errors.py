"""GraphQL errors people can act on, each with a machine-readable ``extensions.code``.

Codes: ``NOT_FOUND`` (with ``suggestions``: the closest known names), ``BAD_USER_INPUT``
(a malformed date, an inverted range, a bad cursor), ``AMBIGUOUS`` (a task path found in
several documents, with the qualified ``candidates``), ``CONFLICT`` (a report changed since
it was read), ``FORBIDDEN`` (see :mod:`schema.auth`).
"""

from __future__ import annotations

from graphql import GraphQLError

from graph.names import AmbiguousName, UnknownName
from i18n import t
from i18n.wording import ambiguous_message, echo, kind_name

__all__ = ["ambiguous", "bad_input", "conflict", "echo", "kind_name", "missing", "not_found"]


def not_found(error: UnknownName) -> GraphQLError:
    """NOT_FOUND, listing the closest known names."""
    hint = (t("error.not_found.hint_suggest", names="、".join(error.suggestions))
            if error.suggestions else t("error.not_found.hint_query"))
    return GraphQLError(t("error.not_found.named", name=echo(error.name),
                          kind=kind_name(error.kind), hint=hint),
                        extensions={"code": "NOT_FOUND", "suggestions": error.suggestions})


def ambiguous(error: AmbiguousName) -> GraphQLError:
    """AMBIGUOUS, listing qualified names that each pick one entity (units and
    jurisdictions: every candidate, each with its jurisdiction's full name)."""
    return GraphQLError(ambiguous_message(error.kind, error.name, error.candidates),
                        extensions={"code": "AMBIGUOUS", "candidates": error.candidates})


def bad_input(message: str, **details: object) -> GraphQLError:
    """BAD_USER_INPUT with a message saying what to send instead."""
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT", **details})


def missing(message: str, **details: object) -> GraphQLError:
    """NOT_FOUND for something looked up by id (an obligation, a progress report)."""
    return GraphQLError(message, extensions={"code": "NOT_FOUND", **details})


def conflict(message: str) -> GraphQLError:
    """CONFLICT: the row changed since the caller read it (optimistic concurrency)."""
    return GraphQLError(message, extensions={"code": "CONFLICT"})
