"""A snapshot is published with its derived data computed: the documents' years (found
on the planning year's walk, equal to a walk of every node), the unit and place names,
the list sizes; the first requests read them instead of computing them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

import graph.names as names_module
import graph.sizes as sizes_module
import graph.window as window_module
from graph.build import build_graph
from graph.horizons import document_horizons
from graph.names import resolve_unit
from graph.sample import sample_graph
from graph.sizes import sizes_of
from graph.state import GraphHolder
from graph.window import allowed_window, document_years
from store.db import make_engine
from store.ingest import load_bundled


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('warm')}/corpus.db")
    load_bundled(engine=engine)
    yield engine
    engine.dispose()


def years_of_every_node(graph: nx.MultiDiGraph) -> tuple[int, int] | None:
    """The documents' years as a walk of every node found them before."""
    years = list(document_horizons(graph).values())
    for _, data in graph.nodes(data=True):
        for key in ("issued_on", "due", "horizon"):
            value = data.get(key)
            if isinstance(value, dt.date):
                years.append(value.year)
    return (min(years), max(years)) if years else None


def test_the_documents_years_found_on_the_planning_walk_equal_a_walk_of_every_node(
        corpus: Engine) -> None:
    with Session(corpus) as session:
        built = build_graph(session)
    assert document_years(built) == years_of_every_node(built)
    assert document_years(sample_graph()) == years_of_every_node(sample_graph()) == (2018, 2020)
    assert document_years(nx.MultiDiGraph()) is None


def test_a_published_snapshot_answers_its_first_requests_from_data_computed_at_build(
        corpus: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = GraphHolder(corpus, check_interval=3600).current().graph
    for key in ("document_years", "list_sizes", "names", "collective_units",
                "collective_members", "agenda_index"):
        assert key in graph.graph, key

    def computed(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a request computed what the build should have")

    monkeypatch.setattr(names_module, "_build_names", computed)
    monkeypatch.setattr(sizes_module, "Counter", computed)
    monkeypatch.setattr(window_module, "planning_year", computed)
    assert resolve_unit(graph, "经合办").startswith("unit:")
    assert allowed_window(graph, today=dt.date(2026, 11, 30)).first.year <= 2008
    units = sum(1 for _, kind in graph.nodes(data="kind") if kind == "Unit")
    assert sizes_of(graph).count("Unit") == units > 1


def sizes_by_edge(graph: nx.MultiDiGraph) -> tuple[dict[tuple[str, str], int],
                                                   dict[tuple[str, str], int]]:
    """Links and squared links by pair of kinds as a walk of every edge counted them."""
    kinds = dict(graph.nodes(data="kind"))
    degrees: Counter[tuple[str, str, str]] = Counter()
    for u, v in graph.edges():
        degrees[(u, kinds[u], kinds[v])] += 1
        degrees[(v, kinds[v], kinds[u])] += 1
    links: Counter[tuple[str, str]] = Counter()
    squares: Counter[tuple[str, str]] = Counter()
    for (_, a, b), d in degrees.items():
        links[(a, b)] += d
        squares[(a, b)] += d * d
    return dict(links), dict(squares)


def test_list_sizes_counted_node_by_node_equal_those_counted_edge_by_edge(
        corpus: Engine) -> None:
    with Session(corpus) as session:
        built = build_graph(session)
    sizes = sizes_of(built)  # before any expansion: node counts, unscaled
    links, squares = sizes_by_edge(built)
    assert sizes.links == links
    assert sizes.squares == squares
    assert len(links) > 10
