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

# Errors quote what the caller sent so it can be recognised, never all of it: a
# megabyte-long argument must not come back as a megabyte-long error.
ECHO_CHARS = 60


def echo(value: object, limit: int = ECHO_CHARS) -> str:
    """At most ``limit`` characters of ``value``, with an ellipsis when cut.

    >>> echo("市规划局")
    '市规划局'
    >>> echo("x" * 1000, 5)
    'xxxxx…'
    """
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def kind_name(kind: str) -> str:
    """What a kind of entity is called in the current language.

    >>> kind_name("unit")
    '单位'
    """
    known = ("unit", "place", "document", "task", "obligation", "jurisdiction")
    return t(f"kind.{kind}" if kind in known else "kind.other")


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
    qualified = {"unit": lambda **p: t("error.ambiguous_unit", **p),
                 "jurisdiction": lambda **p: t("error.ambiguous_jurisdiction", **p),
                 "successor": lambda **p: t("error.ambiguous_successor", **p)}
    if error.kind in qualified:
        return GraphQLError(qualified[error.kind](name=echo(error.name),
                                                  candidates="、".join(error.candidates)),
                            extensions={"code": "AMBIGUOUS", "candidates": error.candidates})
    return GraphQLError(t("error.ambiguous", name=echo(error.name),
                          candidates="、".join(error.candidates[:3])),
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
