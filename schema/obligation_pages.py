"""The obligation lists, cut to a page before any ``Obligation`` object is built.

The ``obligations`` connection, ``overdue``, ``dueBetween`` and a place's
``obligations`` page over the sorted index (:mod:`graph.pages`): only the page's
instances are judged and built, and ``totalCount`` is counted from the index when asked
for.  The connection's cursors are positions in the same order as before, so they stay
stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from strawberry.types import Info

from graph.agenda import Assessed
from graph.counts import count
from graph.pages import Wanted, assessed, page
from schema.bounds import First, bounded
from schema.context import ctx
from schema.obligation_rows import ObligationViews, obligation_list


class ObligationPages:
    """A connection's obligation list (:class:`schema.connection.Pages`): ``wanted`` on
    the request's graph, status and ``reports``/``progress`` as of ``shown_as_of``
    (default ``wanted.as_of``)."""

    # no attribute of its own beyond these: its connection's protocol checks are
    # remembered by class (schema.connection.conforms)
    __slots__ = ("info", "shown_as_of", "wanted")

    def __init__(self, info: Info, wanted: Wanted, shown_as_of: dt.date | None = None) -> None:
        self.info = info
        self.wanted = wanted
        self.shown_as_of = shown_as_of or wanted.as_of

    def cut(self, start: int, stop: int) -> list[Assessed]:
        """The instances ``[start:stop]`` with their status, nothing built."""
        context = ctx(self.info)
        return page(context.graph, self.wanted, offset=start, limit=max(0, stop - start),
                    reports=context.status_reports_of)

    def total(self) -> int:
        """How many instances the whole list holds (from the index)."""
        context = ctx(self.info)
        return count(context.graph, self.wanted, reports=context.status_reports_of,
                     every_report=context.status_reports)

    def build(self, items: Sequence[Assessed]) -> ObligationViews:
        """The GraphQL objects of a page's instances (built when first read as objects)."""
        return obligation_list(self.info, list(items), self.shown_as_of)


def first_obligations(info: Info, wanted: Wanted, first: First,
                      shown_as_of: dt.date | None = None) -> ObligationViews:
    """A bounded list's first ``first`` instances of ``wanted`` (BAD_USER_INPUT outside
    the bounds of :func:`schema.bounds.bounded`), only those judged and built."""
    context = ctx(info)
    found = bounded(assessed(context.graph, wanted, reports=context.status_reports_of,
                             first_batch=max(1, first)), first)
    return obligation_list(info, found, shown_as_of or wanted.as_of)
