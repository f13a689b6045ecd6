"""Nodes by kind and by document: the same nodes, in the same order, as a walk finds."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.kinds import of_document, of_kind
from graph.sample import sample_graph

KINDS = ("Document", "Section", "Task", "Target", "Obligation", "Unit", "Place", "Nothing")


def _walked(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    return [n for n, d in graph.nodes(data=True) if d["kind"] == kind]


@pytest.mark.parametrize("kind", KINDS)
def test_nodes_of_a_kind_are_those_a_walk_finds_in_graph_order(kind: str) -> None:
    graph = sample_graph()
    assert list(of_kind(graph, kind)) == _walked(graph, kind)
    assert of_kind(graph, kind) is of_kind(graph, kind)  # indexed once


@pytest.mark.parametrize("kind", ["Section", "Task", "Target"])
def test_nodes_of_a_document_are_those_a_walk_finds(kind: str) -> None:
    graph = sample_graph()
    documents = {graph.nodes[n].get("document_id") for n in graph} | {None, 12345}
    assert any(of_document(graph, kind, d) for d in documents)
    for document in documents:
        walked = [n for n in _walked(graph, kind) if graph.nodes[n].get("document_id") == document]
        assert list(of_document(graph, kind, document)) == walked


def test_a_new_snapshot_has_its_own_index() -> None:
    first, second = sample_graph(), nx.MultiDiGraph()
    second.add_node("unit:9", kind="Unit")
    assert of_kind(first, "Unit") != of_kind(second, "Unit") == ("unit:9",)
