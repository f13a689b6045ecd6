"""Relay connections (``strawberry.relay``) for the lists that need paging.

A connection field is declared with :func:`connection` over a resolver returning the
whole (sliceable) sequence: ``first``/``after``/``last``/``before`` slice it; a page is at
most the server's ``max_page_size`` (500 unless configured), which is also the page size
when ``first`` is not given.  ``totalCount`` counts the whole sequence and ``nodes`` lists
a page's nodes without their edges.  A sequence may page in the database (a
``__getitem__`` over a slice issuing ``LIMIT``/``OFFSET``, see :mod:`schema.audit`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry import relay
from strawberry.relay.types import PREFIX, NodeType
from strawberry.relay.utils import SliceMetadata
from strawberry.types import Info

from i18n import t
from schema.context import ctx
from schema.errors import bad_input

#: Said in the description of every connection field.
PAGED = (" A Relay connection: pages of `first` (default and maximum: the server's "
         "max_page_size, 500 unless configured) after the cursor `after`.")


@strawberry.type(description="A page of a list, with its edges, cursors and total count.")
class Connection(relay.ListConnection[NodeType]):
    total_count: int = strawberry.field(default=0, description="How many in the whole list")

    @strawberry.field(description="The page's nodes (those of `edges`)")
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]

    @classmethod
    def resolve_connection(cls, nodes: Any, *, info: Info, before: str | None = None,
                           after: str | None = None, first: int | None = None,
                           last: int | None = None, max_results: int | None = None,
                           **kwargs: Any) -> Any:
        """A page of ``nodes`` (a sequence), at most ``max_page_size`` long, its total
        count set; a bad cursor or a negative ``first`` is BAD_USER_INPUT.

        Strawberry's own slicing skips the edges when only ``nodes`` is asked for, so the
        page is cut here (Relay's algorithm: one item over-fetched to know if more follow).
        """
        limit = ctx(info).settings.max_page_size
        for name, value in (("first", first), ("last", last)):
            if value is not None and value < 0:
                raise bad_input(t("error.first_negative"), argument=name)
        try:
            meta = SliceMetadata.from_arguments(
                info, before=before, after=after,
                first=None if first is None else min(first, limit),
                last=None if last is None else min(last, limit), max_results=limit,
                prefix=PREFIX)
        except (TypeError, ValueError):
            cursor = after or before or ""
            raise bad_input(t("error.bad_cursor", cursor=cursor[:60]),
                            argument="after" if after else "before") from None
        items = nodes if isinstance(nodes, Sequence) else list(nodes)
        edges = [relay.Edge.resolve_edge(node, cursor=meta.start + i)
                 for i, node in enumerate(items[meta.start:meta.overfetch])]
        has_previous, has_next = meta.start > 0, False
        if meta.expected is not None and len(edges) == meta.expected + 1:
            edges, has_next = edges[:-1], True  # the over-fetched one
        elif meta.end == sys.maxsize and last is not None:  # `last` without a cursor
            whole = len(edges)
            edges = edges[-last:] if last else []
            has_previous = len(edges) != whole
        page = cls(edges=edges, page_info=relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=has_previous, has_next_page=has_next))
        page.total_count = len(items)
        return page


def connection(description: str, node: Any) -> Any:
    """A connection field of ``node`` (a Strawberry type) over the resolver it decorates."""
    return relay.connection(Connection[node], description=description + PAGED)
