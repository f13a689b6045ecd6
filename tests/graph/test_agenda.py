"""The agenda: each year answered from the shared index as if expanded through that year
alone, a place's obligations as a scan finds them, windows without later open-ended
instances, an unreported instance's status from its dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session

from graph.agenda import (
    assess,
    assess_among,
    due_between,
    exists_on,
    overdue,
    status_on,
)
from graph.build import CONCERNS, build_graph
from graph.obligation_expansion import expand_uncached
from graph.obligations import planning_year
from graph.places import memberships
from graph.sample import sample_graph
from graph.shares import judge_obligation
from store.db import make_engine
from store.ingest import load_bundled


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Any:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('agenda')}/corpus.db")
    load_bundled(engine=engine)
    with Session(engine) as session:
        graph = build_graph(session)
    engine.dispose()
    return graph


def ids(assessed: list[Any]) -> list[tuple[str, str]]:
    return [(a.obligation.id, a.status.value) for a in assessed]


@pytest.mark.parametrize("year", [2018, 2019, 2020, 2021, 2024])
def test_each_year_reads_the_shared_index_as_if_expanded_through_that_year(year: int) -> None:
    graph = sample_graph()
    day = dt.date(year, 6, 30)
    shared = assess(graph, as_of=day)
    # the old way: an expansion through exactly that year, judged without the index
    alone = sample_graph()
    exact = sorted((o for o in expand_uncached(alone, through_year=year) if exists_on(o, day)),
                   key=lambda o: (o.due, o.path, o.id))  # nothing before the issue date
    assert [a.obligation.id for a in shared] == [o.id for o in exact]
    assert list(graph.graph["agenda_index"]) == [planning_year(graph)], "one index"


def test_a_places_obligations_match_a_scan_of_every_obligation(corpus_graph: Any) -> None:
    day = dt.date(2021, 6, 1)
    everything = assess(corpus_graph, as_of=day)
    places = [n for n, kind in corpus_graph.nodes(data="kind") if kind == "Place"]
    assert places
    nonempty = 0
    for place in places:
        units = set(memberships(corpus_graph, place))
        tasks = {u for u, _, k in corpus_graph.in_edges(place, keys=True) if k == CONCERNS}
        scanned = [a for a in everything if a.obligation.task in tasks
                   or any(o.unit in units for o in a.obligation.owners)]
        indexed = assess_among(corpus_graph, as_of=day, units=units, tasks=tasks)
        assert ids(indexed) == ids(scanned), place
        nonempty += bool(scanned)
    assert nonempty >= 5, "the paired counties owe something through 结对县(市、区)"


def test_windows_ignore_open_ended_instances_beyond_them(corpus_graph: Any) -> None:
    window = due_between(corpus_graph, start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    assert window and all(a.obligation.due.year == 2019 for a in window)
    late = overdue(corpus_graph, as_of=dt.date(2019, 1, 1))
    assert late and all(a.obligation.due < dt.date(2019, 1, 1) for a in late)


@pytest.mark.parametrize("day", [dt.date(2018, 1, 1), dt.date(2019, 1, 1), dt.date(2020, 6, 30),
                                 dt.date(2021, 12, 31)])
def test_an_unreported_instances_status_is_what_judging_it_without_reports_finds(
        corpus_graph: Any, day: dt.date) -> None:
    instances = expand_uncached(corpus_graph, through_year=2022)
    assert instances
    for due_soon_days in (0, 30):
        judged = [judge_obligation(corpus_graph, ob, as_of=day, reports=(),
                                   due_soon_days=due_soon_days).status for ob in instances]
        assert [status_on(corpus_graph, ob, as_of=day, reports=(), due_soon_days=due_soon_days)
                for ob in instances] == judged
