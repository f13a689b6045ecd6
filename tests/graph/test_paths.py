"""shortestPath's search from both ends: as short as NetworkX's, a real path, and it does
not read the busy end's edges when the quiet end reaches it first."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.analysis import shortest_path
from graph.build import build_graph
from graph.paths import bidirectional_path
from graph.sample import sample_graph


def _is_path(graph: nx.MultiDiGraph, path: list[str]) -> bool:
    return all(graph.has_edge(a, b) or graph.has_edge(b, a) for a, b in itertools.pairwise(path))


def _pairs(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    ends = [n for n, kind in graph.nodes(data="kind") if kind in ("Unit", "Place", "Task")]
    return list(itertools.combinations(ends[::max(1, len(ends) // 25)], 2))


def test_paths_are_as_short_as_networkx_finds_and_join_the_ends() -> None:
    graph = sample_graph()
    undirected = graph.to_undirected(as_view=True)
    for source, target in _pairs(graph):
        path = shortest_path(graph, source, target)
        if not nx.has_path(undirected, source, target):
            assert path == []
            continue
        assert path[0] == source and path[-1] == target and _is_path(graph, path)
        assert len(path) - 1 == nx.shortest_path_length(undirected, source, target)


@pytest.mark.parametrize("corpus_engine", ["sqlite"], indirect=True)
def test_paths_on_the_bundled_corpus_are_as_short_as_networkx_finds(
        corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        graph = build_graph(session)
    undirected = graph.to_undirected(as_view=True)
    joined = 0
    for source, target in _pairs(graph):
        path = shortest_path(graph, source, target)
        if not nx.has_path(undirected, source, target):
            assert path == []
            continue
        joined += 1
        assert path[0] == source and path[-1] == target and _is_path(graph, path)
        assert len(path) - 1 == nx.shortest_path_length(undirected, source, target)
    assert joined > 50


def test_the_busy_end_is_not_widened_when_the_quiet_end_reaches_it() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edges_from((f"task:{i}", "place") for i in range(2000))  # the county
    graph.add_edges_from(("unit", f"task:{i}") for i in range(1990, 2000))
    read: list[str] = []
    real_pred = graph.pred

    class Watched(dict):
        def __getitem__(self, node: str):
            read.append(node)
            return real_pred[node]

    graph.__dict__["pred"] = Watched(real_pred)  # in place of the cached adjacency view
    path = bidirectional_path(graph, "unit", "place")
    assert path == ["unit", "task:1990", "place"]
    # the place's 2,000 in-edges are counted (a length), never walked
    assert len(read) < 30
