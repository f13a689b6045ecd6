"""Bounded lists: every list field that is not a Relay connection takes ``first``.

A list answers at most ``first`` items (default :data:`DEFAULT_FIRST`, at most
:data:`MAX_FIRST`); the lists that need paging are Relay connections instead
(:mod:`schema.relay`).  The bounds are in each field's description.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Annotated, TypeVar

import strawberry

from i18n import t
from schema.errors import bad_input

T = TypeVar("T")

#: Items a bounded list answers when ``first`` is not given.
DEFAULT_FIRST = 500
#: The most a bounded list answers, whatever ``first`` asks.
MAX_FIRST = 500
#: Said in the description of every bounded list field.
BOUND = f" At most `first` items (default {DEFAULT_FIRST}, maximum {MAX_FIRST})."

First = Annotated[int, strawberry.argument(
    description=f"At most this many items (default {DEFAULT_FIRST}, maximum {MAX_FIRST})")]


def bounded(items: Iterable[T], first: int = DEFAULT_FIRST) -> list[T]:
    """The first ``first`` of ``items``; BAD_USER_INPUT outside 0 … :data:`MAX_FIRST`.

    >>> bounded(range(10), 3)
    [0, 1, 2]
    >>> bounded(range(10), MAX_FIRST + 1)
    Traceback (most recent call last):
    ...
    graphql.error.graphql_error.GraphQLError: ...
    """
    return list(islice(items, checked_first(first)))


def checked_first(first: int) -> int:
    """``first`` itself; BAD_USER_INPUT outside 0 … :data:`MAX_FIRST` (for a list the
    store cuts).

    >>> checked_first(3)
    3
    >>> checked_first(-1)
    Traceback (most recent call last):
    ...
    graphql.error.graphql_error.GraphQLError: ...
    """
    if first < 0 or first > MAX_FIRST:
        raise bad_input(t("error.first_range", maximum=MAX_FIRST), argument="first")
    return first
