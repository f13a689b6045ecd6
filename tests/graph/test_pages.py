"""Pages cut from the sorted index equal the same slice of the whole list, judged one by
one, for every filter; counts equal the whole list's length; pages after pages continue
without gaps or repeats; a page judges only what it needs."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import networkx as nx
import pytest
from sqlmodel import Session

import graph.batch_judging as batch_judging
import graph.pages as pages_module
from graph.agenda import Assessed
from graph.build import build_graph
from graph.counts import count
from graph.edges import mark_node
from graph.obligations import Obligation, expand, planning_year
from graph.pages import Wanted, page
from graph.places import bearers
from graph.sample import sample_graph
from graph.shares import judge_obligation
from graph.status import Status, StatusReport
from store.db import make_engine
from store.ingest import load_bundled


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('pages')}/corpus.db")
    load_bundled(engine=engine)
    with Session(engine) as session:
        graph = build_graph(session)
    engine.dispose()
    return graph


@pytest.fixture(scope="module")
def withdrawn_graph() -> nx.MultiDiGraph:
    """The sample with its document withdrawn on 2020-03-01 (its later overdue work is
    no longer shown), stamped before anything was expanded."""
    graph = sample_graph()
    document = next(n for n, d in graph.nodes(data=True) if d["kind"] == "Document")
    mark_node(graph, document, withdrawn_on=dt.date(2020, 3, 1))
    return graph


def every_instance(graph: nx.MultiDiGraph) -> list[Obligation]:
    return expand(graph, through_year=planning_year(graph))


def some_reports(graph: nx.MultiDiGraph) -> list[StatusReport]:
    """Every third instance done ten days before it fell due, every fifth sixty days
    late, every seventh an unfinished report: all statuses occur."""
    reports = []
    for n, ob in enumerate(every_instance(graph)):
        if n % 3 == 0:
            reports.append(StatusReport(ob.id, ob.due - dt.timedelta(days=10)))
        elif n % 5 == 0:
            reports.append(StatusReport(ob.id, ob.due + dt.timedelta(days=60)))
        elif n % 7 == 0:
            reports.append(StatusReport(ob.id, ob.due - dt.timedelta(days=1), complete=False))
    return reports


def one_by_one(graph: nx.MultiDiGraph, wanted: Wanted,
               reports: list[StatusReport]) -> list[tuple[str, Status]]:
    """The whole list as the lists answered before they paged: every instance, each
    judged on its own, filtered in plain Python."""
    year = wanted.through_year if wanted.through_year is not None else wanted.as_of.year
    shown = []
    for ob in every_instance(graph):  # in due, path, id order
        owners = {o.unit for o in ob.owners}
        if wanted.units is not None or wanted.tasks:
            if not (owners & set(wanted.units or ()) or ob.task in wanted.tasks):
                continue
        if wanted.start is not None and ob.due < wanted.start:
            continue
        if wanted.end is not None and ob.due > wanted.end:
            continue
        if ob.open_ended and ob.year is not None and ob.year > year:
            continue
        if ob.issued_on is not None and ob.issued_on > (wanted.exists_by or wanted.as_of):
            continue
        status = judge_obligation(graph, ob, as_of=wanted.as_of,
                                  reports=[r for r in reports if r.obligation_id == ob.id],
                                  due_soon_days=wanted.due_soon_days).status
        if ob.ends_on is not None and ob.ends_on < wanted.as_of and status is Status.OVERDUE:
            continue
        if wanted.status is None or status is wanted.status:
            shown.append((ob.id, status))
    return shown


def pairs(found: list[Assessed]) -> list[tuple[str, Status]]:
    return [(a.obligation.id, a.status) for a in found]


def questions(graph: nx.MultiDiGraph) -> list[Wanted]:
    """Every combination of scope, status, date range and day."""
    units = sorted({o.unit for ob in every_instance(graph) for o in ob.owners})
    places = [n for n, d in graph.nodes(data=True) if d["kind"] == "Place"]
    busiest = max(units, key=lambda u: sum(u in {o.unit for o in ob.owners}
                                           for ob in every_instance(graph)))
    scopes: list[dict[str, Any]] = [{}, {"units": (busiest,)}, {"units": ("unit:nobody",)},
                                    {"units": tuple(units[:3])}]
    scopes += [dict(zip(("units", "tasks"), bearers(graph, p), strict=True))
               for p in places[:3]]
    ranges: list[dict[str, Any]] = [
        {}, {"start": dt.date(2019, 1, 1), "end": dt.date(2020, 12, 31)},
        {"start": dt.date(2020, 1, 1), "end": dt.date(2020, 12, 31),
         "exists_by": dt.date(2020, 12, 31), "through_year": dt.MAXYEAR}]
    days = [dt.date(2018, 8, 15), dt.date(2019, 6, 30), dt.date(2021, 6, 1)]
    return [Wanted(as_of=day, status=status, **scope, **span)
            for day, status, scope, span in itertools.product(
                days, [None, *Status], scopes, ranges)]


@pytest.mark.parametrize("which", ["sample", "corpus", "withdrawn"])
def test_a_page_of_the_index_is_the_same_slice_of_the_whole_list_for_every_filter(
        which: str, corpus_graph: nx.MultiDiGraph, withdrawn_graph: nx.MultiDiGraph) -> None:
    graph = {"sample": sample_graph(), "corpus": corpus_graph,
             "withdrawn": withdrawn_graph}[which]
    reports = some_reports(graph)
    seen_statuses: set[Status] = set()
    nonempty = 0
    for wanted in questions(graph):
        whole = one_by_one(graph, wanted, reports)
        seen_statuses.update(s for _, s in whole)
        nonempty += bool(whole)
        for offset, limit in [(0, 3), (2, 5), (0, 0), (len(whole) - 1, 4), (0, None)]:
            offset = max(offset, 0)
            got = pairs(page(graph, wanted, offset=offset, limit=limit, reports=reports))
            expected = whole[offset:] if limit is None else whole[offset:offset + limit]
            assert got == expected, (wanted, offset, limit)
        assert count(graph, wanted, reports=reports) == len(whole), wanted
    assert nonempty > 10  # the comparison was about something
    assert seen_statuses >= {Status.DONE, Status.OPEN}
    if which == "withdrawn":  # overdue while it stood, dropped after the withdrawal
        assert count(graph, Wanted(as_of=dt.date(2020, 2, 1), status=Status.OVERDUE)) > 0
        assert count(graph, Wanted(as_of=dt.date(2021, 6, 1), status=Status.OVERDUE)) == 0
        assert count(graph, Wanted(as_of=dt.date(2021, 6, 1))) < len(every_instance(graph))
    else:
        assert Status.OVERDUE in seen_statuses


def test_reports_read_per_batch_give_the_same_pages_as_reports_given_at_once(
        corpus_graph: nx.MultiDiGraph) -> None:
    reports = some_reports(corpus_graph)
    asked: list[list[str]] = []

    def read(ids: list[str]) -> list[StatusReport]:
        asked.append(ids)
        wanted_ids = set(ids)
        return [r for r in reports if r.obligation_id in wanted_ids]

    wanted = Wanted(as_of=dt.date(2021, 6, 1), status=Status.OVERDUE)
    whole = one_by_one(corpus_graph, wanted, reports)
    assert pairs(page(corpus_graph, wanted, offset=1, limit=2, reports=read)) == whole[1:3]
    assert count(corpus_graph, wanted, reports=read) == len(whole)


def test_pages_after_pages_continue_without_gaps_or_repeats(
        corpus_graph: nx.MultiDiGraph) -> None:
    reports = some_reports(corpus_graph)
    for status in (None, Status.OVERDUE, Status.DONE):
        wanted = Wanted(as_of=dt.date(2021, 6, 1), status=status)
        walked: list[tuple[str, Status]] = []
        offset = 0
        while chunk := pairs(page(corpus_graph, wanted, offset=offset, limit=4,
                                  reports=reports)):
            walked += chunk
            offset += len(chunk)
        assert walked == one_by_one(corpus_graph, wanted, reports)
        assert len({i for i, _ in walked}) == len(walked) > 4


def test_a_short_page_judges_a_few_instances_not_the_whole_list(
        corpus_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []
    real = batch_judging.status_on

    def counting(graph: nx.MultiDiGraph, obligation: Obligation, **kwargs: Any) -> Status:
        judged.append(obligation.id)
        return real(graph, obligation, **kwargs)

    monkeypatch.setattr(batch_judging, "status_on", counting)
    wanted = Wanted(as_of=dt.date(2021, 6, 1))
    total = count(corpus_graph, wanted)
    assert total >= 20
    judged.clear()
    assert len(page(corpus_graph, wanted, offset=0, limit=2)) == 2
    assert 2 <= len(judged) <= 4  # the page and its first batch, not the other 18+
    judged.clear()
    assert page(corpus_graph, wanted, offset=0, limit=0) == []
    assert judged == []


def test_a_status_narrows_the_dates_searched_before_anything_is_judged(
        corpus_graph: nx.MultiDiGraph) -> None:
    day = dt.date(2019, 6, 30)
    overdue = list(pages_module.candidates(corpus_graph,
                                           Wanted(as_of=day, status=Status.OVERDUE)))
    soon = list(pages_module.candidates(corpus_graph, Wanted(as_of=day, status=Status.DUE_SOON,
                                                             due_soon_days=30)))
    assert overdue and all(ob.due < day for ob in overdue)
    assert all(day <= ob.due <= dt.date(2019, 7, 30) for ob in soon)
