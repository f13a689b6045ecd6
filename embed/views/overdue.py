"""The overdue list: every obligation instance OVERDUE on the day, filtered.

Its rows are cut from the agenda index as the ``obligations`` connection's are
(:func:`graph.pages.page`): only instances due before the day can be overdue, and a
unit's or a place's list is read from the index's per-unit and per-task lists, so at
province scale the widget judges the overdue-looking part of the list, not every
instance of every year.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.agenda import Assessed
from graph.asof import AsOfContext
from graph.pages import Wanted, page
from graph.places import bearers
from graph.rows import ObligationRow, obligation_row
from graph.selection import Selection, keep, resolve_selection
from graph.status import Status


@dataclass(frozen=True)
class OverdueList:
    """What the overdue widget shows."""

    as_of: str
    selection: Selection
    filters: dict[str, str]  # the filters as typed, for the heading
    rows: list[ObligationRow]


def overdue_list(context: AsOfContext, *, unit: str | None = None, place: str | None = None,
                 document: str | None = None, jurisdiction: str | None = None) -> OverdueList:
    """The obligations overdue as of the day asked about, most overdue first.

    Raises
    ------
    graph.names.UnknownName
        When a filter names nothing known.
    """
    graph = context.graph
    selection = resolve_selection(graph, unit=unit, place=place, document=document,
                                  jurisdiction=jurisdiction)
    late = keep(graph, selection, overdue_rows(context, selection))
    filters = {k: v for k, v in (("unit", unit), ("place", place), ("document", document)) if v}
    return OverdueList(as_of=context.as_of.isoformat(), selection=selection, filters=filters,
                       rows=[obligation_row(graph, a) for a in late])


def overdue_rows(context: AsOfContext, selection: Selection) -> list[Assessed]:
    """The OVERDUE instances of the day, in due order, from the narrowest list of the
    index the selection allows (a unit's, else a place's bearers', else everyone's);
    :func:`graph.selection.keep` applies every filter afterwards."""
    units: tuple[str, ...] | None = None
    tasks: tuple[str, ...] = ()
    if selection.unit is not None:
        units = (selection.unit,)
    elif selection.place is not None:
        units, tasks = bearers(context.graph, selection.place)
    wanted = Wanted(as_of=context.as_of, units=units, tasks=tasks, status=Status.OVERDUE,
                    due_soon_days=context.due_soon_days)
    return page(context.graph, wanted, offset=0, limit=None, reports=context.reports)
