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

from graph.agenda import due_between, overdue
from graph.analysis import co_responsibility
from graph.names import resolve_unit

Answer = dict[str, Any]


def unit_answer(graph: nx.MultiDiGraph, *, name: str) -> Answer:
    """``{ unit(name:) { name level } }`` computed directly."""
    data = graph.nodes[resolve_unit(graph, name)]
    # GraphQL answers the level as its enum value (city → CITY)
    return {"unit": {"name": data["name"], "level": data["level"].upper()}}


def overdue_answer(graph: nx.MultiDiGraph, *, as_of: str, unit: str) -> Answer:
    """``{ overdue(asOf:, unit:) { path dueDate } }`` computed directly."""
    found = overdue(graph, as_of=dt.date.fromisoformat(as_of), unit=resolve_unit(graph, unit))
    return {"overdue": [{"path": a.obligation.path, "dueDate": a.obligation.due.isoformat()}
                        for a in found]}


def due_between_answer(graph: nx.MultiDiGraph, *, start: str, end: str) -> Answer:
    """``{ dueBetween(start:, end:) { path dueDate } }`` computed directly."""
    found = due_between(graph, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))
    return {"dueBetween": [{"path": a.obligation.path, "dueDate": a.obligation.due.isoformat()}
                           for a in found]}


def co_responsibility_answer(graph: nx.MultiDiGraph, *, unit: str) -> Answer:
    """``{ coResponsibility(unit:) { unit { name } sharedTasks } }`` computed directly."""
    pairs = co_responsibility(graph, resolve_unit(graph, unit))
    return {"coResponsibility": [{"unit": {"name": graph.nodes[u]["name"]}, "sharedTasks": n}
                                 for u, n in pairs]}


@dataclass(frozen=True)
class LayerQuestion:
    """One question asked of the raw function, the bare endpoint and GraphQL."""

    name: str
    query: str
    function: Callable[..., Answer]
    arguments: dict[str, str]

    def raw(self, graph: nx.MultiDiGraph) -> Answer:
        """The answer from the raw function."""
        return self.function(graph, **self.arguments)

    @property
    def bare_path(self) -> str:
        """The bench app's bare endpoint for this question (arguments in the query string)."""
        from urllib.parse import urlencode

        return f"/bare/{self.name}?{urlencode(self.arguments)}"


LAYER_QUESTIONS: tuple[LayerQuestion, ...] = (
    LayerQuestion("unit", '{ unit(name: "温州市经合办") { name level } }', unit_answer,
                  {"name": "温州市经合办"}),
    LayerQuestion("overdue",
                  '{ overdue(asOf: "2019-01-01", unit: "温州市规划局") { path dueDate } }',
                  overdue_answer, {"as_of": "2019-01-01", "unit": "温州市规划局"}),
    LayerQuestion("dueBetween",
                  '{ dueBetween(start: "2020-01-01", end: "2020-12-31") { path dueDate } }',
                  due_between_answer, {"start": "2020-01-01", "end": "2020-12-31"}),
    LayerQuestion("coResponsibility",
                  '{ coResponsibility(unit: "温州市招商局") { unit { name } sharedTasks } }',
                  co_responsibility_answer, {"unit": "温州市招商局"}),
)

BY_NAME = {q.name: q for q in LAYER_QUESTIONS}

CONTRACT_QUERIES: dict[str, str] = {
    "unit": '{ unit(name: "温州市经合办") { name aliases level tasks { path document { number } } '
            'targets { path value unit } } }',
    "units": "{ units { name taskCount } }",
    "whoOwns": '{ whoOwns(text: "40亿元") { target { path quote value unit } '
               'owners { name role } } }',
    "overdue": '{ overdue(asOf: "2019-01-01") { id path text dueDate status owners { name } '
               'source { quote } } }',
    "overdueUnit": '{ overdue(asOf: "2019-01-01", unit: "温州市规划局") { path dueDate } }',
    "dueBetween": '{ dueBetween(start: "2020-01-01", end: "2020-12-31") { path dueDate '
                  'owners { name } } }',
    "place": '{ place(name: "泰顺县") { name pairedWith { name } '
             'obligations(asOf: "2021-06-01") { path dueDate status } } }',
    "coResponsibility": '{ coResponsibility(unit: "温州市招商局") { unit { name } sharedTasks } }',
    "shortestPath": '{ shortestPath(from: "温州市商务局", to: "泰顺县") { kind label } }',
    "search": '{ search(text: "民宿") { kind path snippet } }',
}
"""The contract queries, verbatim but for the units' government: every generated city and
county has its own 市招商局 (经合办), 市商务局, so the bare name is ambiguous in the bench
corpus; a leading division (温州市经合办) names the bundled corpus's own bureau."""

WIDGETS: dict[str, str] = {
    "embed/unit": "/embed/unit/温州市招商局?asOf=2019-01-01",
    "embed/overdue": "/embed/overdue?asOf=2019-01-01",
}
"""Wiki widgets loaded under the same load as the queries."""
