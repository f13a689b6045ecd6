"""The overdue widget's rows, cut from the index, are the rows it showed when it judged
every instance and filtered them (kept here as the reference), for every filter, day
and set of reports, a withdrawn document included."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from embed.views.overdue import overdue_list
from graph.asof import AsOfContext
from graph.build import build_graph
from graph.obligations import expand, planning_year
from graph.rows import ObligationRow, assessed_rows, obligation_row
from graph.selection import keep, resolve_selection
from graph.status import Status, StatusReport


@pytest.fixture(scope="module")
def corpus_graph(corpus_sqlite: Engine) -> nx.MultiDiGraph:
    with Session(corpus_sqlite) as session:
        return build_graph(session)


@pytest.fixture(scope="module")
def withdrawn_graph(corpus_sqlite: Engine) -> nx.MultiDiGraph:
    """The corpus with 温政发〔2018〕26号 withdrawn on 2019-03-01, before any expansion."""
    with Session(corpus_sqlite) as session:
        graph = build_graph(session)
    document = next(n for n, d in graph.nodes(data=True)
                    if d["kind"] == "Document" and d.get("number") == "温政发〔2018〕26号")
    graph.nodes[document]["withdrawn_on"] = dt.date(2019, 3, 1)
    return graph


def reports_of(graph: nx.MultiDiGraph) -> tuple[StatusReport, ...]:
    """Every third instance done on time, every fifth an unfinished report."""
    found = []
    for n, ob in enumerate(expand(graph, through_year=planning_year(graph))):
        if n % 3 == 0:
            found.append(StatusReport(ob.id, ob.due - dt.timedelta(days=3)))
        elif n % 5 == 0:
            found.append(StatusReport(ob.id, ob.due, complete=False))
    return tuple(found)


def judged_one_by_one(context: AsOfContext, **filters: str | None) -> list[ObligationRow]:
    """The widget's rows as it computed them before: every instance judged, filtered."""
    graph = context.graph
    selection = resolve_selection(graph, **filters)
    late = [a for a in keep(graph, selection, assessed_rows(context))
            if a.status is Status.OVERDUE]
    return [obligation_row(graph, a) for a in late]


FILTERS: list[dict[str, str | None]] = [
    {}, {"unit": "市招商局"}, {"unit": "经合办"}, {"place": "泰顺县"},
    {"document": "温政发〔2018〕26号"}, {"unit": "市招商局", "place": "泰顺县"},
    {"place": "泰顺县", "document": "温政发〔2018〕26号"},
    {"unit": "结对县(市、区)党委、政府", "jurisdiction": "温州市"},
]


@pytest.mark.parametrize("which", ["corpus", "withdrawn"])
def test_the_overdue_rows_cut_from_the_index_are_the_rows_judged_one_by_one(
        which: str, corpus_graph: nx.MultiDiGraph, withdrawn_graph: nx.MultiDiGraph) -> None:
    graph = corpus_graph if which == "corpus" else withdrawn_graph
    shown = 0
    for day, reports, filters in itertools.product(
            [dt.date(2018, 8, 15), dt.date(2019, 1, 1), dt.date(2019, 6, 30),
             dt.date(2021, 6, 1), dt.date(2026, 1, 1)],
            [(), reports_of(graph)], FILTERS):
        context = AsOfContext(graph=graph, as_of=day, reports=reports)
        expected = judged_one_by_one(context, **filters)
        assert overdue_list(context, **filters).rows == expected, (day, filters)
        shown += len(expected)
    assert shown > 50  # the comparison was about rows, not empty lists
