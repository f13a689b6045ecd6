"""A list of obligations as the assessed instances it shows, built into GraphQL objects
only when something reads them as objects.

A page of 100 obligations asking only plain leaves (``nodes { path dueDate status }``)
is answered by the server's plain-leaf path straight from the rows: the list's class
names the strawberry type its items become (``built_type``) and what each plain field
of that type reads from a row (``row_readers``, by Python field name), so no
``Obligation`` object is made.  Anything else (an iteration, an index, an item's
resolver) builds every object once, in order, as :func:`obligation_list` always did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from strawberry.types import Info

from graph.agenda import Assessed
from schema.context import ctx
from schema.obligation import ObligationType


def _path(row: Assessed) -> str:
    return row.obligation.path


def _heading(row: Assessed) -> str:
    return row.obligation.heading


def _text(row: Assessed) -> str:
    return row.obligation.text


def _raw(row: Assessed) -> str:
    return row.obligation.raw


def _due_date(row: Assessed) -> dt.date:
    return row.obligation.due


def _year(row: Assessed) -> int | None:
    return row.obligation.year


def _status(row: Assessed) -> Any:
    return row.status


#: What each plain field :meth:`ObligationType.from_assessed` sets holds, read from the
#: row itself (``tests/schema/test_obligation_rows.py`` keeps the two equal).
ROW_READERS: dict[str, Callable[[Assessed], Any]] = {
    "path": _path, "heading": _heading, "text": _text, "raw": _raw,
    "due_date": _due_date, "year": _year, "status": _status}


class ObligationViews(Sequence[ObligationType]):
    """Assessed instances as :class:`ObligationType` objects, built on first use (see
    the module docstring); ``rows`` are the instances, in the list's order."""

    __slots__ = ("_as_of", "_built", "_info", "rows")
    built_type = ObligationType
    row_readers = ROW_READERS

    def __init__(self, info: Info, rows: list[Assessed], as_of: dt.date | None) -> None:
        self._info, self.rows, self._as_of = info, rows, as_of
        self._built: list[ObligationType] | None = None

    def built(self) -> list[ObligationType]:
        """The objects, built once; their reports, if asked for, are then read in one
        batch rather than one by one."""
        if self._built is None:
            context = ctx(self._info)
            graph = context.graph
            built = [ObligationType.from_assessed(graph, a, self._as_of) for a in self.rows]
            context.reports.expect(o.id for o in built)  # each id made once, by from_assessed
            self._built = built
        return self._built

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[ObligationType]:
        return iter(self.built())

    @overload
    def __getitem__(self, index: int) -> ObligationType: ...

    @overload
    def __getitem__(self, index: slice) -> list[ObligationType]: ...

    def __getitem__(self, index: int | slice) -> ObligationType | list[ObligationType]:
        return self.built()[index]


def obligation_list(info: Info, assessed: list[Assessed],
                    as_of: dt.date | None = None) -> ObligationViews:
    """Assessed obligations as GraphQL objects of the request's graph (built when first
    read as objects, see :class:`ObligationViews`).

    ``as_of`` is the day their status was assessed on; their ``reports`` and
    ``progress`` then count only reports dated on or before it.
    """
    return ObligationViews(info, assessed, as_of)
