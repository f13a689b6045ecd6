"""The graph built from plain result rows (store.graph_rows) is the one built from mapped
objects (tests/graph/orm_rows): on the sample store and on an ingested corpus, the same
nodes in the same order with the same values of the same types in the same order, the
same edges with their keys and data, the same neighbour order and the same values
beside the graph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from sqlalchemy.engine import Engine

from graph.sample import sample_engine
from store.db import consistent_read
from tests.corpus_db import corpus_engine
from tests.graph.orm_rows import orm_build


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type, tuples item by item (``1.0 == 1`` and ``True == 1``
    would pass a plain comparison)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _differences(mine: nx.MultiDiGraph, theirs: nx.MultiDiGraph) -> list[str]:
    found = []
    if list(mine.nodes) != list(theirs.nodes):
        return ["the nodes or their order differ"]
    for node in theirs.nodes:
        a, b = list(mine.nodes[node].items()), list(theirs.nodes[node].items())
        if [k for k, _ in a] != [k for k, _ in b] or not all(
                _same(x, y) for (_, x), (_, y) in zip(a, b, strict=True)):
            found.append(f"{node}: {a} != {b}")
        for side in ("_succ", "_pred"):
            if list(getattr(mine, side)[node]) != list(getattr(theirs, side)[node]):
                found.append(f"{node}: neighbours ({side}) differ")
    edges_a = list(mine.edges(keys=True, data=True))
    edges_b = list(theirs.edges(keys=True, data=True))
    if [e[:3] for e in edges_a] != [e[:3] for e in edges_b]:
        found.append("the edges or their keys or order differ")
    for (u, v, k, x), (_, _, _, y) in zip(edges_a, edges_b, strict=False):
        if list(x) != list(y) or not all(_same(x[n], y[n]) for n in y):
            found.append(f"{u} → {v} {k}: {dict(x)} != {dict(y)}")
    for name, value in theirs.graph.items():
        if isinstance(value, (int, str, tuple, dict)) and not (
                _same(mine.graph.get(name), value) if not isinstance(value, dict)
                else mine.graph.get(name) == value):
            found.append(f"graph[{name!r}] differs")
    return found


def _build(engine: Engine) -> nx.MultiDiGraph:
    from graph.build import build_graph

    with consistent_read(engine) as session:
        return build_graph(session)


@pytest.fixture(scope="module", params=["sample", "corpus"])
def engine(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sample":
        found = sample_engine()
    else:
        found = corpus_engine(tmp_path_factory.mktemp("plain_rows"), generated=20, seed=7)
    yield found
    found.dispose()


def test_the_graph_from_plain_rows_is_the_graph_from_mapped_objects(engine: Engine) -> None:
    mine, theirs = _build(engine), orm_build(engine)
    assert _differences(mine, theirs) == []
    kinds = {d["kind"] for _, d in theirs.nodes(data=True)}
    assert {"Document", "Section", "Task", "Target", "Obligation", "Unit", "Place"} <= kinds
    # the values whose type a plain comparison would not see: dates, floats, bools
    values = [v for _, d in theirs.nodes(data=True) for v in d.values()]
    assert any(type(v) is dt.date for v in values) and any(type(v) is float for v in values)
    assert any(type(v) is bool for v in values)


def test_the_comparison_tells_values_of_another_type_apart() -> None:
    assert _same(30.0, 30.0) and _same(("a", dt.date(2020, 1, 1)), ("a", dt.date(2020, 1, 1)))
    assert not _same(30, 30.0) and not _same(True, 1) and not _same(("a", 1), ("a", 1.0))
    assert not _same(dt.datetime(2020, 1, 1), dt.date(2020, 1, 1))
