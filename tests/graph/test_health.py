"""What /healthz reports about a snapshot: counted once, as NetworkX counts."""

from __future__ import annotations

import networkx as nx

from graph.health import KINDS, edge_count, health_of
from graph.sample import sample_graph


def test_edge_count_agrees_with_networkx_on_a_multigraph_with_parallel_edges() -> None:
    graph = sample_graph()
    graph = nx.MultiDiGraph(graph)  # unfrozen copy: add parallel edges and a self-loop
    first = next(iter(graph.nodes))
    graph.add_edge(first, first, key="again")
    u, v, _ = next(iter(graph.edges(keys=True)))
    graph.add_edge(u, v, key="parallel")
    assert edge_count(graph) == graph.number_of_edges()


def test_health_is_computed_once_per_snapshot_and_kept_with_it() -> None:
    graph = sample_graph()
    health = health_of(graph)
    assert health.edges == graph.number_of_edges()
    assert list(health.counts) == list(KINDS)
    assert health_of(graph) is health  # a second read walks nothing
