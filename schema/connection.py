"""Relay connections (``strawberry.relay``) for the lists that need paging.

A connection field is declared with :func:`connection` over a resolver returning the
whole (sliceable) sequence: ``first``/``after``/``last``/``before`` slice it; a page is at
most the server's ``max_page_size`` (500 unless configured), which is also the page size
when ``first`` is not given.  ``totalCount`` counts the whole sequence (only when asked for) and ``nodes`` lists
a page's nodes without their edges.  A sequence may page in the database (a
``__getitem__`` over a slice issuing ``LIMIT``/``OFFSET``); a
:class:`Pages` cuts its page before building its nodes and counts itself (the obligation
lists cut from the sorted index: :mod:`graph.pages`); a
:class:`schema.keyed_pages.KeyedPages` (the lists of stored rows: review queue, audit
trail, documents) is read from the store a page at a time by key, its cursors holding
the key of their row rather than a position.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import strawberry
from graphql import FieldNode
from strawberry import relay
from strawberry.relay.types import PREFIX, NodeType
from strawberry.relay.utils import SliceMetadata, to_base64
from strawberry.types import Info

from i18n import t
from schema.context import ctx
from schema.errors import bad_input
from schema.keyed_pages import KeyedPages, keyed_page

#: Said in the description of every connection field.
PAGED = (" A Relay connection: pages of `first` (default and maximum: the server's "
         "max_page_size, 500 unless configured) after the cursor `after`.")


@runtime_checkable
class Pages(Protocol):
    """A list that cuts its own pages before building what they show (the obligation
    lists: :mod:`schema.obligation_pages`), and counts itself without building."""

    def cut(self, start: int, stop: int) -> Sequence[Any]:
        """Its items ``[start:stop]``, not yet built (``stop`` may be ``sys.maxsize``)."""

    def total(self) -> int:
        """How many items the whole list holds."""

    def build(self, items: Sequence[Any]) -> Sequence[Any]:
        """The nodes of cut items (only a page's are ever built)."""


#: Verdicts of :func:`conforms` by class and protocol (classes are few; bounded anyway).
_VERDICTS: dict[tuple[type, type], bool] = {}
_MOST_VERDICTS = 256


def conforms(value: object, protocol: type) -> bool:
    """``isinstance(value, protocol)`` for a runtime-checkable protocol, remembered by
    class when the class alone decides it: its objects hold no attribute of their own
    (no ``__dict__``, no ``__getattr__``), so each answers as its class does.  Python
    checks a protocol by walking its members on every call (tens of microseconds, on
    every connection asked for).

    >>> conforms(_Listed([1]), Pages), conforms([1], Pages), conforms([1], Pages)
    (True, False, False)
    """
    kind = type(value)
    found = _VERDICTS.get((kind, protocol))
    if found is not None:
        return found
    verdict = isinstance(value, protocol)
    if kind.__dictoffset__ == 0 and getattr(kind, "__getattr__", None) is None:
        if len(_VERDICTS) >= _MOST_VERDICTS:
            _VERDICTS.clear()
        _VERDICTS[(kind, protocol)] = verdict
    return verdict


class _Listed:
    """A plain sequence as :class:`Pages`: its items are its nodes already."""

    __slots__ = ("items",)  # its verdicts are remembered (conforms)

    def __init__(self, items: Sequence[Any]) -> None:
        self.items = items

    def cut(self, start: int, stop: int) -> Sequence[Any]:
        return self.items[start:stop]

    def total(self) -> int:
        return len(self.items)

    def build(self, items: Sequence[Any]) -> list[Any]:
        return list(items)


@strawberry.type(description="A page of a list, with its edges, cursors and total count.")
class Connection(relay.ListConnection[NodeType]):
    counter: strawberry.Private[Callable[[], int] | None] = None
    # the page's nodes when no edge was asked for (then none is built)
    page_nodes: strawberry.Private[Sequence[Any] | None] = None

    @strawberry.field(description="How many in the whole list")
    def total_count(self) -> int:
        # Counted only when asked for: a list that pages itself counts from its index.
        return self.counter() if self.counter is not None else 0

    @strawberry.field(description="The page's nodes (those of `edges`)")
    def nodes(self) -> Sequence[NodeType]:
        if self.page_nodes is not None:
            return self.page_nodes
        return [edge.node for edge in self.edges]

    @classmethod
    def resolve_connection(cls, nodes: Any, *, info: Info, before: str | None = None,
                           after: str | None = None, first: int | None = None,
                           last: int | None = None, max_results: int | None = None,
                           **kwargs: Any) -> Any:
        """A page of ``nodes`` (a sequence, or :class:`Pages`), at most ``max_page_size``
        long, its total count set; a bad cursor or a negative ``first`` is BAD_USER_INPUT.

        Strawberry's own slicing skips the edges when only ``nodes`` is asked for, so the
        page is cut here (Relay's algorithm: one item over-fetched to know if more
        follow), and only then are the page's nodes built.
        """
        limit = ctx(info).settings.max_page_size
        for name, value in (("first", first), ("last", last)):
            if value is not None and value < 0:
                raise bad_input(t("error.first_negative"), argument=name)
        if conforms(nodes, KeyedPages):  # stored rows: the page is read by key
            page = keyed_page(nodes, limit=limit, after=after, before=before, first=first,
                              last=last)
            return cls(edges=page.edges, counter=nodes.total, page_info=page.page_info)
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
        pages = nodes if conforms(nodes, Pages) else _Listed(
            nodes if isinstance(nodes, Sequence) else list(nodes))
        window = list(enumerate(pages.cut(meta.start, meta.overfetch), start=meta.start))
        has_previous, has_next = meta.start > 0, False
        if meta.expected is not None and len(window) == meta.expected + 1:
            window, has_next = window[:-1], True  # the over-fetched one
        elif meta.end == sys.maxsize and last is not None:  # `last` without a cursor
            whole = len(window)
            window = window[-last:] if last else []
            has_previous = len(window) != whole
        built = pages.build([item for _, item in window])
        page_info = relay.PageInfo(
            start_cursor=to_base64(PREFIX, window[0][0]) if window else None,
            end_cursor=to_base64(PREFIX, window[-1][0]) if window else None,
            has_previous_page=has_previous, has_next_page=has_next)
        if not asks_for_edges(info):  # `nodes` alone: no edge and no cursor per node
            return cls(edges=[], page_nodes=built, counter=pages.total, page_info=page_info)
        edges = [relay.Edge.resolve_edge(node, cursor=n)
                 for (n, _), node in zip(window, built, strict=True)]
        return cls(edges=edges, counter=pages.total, page_info=page_info)


def asks_for_edges(info: Info) -> bool:
    """Whether the connection's selection names ``edges``, or may through a fragment."""
    for field in info._raw_info.field_nodes:
        for selection in field.selection_set.selections if field.selection_set else ():
            if not isinstance(selection, FieldNode) or selection.name.value == "edges":
                return True
    return False


def connection(description: str, node: Any) -> Any:
    """A connection field of ``node`` (a Strawberry type) over the resolver it decorates."""
    return relay.connection(Connection[node], description=description + PAGED)
