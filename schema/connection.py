"""Relay-style connections (``first``/``after``, ``totalCount``, edges, ``pageInfo``).

Cursors are opaque base64 offsets; lists are small enough (a city's documents) to be
sliced after the query, which keeps every connection consistent with its plain list.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Generic, TypeVar

import strawberry

from i18n import t
from schema.errors import bad_input

N = TypeVar("N")


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    node: N
    cursor: str


@strawberry.type
class Connection(Generic[N]):
    total_count: int
    edges: list[Edge[N]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]


def encode_cursor(offset: int) -> str:
    """An opaque cursor for a position.

    >>> decode_cursor(encode_cursor(7))
    7
    """
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The position a cursor stands for; BAD_USER_INPUT for one we did not issue."""
    try:
        kind, _, number = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        if kind != "offset":
            raise ValueError(kind)
        return int(number)
    except ValueError:
        raise bad_input(t("error.bad_cursor", cursor=cursor[:60]),
                        argument="after") from None


def paginate(items: Sequence[N], *, first: int | None, after: str | None,
             max_page_size: int = 500) -> Connection[N]:
    """The page of ``items`` after ``after``, at most ``first`` long."""
    if first is not None and first < 0:
        raise bad_input(t("error.first_negative"), argument="first")
    start = decode_cursor(after) + 1 if after else 0
    size = min(first if first is not None else max_page_size, max_page_size)
    page = items[start:start + size]
    edges = [Edge(node=node, cursor=encode_cursor(start + i)) for i, node in enumerate(page)]
    info = PageInfo(has_next_page=start + len(page) < len(items), has_previous_page=start > 0,
                    start_cursor=edges[0].cursor if edges else None,
                    end_cursor=edges[-1].cursor if edges else None)
    return Connection(total_count=len(items), edges=edges, page_info=info)
