"""The overdue list: every obligation instance OVERDUE on the day, filtered."""

from __future__ import annotations

from dataclasses import dataclass

from graph.asof import AsOfContext
from graph.rows import ObligationRow, assessed_rows, obligation_row
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
    late = [a for a in keep(graph, selection, assessed_rows(context))
            if a.status is Status.OVERDUE]
    filters = {k: v for k, v in (("unit", unit), ("place", place), ("document", document)) if v}
    return OverdueList(as_of=context.as_of.isoformat(), selection=selection, filters=filters,
                       rows=[obligation_row(graph, a) for a in late])
