"""Totals counted from the index equal the walk they replaced (kept as
``graph.counts.walked_count``) for every (day, scope, status, date range) on the sample,
the bundled corpus, a withdrawn document and a generated corpus, with reports given at
once or read through a function; the due-date tally equals a plain count."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator

import networkx as nx
import pytest
from sqlmodel import Session

import graph.counts as counts_module
from graph.build import build_graph
from graph.counts import count, walked_count
from graph.edges import mark_node
from graph.obligations import Obligation, expand, planning_year
from graph.pages import Wanted
from graph.sample import sample_graph
from graph.status import Status, StatusReport
from graph.tally import DueTally
from store.db import make_engine
from tests.corpus_db import corpus_engine


def _built(engine_url: str) -> nx.MultiDiGraph:
    engine = make_engine(engine_url)
    with Session(engine) as session:
        graph = build_graph(session)
    engine.dispose()
    return graph


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    folder = tmp_path_factory.mktemp("counts")
    corpus_engine(folder).dispose()
    return _built(f"sqlite:///{folder}/corpus.db")


@pytest.fixture(scope="module")
def generated_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """Forty generated documents issued over several years: many issue days, recurring
    work, enough instances that the tally has whole blocks."""
    folder = tmp_path_factory.mktemp("generated")
    corpus_engine(folder, generated=40, seed=3).dispose()
    return _built(f"sqlite:///{folder}/corpus.db")


@pytest.fixture(scope="module")
def withdrawn_graph() -> nx.MultiDiGraph:
    """The sample with its document withdrawn on 2020-03-01, before anything expanded."""
    graph = sample_graph()
    document = next(n for n, d in graph.nodes(data=True) if d["kind"] == "Document")
    mark_node(graph, document, withdrawn_on=dt.date(2020, 3, 1))
    return graph


def every_instance(graph: nx.MultiDiGraph) -> list[Obligation]:
    return expand(graph, through_year=planning_year(graph))


def some_reports(graph: nx.MultiDiGraph) -> list[StatusReport]:
    """Every fourth instance done early, every ninth late, every eleventh unfinished,
    and one report naming no instance the graph has."""
    reports = [StatusReport("deadline:nowhere/一/1@2019", dt.date(2019, 1, 1))]
    for n, ob in enumerate(every_instance(graph)):
        if n % 4 == 0:
            reports.append(StatusReport(ob.id, ob.due - dt.timedelta(days=5)))
        elif n % 9 == 0:
            reports.append(StatusReport(ob.id, ob.due + dt.timedelta(days=40)))
        elif n % 11 == 0:
            reports.append(StatusReport(ob.id, ob.due, complete=False))
    return reports


def questions(graph: nx.MultiDiGraph) -> Iterator[Wanted]:
    """Days across the documents' span, every status, everyone's and one unit's list,
    date ranges open and closed, later years and earlier existence days."""
    dues = sorted(ob.due for ob in every_instance(graph))
    first, last = dues[0], dues[-1]
    busiest = max({o.unit for ob in every_instance(graph) for o in ob.owners},
                  key=lambda u: sum(u in {o.unit for o in ob.owners}
                                    for ob in every_instance(graph)))
    span = (last - first).days
    days = [first - dt.timedelta(days=400), first + dt.timedelta(days=span // 3),
            first + dt.timedelta(days=2 * span // 3), last + dt.timedelta(days=30)]
    ranges = [{}, {"start": first + dt.timedelta(days=span // 4)},
              {"start": first + dt.timedelta(days=span // 5),
               "end": first + dt.timedelta(days=span // 2)},
              {"end": first + dt.timedelta(days=span // 2), "exists_by": last,
               "through_year": dt.MAXYEAR},
              {"through_year": first.year + 1}]
    for day, status, units, span_args in itertools.product(
            days, [None, *Status], [None, (busiest,)], ranges):
        yield Wanted(as_of=day, status=status, units=units, **span_args)  # type: ignore[arg-type]


def _by_function(reports: list[StatusReport]) -> Callable[[list[str]], list[StatusReport]]:
    def read(ids: list[str]) -> list[StatusReport]:
        wanted = set(ids)
        return [r for r in reports if r.obligation_id in wanted]
    return read


@pytest.mark.parametrize("which", ["sample", "withdrawn", "corpus", "generated"])
def test_a_total_from_the_index_equals_the_walk_for_every_question(
        which: str, corpus_graph: nx.MultiDiGraph, generated_graph: nx.MultiDiGraph,
        withdrawn_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counts_module, "WALK_AT_MOST", 0)  # every range read from the tally
    graph = {"sample": sample_graph(), "withdrawn": withdrawn_graph, "corpus": corpus_graph,
             "generated": generated_graph}[which]
    reports = some_reports(graph)
    read = _by_function(reports)
    asked = nonzero = 0
    for wanted in questions(graph):
        walked = walked_count(graph, wanted, reports=reports)
        assert count(graph, wanted, reports=reports) == walked, wanted
        assert count(graph, wanted, reports=read, every_report=lambda: reports) == walked, wanted
        assert count(graph, wanted, reports=read) == walked, wanted
        assert count(graph, wanted) == walked_count(graph, wanted), wanted
        asked += 1
        nonzero += walked > 0
    assert nonzero > asked // 8  # the comparison was about something


def test_the_generated_corpus_fills_several_blocks_of_the_tally(
        generated_graph: nx.MultiDiGraph) -> None:
    from graph.agenda_index import agenda_index

    index = agenda_index(generated_graph)
    assert len(index.tally.blocks) >= 2
    assert len(index.tally.days) > 10  # many issue days
    assert index.open_tallies  # open-ended recurring work of several years


def test_a_withdrawn_documents_overdue_work_leaves_the_total_after_the_withdrawal(
        withdrawn_graph: nx.MultiDiGraph) -> None:
    before = count(withdrawn_graph, Wanted(as_of=dt.date(2020, 2, 1), status=Status.OVERDUE))
    after = count(withdrawn_graph, Wanted(as_of=dt.date(2021, 6, 1), status=Status.OVERDUE))
    assert before > 0
    assert after == 0
    assert count(withdrawn_graph, Wanted(as_of=dt.date(2021, 6, 1))) < len(
        every_instance(withdrawn_graph))


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64])
def test_the_tally_counts_what_a_plain_filter_counts(block: int) -> None:
    rng = random.Random(block)
    base = dt.date(2018, 1, 1)

    def day() -> dt.date:
        return base + dt.timedelta(days=rng.randrange(0, 1500))

    pairs = [(None if rng.random() < 0.1 else day(), day()) for _ in range(200)]
    tally = DueTally.of(pairs, block=block)
    for _ in range(300):
        low = None if rng.random() < 0.2 else day()
        high = None if rng.random() < 0.2 else day()
        on = day()
        expected = sum(1 for issued, due in pairs
                       if (issued is None or issued <= on)
                       and (low is None or low <= due) and (high is None or due <= high))
        assert tally.count(low, high, on) == expected
    assert DueTally.of(()).count(None, None, base) == 0


def test_a_total_with_a_status_over_a_short_range_reads_only_that_ranges_reports(
        corpus_graph: nx.MultiDiGraph) -> None:
    reports = some_reports(corpus_graph)
    asked: list[int] = []

    def read(ids: list[str]) -> list[StatusReport]:
        asked.append(len(ids))
        return _by_function(reports)(ids)

    def every() -> list[StatusReport]:
        raise AssertionError("every report was read for a short range")

    wanted = Wanted(as_of=dt.date(2021, 6, 1), status=Status.OVERDUE)
    assert count(corpus_graph, wanted, reports=read, every_report=every) == walked_count(
        corpus_graph, wanted, reports=reports)
    assert asked and max(asked) <= counts_module.WALK_AT_MOST
