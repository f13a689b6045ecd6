"""The overdue list: one page of the obligation instances OVERDUE on the day, filtered.

Its rows are cut from the agenda index as the ``obligations`` connection's are
(:func:`graph.pages.assessed`): only instances due before the day can be overdue, and a
unit's or a place's list is read from the index's per-unit and per-task lists.  The
list is in due order (due date, path, id: most overdue first) and the widget shows one
page of it (:mod:`embed.paging`), judging and building only as far as the page's end;
the total is counted from the index (:func:`graph.counts.count`) when the index's list
is the widget's list, and by walking the filtered list otherwise (a ``document=``
filter, or a unit and a place together), without building its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from embed.paging import FIRST_PAGE, Shown, Window
from graph.agenda import Assessed
from graph.asof import AsOfContext
from graph.counts import count
from graph.pages import Wanted, assessed
from graph.places import bearers
from graph.rows import ObligationRow, obligation_row
from graph.selection import Selection, place_tasks, place_units, resolve_selection
from graph.status import Status


@dataclass(frozen=True)
class OverdueList:
    """What the overdue widget shows: one page of rows and where it lies in the list."""

    as_of: str
    selection: Selection
    filters: dict[str, str]  # the filters as typed, for the heading
    rows: list[ObligationRow]
    shown: Shown


def overdue_list(context: AsOfContext, *, unit: str | None = None, place: str | None = None,
                 document: str | None = None, jurisdiction: str | None = None,
                 window: Window = FIRST_PAGE) -> OverdueList:
    """The page ``window`` of the obligations overdue as of the day, most overdue first.

    Raises
    ------
    graph.names.UnknownName
        When a filter names nothing known.
    """
    graph = context.graph
    selection = resolve_selection(graph, unit=unit, place=place, document=document,
                                  jurisdiction=jurisdiction)
    wanted = overdue_wanted(context, selection)
    page = list(islice(overdue_stream(context, selection, wanted, first_batch=window.stop),
                       window.offset, window.stop))
    filters = {k: v for k, v in (("unit", unit), ("place", place), ("document", document)) if v}
    return OverdueList(as_of=context.as_of.isoformat(), selection=selection, filters=filters,
                       rows=[obligation_row(graph, a) for a in page],
                       shown=Shown.of(window, total=overdue_total(context, selection, wanted),
                                      on_page=len(page)))


def overdue_wanted(context: AsOfContext, selection: Selection) -> Wanted:
    """The narrowest list of the index the selection allows: a unit's, else a place's
    bearers', else everyone's, OVERDUE on the day."""
    units: tuple[str, ...] | None = None
    tasks: tuple[str, ...] = ()
    if selection.unit is not None:
        units = (selection.unit,)
    elif selection.place is not None:
        units, tasks = bearers(context.graph, selection.place)
    return Wanted(as_of=context.as_of, units=units, tasks=tasks, status=Status.OVERDUE,
                  due_soon_days=context.due_soon_days)


def overdue_stream(context: AsOfContext, selection: Selection, wanted: Wanted, *,
                   first_batch: int) -> Iterator[Assessed]:
    """The OVERDUE instances of ``wanted`` that pass every filter of ``selection``
    (:func:`graph.selection.keep`'s rules), in due order, judged lazily."""
    passes = _filter(context, selection)
    return (a for a in assessed(context.graph, wanted, reports=context.reports,
                                first_batch=max(1, first_batch)) if passes(a))


def overdue_total(context: AsOfContext, selection: Selection, wanted: Wanted) -> int:
    """How many rows the whole list holds: from the index's counts when ``wanted`` is
    the list (everyone's or one unit's), else by walking the filtered list."""
    if selection.document is None and selection.place is None:
        return count(context.graph, wanted, reports=context.reports)
    return sum(1 for _ in overdue_stream(context, selection, wanted, first_batch=2000))


def _filter(context: AsOfContext, selection: Selection) -> Callable[[Assessed], bool]:
    """:func:`graph.selection.keep` for one row at a time: a unit keeps what it owns
    directly; a place what its collectives own or its tasks mention; a document its own."""
    graph = context.graph
    tasks = place_tasks(graph, selection.place) if selection.place is not None else set()
    units = place_units(graph, selection.place) if selection.place is not None else set()

    def passes(a: Assessed) -> bool:
        ob = a.obligation
        return ((selection.unit is None or any(o.unit == selection.unit for o in ob.owners))
                and (selection.place is None or ob.task in tasks
                     or any(o.unit in units for o in ob.owners))
                and (selection.document is None or ob.document == selection.document))
    return passes
