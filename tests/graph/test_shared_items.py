"""Obligation instances share one Item per obligation (graph.obligation_types) and
answer as the flat instances of the old expansion did (tests/graph/flat_expansion): on
the sample graph and a generated corpus, with and without successions handing later
instances over, every field of every instance in the same order, and the same judged
agenda."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from sqlmodel import Session

from graph.agenda import assess, assess_among
from graph.build import build_graph
from graph.obligation_expansion import expand_uncached
from graph.obligation_types import Obligation
from graph.sample import sample_graph
from graph.status import Status, status_of
from graph.successions import Step
from tests.corpus_db import corpus_engine
from tests.graph.flat_expansion import flat_expand

FIELDS = ("id", "node", "suffix", "due", "year", "raw", "path", "text", "document", "task",
          "owners", "targets", "start", "end", "open_ended", "heading", "provenance",
          "issued_on", "ends_on")
DAYS = [dt.date(2018, 12, 31), dt.date(2020, 6, 30), dt.date(2022, 1, 1)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[nx.MultiDiGraph]:
    engine = corpus_engine(tmp_path_factory.mktemp("items"), generated=30, seed=5)
    with Session(engine) as session:
        yield build_graph(session)
    engine.dispose()


def _with_successions(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with its three busiest units each merged into the next from mid-2020."""
    counts: dict[str, int] = {}
    for ob in expand_uncached(graph, through_year=2025):
        for owner in ob.owners:
            counts[owner.unit] = counts.get(owner.unit, 0) + 1
    busiest = sorted(counts, key=lambda u: (-counts[u], u))[:4]
    graph.graph["successions"] = tuple(
        Step(a, b, "merge", dt.date(2020, 7, 1)) for a, b in itertools.pairwise(busiest))
    return graph


def _fields(instances: list[Any]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(ob, name) for name in FIELDS) for ob in instances]


def _graphs(generated: nx.MultiDiGraph) -> list[nx.MultiDiGraph]:
    plain = sample_graph()
    handed = sample_graph()
    handed.graph["successions"] = (Step("unit:2", "unit:3", "merge", dt.date(2019, 3, 1)),)
    return [plain, handed, generated]


def test_every_instance_has_the_fields_the_flat_expansion_gave(
        generated: nx.MultiDiGraph) -> None:
    for graph in _graphs(generated):
        for year in (2019, 2023):
            shared = expand_uncached(graph, through_year=year)
            assert shared and all(type(ob) is Obligation for ob in shared)
            assert _fields(shared) == _fields(flat_expand(graph, through_year=year))
    # the cases sharing could get wrong occur: merged phrases, several instances per item
    shared = expand_uncached(generated, through_year=2023)
    assert any(len(ob.provenance) > 1 for ob in shared)
    assert len({id(ob.item) for ob in shared}) < len(shared) / 2


def test_handed_over_instances_have_their_own_owners_as_before(
        generated: nx.MultiDiGraph) -> None:
    before = generated.graph.get("successions", ())
    graph = _with_successions(generated)
    try:
        shared = expand_uncached(graph, through_year=2023)
        assert _fields(shared) == _fields(flat_expand(graph, through_year=2023))
        assert any(owner.succeeds for ob in shared for owner in ob.owners)
    finally:
        graph.graph["successions"] = before


def _flat_judged(flat: list[Any], day: dt.date) -> list[tuple[str, Status]]:
    """The flat instances judged without reports as the agenda did: those issued by
    ``day``, by their dates alone, less an ended document's overdue work."""
    judged = [(ob, status_of(ob.id, ob.due, as_of=day)) for ob in flat
              if ob.issued_on is None or ob.issued_on <= day]
    return [(ob.id, status) for ob, status in judged
            if not (status is Status.OVERDUE and ob.ends_on is not None and ob.ends_on < day)]


def test_the_judged_agenda_is_the_flat_expansions(generated: nx.MultiDiGraph) -> None:
    for day in DAYS:
        flat = flat_expand(generated, through_year=day.year)
        theirs = _flat_judged(flat, day)
        mine = [(a.obligation.id, a.status) for a in assess(generated, as_of=day)]
        assert mine == theirs and mine
        units = sorted({o.unit for ob in flat for o in ob.owners})[:5]
        owned = {ob.id for ob in flat if any(o.unit in units for o in ob.owners)}
        among = assess_among(generated, as_of=day, units=units)
        assert [a.obligation.id for a in among] == [i for i, _ in theirs if i in owned]
