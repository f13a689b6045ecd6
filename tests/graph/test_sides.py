"""A snapshot keeps each node's successors and predecessors in its record (graph.sides):
its adjacency reads as the graph NetworkX alone makes (tests/graph/plain_build), through
the tables, the views and an algorithm, and filling the records in place keeps every
reference count right."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from sqlmodel import Session

from graph.build import build_graph
from graph.compact import compact
from graph.shared_values import NOBODY
from graph.sides import Side, fold
from tests.corpus_db import corpus_engine
from tests.graph.plain_build import plain_build


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    """(the snapshot, the same graph as NetworkX alone makes it), a generated corpus."""
    engine = corpus_engine(tmp_path_factory.mktemp("sides"), generated=20, seed=3)
    with Session(engine) as session:
        snapshot = build_graph(session)
    plain = plain_build(engine)
    engine.dispose()
    yield snapshot, plain


def _plain(adjacency: Any) -> dict[Any, dict[Any, dict[Any, dict[str, Any]]]]:
    return {u: {v: {k: dict(d) for k, d in keys.items()} for v, keys in nbrs.items()}
            for u, nbrs in adjacency.items()}


def test_a_snapshot_keeps_one_id_keyed_table(graphs: tuple[Any, Any]) -> None:
    snapshot, _ = graphs
    assert isinstance(snapshot._succ, Side) and isinstance(snapshot._pred, Side)
    assert snapshot._adj is snapshot._succ


def test_successors_and_predecessors_read_as_the_plain_graphs(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    for mine, theirs in ((snapshot._succ, plain._succ), (snapshot._pred, plain._pred)):
        assert list(mine) == list(theirs) and len(mine) == len(theirs)
        assert _plain(mine) == _plain(theirs)
        assert [list(n) for n in mine.values()] == [list(n) for n in theirs.values()]
        node = next(iter(theirs))
        assert node in mine and "no such node" not in mine
        assert mine.get(node) == theirs[node] and mine.get("no such node", 7) == 7
        with pytest.raises(KeyError):
            mine["no such node"]


def test_views_and_algorithms_read_as_on_the_plain_graph(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    assert list(snapshot.edges(keys=True)) == list(plain.edges(keys=True))
    assert list(snapshot.in_edges(keys=True)) == list(plain.in_edges(keys=True))
    assert dict(snapshot.degree()) == dict(plain.degree())
    task = next(n for n, k in plain.nodes(data="kind") if k == "Task")
    assert list(snapshot.successors(task)) == list(plain.successors(task))
    assert list(snapshot.predecessors(task)) == list(plain.predecessors(task))
    assert (nx.single_source_shortest_path_length(snapshot, task)
            == nx.single_source_shortest_path_length(plain, task))
    assert snapshot.number_of_edges() == plain.number_of_edges()


def test_a_nodes_neighbours_are_not_among_its_attributes(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    for node, theirs in plain.nodes(data=True):
        mine = snapshot.nodes[node]
        assert list(mine) == list(theirs) and dict(mine) == theirs
        assert mine.copy() == theirs


def test_filling_records_in_place_keeps_reference_counts() -> None:
    g = nx.MultiDiGraph()
    g.add_edge("task:1", "section:1", key="PART_OF", type="PART_OF")
    g.add_node("task:2", kind="Task")
    compact(g)
    gc.collect()
    before = sys.getrefcount(NOBODY)
    successors = g._succ["task:1"]
    held = sys.getrefcount(successors)
    fold(g)
    # the old table's reference is gone, the record's took its place
    assert sys.getrefcount(successors) == held
    assert g._succ["task:1"] is successors and g._pred["task:1"] is NOBODY
    # held before: two places in each of three records, four in the old tables (the
    # nodes without successors or predecessors); after: the four records' places alone
    assert sys.getrefcount(NOBODY) == before - 6
    del g, successors
    gc.collect()
    assert sys.getrefcount(NOBODY) == before - 10


def test_a_record_made_without_room_is_made_again() -> None:
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key="CITES", type="CITES")
    g.nodes["a"]["kind"] = "Document"
    fold(g)  # never compacted: plain dicts
    assert dict(g.nodes["a"]) == {"kind": "Document"} and dict(g.nodes["b"]) == {}
    assert list(g.succ["a"]) == ["b"] and list(g.pred["b"]) == ["a"]
    assert list(g.edges(keys=True, data=True)) == [("a", "b", "CITES", {"type": "CITES"})]
