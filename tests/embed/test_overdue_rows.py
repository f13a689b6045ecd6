"""The overdue widget's rows, cut from the index, are the rows it showed when it judged
every instance and filtered them (kept here as the reference), for every filter, day
and set of reports, a withdrawn document included; its pages walk that whole list once
and its total is that list's length."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from embed.paging import Window
from embed.views.overdue import overdue_list
from graph.asof import AsOfContext
from graph.build import build_graph
from graph.edges import mark_node
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
    mark_node(graph, document, withdrawn_on=dt.date(2019, 3, 1))
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
        assert overdue_list(context, **filters, window=Window(first=500)).rows == expected, (
            day, filters)
        shown += len(expected)
    assert shown > 50  # the comparison was about rows, not empty lists


CASES = list(itertools.product([dt.date(2019, 1, 1), dt.date(2021, 6, 1), dt.date(2026, 1, 1)],
                               [False, True], FILTERS))


@pytest.mark.parametrize("which", ["corpus", "withdrawn"])
def test_the_total_is_the_length_of_the_whole_list_judged_one_by_one(
        which: str, corpus_graph: nx.MultiDiGraph, withdrawn_graph: nx.MultiDiGraph) -> None:
    graph = corpus_graph if which == "corpus" else withdrawn_graph
    reports = reports_of(graph)
    for day, reported, filters in CASES:
        context = AsOfContext(graph=graph, as_of=day, reports=reports if reported else ())
        expected = len(judged_one_by_one(context, **filters))
        view = overdue_list(context, **filters, window=Window(first=2))
        assert view.shown.total == expected, (day, reported, filters)
        assert len(view.rows) == min(2, expected)


def test_a_page_holds_at_most_first_rows(corpus_graph: nx.MultiDiGraph) -> None:
    context = AsOfContext(graph=corpus_graph, as_of=dt.date(2026, 1, 1))
    whole = judged_one_by_one(context)
    assert len(whole) > 7  # several pages of 3
    for offset in range(0, len(whole) + 3):
        rows = overdue_list(context, window=Window(first=3, offset=offset)).rows
        assert rows == whole[offset:offset + 3]
        assert len(rows) <= 3


@pytest.mark.parametrize("first", [1, 4, 7])
def test_following_the_next_page_walks_the_whole_list_once(
        first: int, withdrawn_graph: nx.MultiDiGraph) -> None:
    for day, reported, filters in CASES:
        reports = reports_of(withdrawn_graph) if reported else ()
        context = AsOfContext(graph=withdrawn_graph, as_of=day, reports=reports)
        expected = judged_one_by_one(context, **filters)
        walked: list[ObligationRow] = []
        offset: int | None = 0
        pages = 0
        while offset is not None:
            view = overdue_list(context, **filters, window=Window(first=first, offset=offset))
            walked += view.rows
            offset = view.shown.next_offset
            pages += 1
            assert pages <= len(expected) + 1, "the pages do not end"
        assert walked == expected, (day, reported, filters)
        assert len({r.id for r in walked}) == len(walked)  # no row twice
