"""The questions the layer-cost measurement asks three ways, and their raw answers.

Each :class:`LayerQuestion` pairs a GraphQL query with the plain Python function that
computes the same ``data`` from the graph, the function the resolver wraps.  The bench
app serves that function as a bare Starlette JSON endpoint (``/bare/<name>``), so the
three layers (raw call, bare HTTP, GraphQL HTTP) return identical JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from sqlmodel import Session

from bench.asked import INVESTMENT, PLANNING
from graph.agenda import Reports
from graph.analysis import co_responsibility
from graph.names import resolve_unit
from graph.pages import Wanted, page
from graph.status import DEFAULT_DUE_SOON_DAYS, Status, StatusReport
from graph.stored_reports import status_reports
from store.progress.reports import reports_as_of

Answer = dict[str, Any]
AS_OF = "2019-01-01"  # the day the overdue questions ask about
FIRST = 500
"""The lists' default ``first`` in the schema: the raw answers keep as many rows."""
PAGE = 100
"""The page of obligations asked for (``first: 100``)."""
_END_OF_TIME = dt.date.max  # every unretracted report, as the request's report cache reads


def stored_reports(session: Session) -> Reports:
    """The progress reports of the obligation ids judged, read from the store: what the
    resolvers' :meth:`schema.context.Context.status_reports_of` gives the same page
    functions, so a bare answer judges status from the same reports as GraphQL's."""
    def of(obligation_ids: list[str]) -> tuple[StatusReport, ...]:
        return status_reports(reports_as_of(session=session, as_of=_END_OF_TIME,
                                            obligation_ids=obligation_ids))
    return of


def unit_answer(graph: nx.MultiDiGraph, *, name: str, reports: Reports = (),
                due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Answer:
    """``{ unit(name:) { name level } }`` computed directly."""
    data = graph.nodes[resolve_unit(graph, name)]
    # GraphQL answers the level as its enum value (city → CITY)
    return {"unit": {"name": data["name"], "level": data["level"].upper()}}


def overdue_answer(graph: nx.MultiDiGraph, *, as_of: str, unit: str, first: str = str(FIRST),
                   reports: Reports = (),
                   due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Answer:
    """``{ overdue(asOf:, unit:, first:) { path dueDate } }`` computed directly: the first
    ``first`` of the unit's OVERDUE instances, judged with ``reports`` as the resolver
    judges them (the resolver keeps the default due-soon window here)."""
    wanted = Wanted(as_of=dt.date.fromisoformat(as_of), units=(resolve_unit(graph, unit),),
                    status=Status.OVERDUE)
    found = page(graph, wanted, offset=0, limit=int(first), reports=reports)
    return {"overdue": [{"path": a.obligation.path, "dueDate": a.obligation.due.isoformat()}
                        for a in found]}


def due_between_answer(graph: nx.MultiDiGraph, *, start: str, end: str, reports: Reports = (),
                       due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Answer:
    """``{ dueBetween(start:, end:) { path dueDate } }`` computed directly: what exists by
    the window's end, status as of its start (an OVERDUE instance of withdrawn work is
    dropped, so ``reports`` count here too)."""
    begin, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    wanted = Wanted(as_of=begin, start=begin, end=last, exists_by=last,
                    through_year=dt.MAXYEAR, due_soon_days=due_soon_days)
    found = page(graph, wanted, offset=0, limit=FIRST, reports=reports)
    return {"dueBetween": [{"path": a.obligation.path, "dueDate": a.obligation.due.isoformat()}
                           for a in found]}


def co_responsibility_answer(graph: nx.MultiDiGraph, *, unit: str, reports: Reports = (),
                             due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Answer:
    """``{ coResponsibility(unit:) { unit { name } sharedTasks } }`` computed directly."""
    pairs = co_responsibility(graph, resolve_unit(graph, unit))
    return {"coResponsibility": [{"unit": {"name": graph.nodes[u]["name"]}, "sharedTasks": n}
                                 for u, n in pairs[:FIRST]]}


def obligations_page_answer(graph: nx.MultiDiGraph, *, as_of: str, first: str,
                             reports: Reports = (),
                             due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Answer:
    """``{ obligations(asOf:, first:) { nodes { path dueDate status } } }`` computed
    directly: the same page cut from the sorted index by :func:`graph.pages.page`, its
    status judged with ``reports`` and the server's due-soon window."""
    wanted = Wanted(as_of=dt.date.fromisoformat(as_of), due_soon_days=due_soon_days)
    found = page(graph, wanted, offset=0, limit=int(first), reports=reports)
    return {"obligations": {"nodes": [{"path": a.obligation.path,
                                       "dueDate": a.obligation.due.isoformat(),
                                       "status": a.status.value} for a in found]}}


@dataclass(frozen=True)
class LayerQuestion:
    """One question asked of the raw function, the bare endpoint and GraphQL."""

    name: str
    query: str
    function: Callable[..., Answer]
    arguments: dict[str, str]

    def raw(self, graph: nx.MultiDiGraph, *, reports: Reports = (),
            due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Answer:
        """The answer from the raw function, status judged with ``reports`` (a function
        of ids, :func:`stored_reports`, as the resolvers read them)."""
        return self.function(graph, reports=reports, due_soon_days=due_soon_days,
                             **self.arguments)

    @property
    def bare_path(self) -> str:
        """The bench app's bare endpoint for this question (arguments in the query string)."""
        from urllib.parse import urlencode

        return f"/bare/{self.name}?{urlencode(self.arguments)}"


LAYER_QUESTIONS: tuple[LayerQuestion, ...] = (
    LayerQuestion("unit", f'{{ unit(name: "{INVESTMENT.alias_asked}") {{ name level }} }}',
                  unit_answer, {"name": INVESTMENT.alias_asked}),
    LayerQuestion("overdue",
                  f'{{ overdue(asOf: "{AS_OF}", unit: "{PLANNING.asked}", first: {PAGE}) '
                  '{ path dueDate } }',
                  overdue_answer, {"as_of": AS_OF, "unit": PLANNING.asked, "first": str(PAGE)}),
    LayerQuestion("dueBetween",
                  '{ dueBetween(start: "2020-01-01", end: "2020-12-31") { path dueDate } }',
                  due_between_answer, {"start": "2020-01-01", "end": "2020-12-31"}),
    LayerQuestion("coResponsibility",
                  f'{{ coResponsibility(unit: "{INVESTMENT.asked}") {{ unit {{ name }} sharedTasks }} }}',
                  co_responsibility_answer, {"unit": INVESTMENT.asked}),
    LayerQuestion("obligationsPage",
                  f'{{ obligations(asOf: "{AS_OF}", first: {PAGE}) '
                  '{ nodes { path dueDate status } } }',
                  obligations_page_answer, {"as_of": AS_OF, "first": str(PAGE)}),
)
"""The units asked are generated ones (:mod:`bench.asked`), so the answers grow with the
scale; 温州市经合办 is the alias the generator writes for 市招商局.  The unit's overdue
look-up asks a page of :data:`PAGE`, as the growth target reads ("a page of 100 at L
within 2× of S"): with the default :data:`FIRST` its answer grew from 5 rows at S to 228
at L, and the ratio measured the answer's size."""

BY_NAME = {q.name: q for q in LAYER_QUESTIONS}
