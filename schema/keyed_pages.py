"""Connections over stored rows, read from the store one page at a time by key.

A connection resolver returns a :class:`KeyedPages` (the review queue:
:mod:`schema.review_pages`, the audit trail: :mod:`schema.audit`, the documents:
:mod:`schema.document_pages`); :func:`keyed_page` reads ``first`` + 1 rows after the
``after`` cursor's key (keyset pagination, :mod:`store.keyset`), tells ``hasNextPage``
from the extra row, and builds only the page's nodes.  ``totalCount`` is a ``COUNT(*)``
run only when the field is asked for.  Cursors hold the key (:mod:`schema.cursors`).

Relay's ``last``/``before`` read backwards from ``before`` (or the end): the rows nearest
it, reversed.  ``hasPreviousPage`` is true after a cursor (as for the lists paged by
position) and, reading backwards, when more rows precede the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from strawberry import relay

from i18n import t
from schema.cursors import Key, OutdatedCursor, decode_cursor, encode_cursor
from schema.errors import bad_input


@runtime_checkable
class KeyedPages(Protocol):
    """A list of stored rows in the order of a unique key, read a page at a time."""

    #: Names the list in its cursors (a cursor of another list is refused).
    cursor_name: str
    #: The types of the key's values (``int``, ``str``, ``datetime``).
    key_types: tuple[type, ...]

    def read(self, *, after: Key | None, before: Key | None, limit: int,
             backwards: bool) -> Sequence[Any]:
        """At most ``limit`` rows between the keys, in the list's order (``backwards``:
        nearest ``before`` or the end first)."""

    def key(self, row: Any) -> Key:
        """A row's key (the values its cursor holds)."""

    def total(self) -> int:
        """How many rows the whole list holds (a ``COUNT(*)``)."""

    def build(self, rows: Sequence[Any]) -> list[Any]:
        """The nodes of a page's rows (only a page's are ever built)."""


@dataclass(frozen=True)
class KeyedPage:
    """One page: its edges and its page info."""

    edges: list[relay.Edge[Any]]
    page_info: relay.PageInfo


def _key(pages: KeyedPages, cursor: str | None, argument: str) -> Key | None:
    if not cursor:  # an empty cursor is none, as for the lists paged by position
        return None
    try:
        return decode_cursor(cursor, pages.cursor_name, pages.key_types)
    except OutdatedCursor:
        raise bad_input(t("error.cursor_outdated", argument=argument),
                        argument=argument) from None
    except ValueError:
        raise bad_input(t("error.bad_cursor", cursor=cursor[:60]), argument=argument) from None


def keyed_page(pages: KeyedPages, *, limit: int, after: str | None, before: str | None,
               first: int | None, last: int | None) -> KeyedPage:
    """The page Relay's arguments ask for, of at most ``limit`` rows (``first`` and
    ``last`` already checked to be non-negative; larger than ``limit`` they are cut to it).
    """
    after_key, before_key = _key(pages, after, "after"), _key(pages, before, "before")
    has_previous, has_next = after_key is not None, False
    if first is not None or last is None:
        size = limit if first is None else min(first, limit)
        rows = list(pages.read(after=after_key, before=before_key, limit=size + 1,
                               backwards=False))
        has_next, rows = len(rows) > size, rows[:size]
        if last is not None and len(rows) > last:  # both: the last of the first
            has_previous, rows = True, rows[len(rows) - last:]
    else:
        size = min(last, limit)
        rows = list(pages.read(after=after_key, before=before_key, limit=size + 1,
                               backwards=True))
        has_previous = has_previous or len(rows) > size
        rows = rows[:size][::-1]
    nodes = pages.build(rows)
    edges = [relay.Edge(cursor=encode_cursor(pages.cursor_name, pages.key(row)), node=node)
             for row, node in zip(rows, nodes, strict=True)]
    return KeyedPage(edges=edges, page_info=relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=has_previous, has_next_page=has_next))
