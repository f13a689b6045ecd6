"""A built graph's nodes and edges never change: readers share it without locks."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.sample import sample_graph


def test_a_built_graph_refuses_new_nodes_and_edges() -> None:
    graph = sample_graph()
    unit = next(n for n, d in graph.nodes(data=True) if d["kind"] == "Unit")
    assert nx.is_frozen(graph)
    with pytest.raises(nx.NetworkXError):
        graph.add_node("unit:999999", kind="Unit")
    with pytest.raises(nx.NetworkXError):
        graph.add_edge(unit, unit, key="RESPONSIBLE_FOR")
    with pytest.raises(nx.NetworkXError):
        graph.remove_node(unit)


def test_a_built_graph_still_takes_its_derived_caches() -> None:
    from graph.obligations import planning_year

    graph = sample_graph()
    assert planning_year(graph) == graph.graph["planning_year"]
