"""The snapshot's neighbour and key dicts of one or two entries are small read-only
mappings (graph.neighbours), and the snapshot answers as the graph read without them
does: on the bundled corpus and on a generated one, the same edges in the same order,
the same pages of obligations and counts, units' pages, paths and copies."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session

from graph.analysis import neighbours, shortest_path
from graph.build import build_graph
from graph.counts import count
from graph.neighbours import MANY, Many, One, Two
from graph.pages import Wanted, page
from tests.corpus_db import corpus_engine
from tests.graph.plain_build import plain_build

DAYS = [dt.date(2018, 12, 31), dt.date(2020, 6, 30), dt.date(2022, 1, 1)]


@pytest.fixture(scope="module", params=[0, 30], ids=["bundled", "generated"])
def graphs(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    """(the snapshot, the same graph as NetworkX alone makes it: tests/graph/plain_build)."""
    engine = corpus_engine(tmp_path_factory.mktemp("small"), generated=request.param, seed=3)
    with Session(engine) as session:
        snapshot = build_graph(session)
    plain = plain_build(engine)
    engine.dispose()
    yield snapshot, plain


def _adjacency(adjacency: Any) -> list[tuple[Any, list[tuple[Any, list[tuple[Any, Any]]]]]]:
    return [(u, [(v, [(k, dict(d)) for k, d in kd.items()]) for v, kd in nbrs.items()])
            for u, nbrs in adjacency.items()]


def test_most_neighbour_dicts_are_small_mappings(graphs: tuple[Any, Any]) -> None:
    snapshot, _ = graphs
    kinds = [type(nbrs) for adjacency in (snapshot._succ, snapshot._pred)
             for nbrs in adjacency.values()]
    small = sum(1 for kind in kinds if kind in (One, Two))
    assert small > len(kinds) / 3
    keydicts = [kd for nbrs in snapshot._succ.values() for kd in nbrs.values()]
    assert sum(1 for kd in keydicts if type(kd) is One) > len(keydicts) / 2


def test_the_snapshot_has_the_same_neighbours_keys_and_data_in_the_same_order(
        graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    assert _adjacency(snapshot._succ) == _adjacency(plain._succ)
    assert _adjacency(snapshot._pred) == _adjacency(plain._pred)
    for u in list(snapshot.nodes)[::7]:
        for v in plain._succ[u]:
            assert v in snapshot._succ[u] and snapshot._succ[u].get(v) is not None
            assert set(snapshot._succ[u][v]) == set(plain._succ[u][v])
        assert "no such node" not in snapshot._succ[u]
        assert snapshot._succ[u].get("no such node") is None
        assert len(snapshot._pred[u]) == len(plain._pred[u])
        assert sorted(snapshot.predecessors(u)) == sorted(plain.predecessors(u))


def test_pages_counts_and_units_answer_as_the_plain_graph_does(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    units = [n for n, d in plain.nodes(data=True) if d["kind"] == "Unit"][:25]
    for day in DAYS:
        for wanted in (Wanted(as_of=day), Wanted(as_of=day, units=tuple(units[:3])),
                       *(Wanted(as_of=day, units=(u,)) for u in units)):
            mine = [(a.obligation, a.status) for a in page(snapshot, wanted, offset=0, limit=100)]
            theirs = [(a.obligation, a.status) for a in page(plain, wanted, offset=0, limit=100)]
            assert mine == theirs
            assert count(snapshot, wanted) == count(plain, wanted)
    assert any(page(snapshot, Wanted(as_of=day), offset=0, limit=1) for day in DAYS)


def test_paths_and_neighbours_answer_as_the_plain_graph_does(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    tasks = [n for n, d in plain.nodes(data=True) if d["kind"] == "Task"]
    units = [n for n, d in plain.nodes(data=True) if d["kind"] == "Unit"]
    for node in tasks[:40] + units[:10]:
        assert neighbours(snapshot, node) == neighbours(plain, node)
    assert shortest_path(snapshot, tasks[0], units[-1]) == shortest_path(plain, tasks[0], units[-1])


def test_small_mappings_refuse_writes_and_copy_as_plain_dicts(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    node = next(n for n, nbrs in snapshot._pred.items() if type(nbrs) is One)
    with pytest.raises(TypeError):
        snapshot._pred[node]["unit:0"] = {}
    with pytest.raises(TypeError):
        snapshot._pred[node].update({"unit:0": {}})
    assert type(pickle.loads(pickle.dumps(snapshot._pred[node]))) is dict
    changeable = snapshot.copy()
    changeable.add_edge(next(iter(snapshot._pred[node])), node, key="EXTRA")
    assert "EXTRA" not in snapshot._pred[node][next(iter(snapshot._pred[node]))]
    assert snapshot.adj == plain.adj and snapshot.pred == plain.pred  # compared as mappings
    assert snapshot.adj != changeable.adj


def test_nodes_of_three_to_eight_neighbours_are_tuple_backed_mappings(
        graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    found = [(u, side) for side in ("_succ", "_pred") for u, nbrs in getattr(snapshot, side).items()
             if type(nbrs) is Many]
    assert found and all(3 <= len(getattr(snapshot, side)[u]) <= MANY for u, side in found)
    assert not any(type(nbrs) is dict and len(nbrs) <= MANY
                   for adjacency in (snapshot._succ, snapshot._pred) for nbrs in adjacency.values())
    for u, side in found[::5]:
        mine, theirs = getattr(snapshot, side)[u], getattr(plain, side)[u]
        assert list(mine) == list(theirs) and len(mine) == len(theirs)
        assert all(mine[v] == theirs[v] and v in mine for v in theirs)
        assert mine.get("no such node") is None and "no such node" not in mine
        assert mine == theirs and dict(mine.items()) == dict(theirs.items())
    u, side = found[0]
    many = getattr(snapshot, side)[u]
    with pytest.raises(TypeError):
        many["unit:0"] = {}
    with pytest.raises(KeyError):
        many["no such node"]
    copied = pickle.loads(pickle.dumps(many))
    assert type(copied) is dict and type(many.copy()) is dict and copied == many
