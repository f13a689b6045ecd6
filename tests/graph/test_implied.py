"""Nodes leave out values implied by others (graph.implied): every Task, Target and
deadline Obligation node, read as its readers read it (``.get`` with their default,
the quote through graph.quotes), says what its stored row says, on the sample store and
a generated corpus; and most of them do leave values out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.build import build_graph
from graph.quotes import quote_of
from graph.sample import sample_engine
from store.readback import stored_rows
from store.tables import Deadline, Target, Task
from tests.corpus_db import corpus_engine

# what a reader takes for a value left out (the row's path for source_path)
DEFAULTS = {"readings": "[]"}


def _built(engine: Engine) -> tuple[Any, list[tuple[str, dict[str, Any]]]]:
    """(the snapshot, (node id, stored row as a dict) for every task, target, deadline)."""
    with Session(engine) as session:
        graph = build_graph(session)
        rows = [(f"task:{r.id}", r.model_dump()) for r in stored_rows(session=session, model=Task)]
        rows += [(f"target:{r.id}", r.model_dump())
                 for r in stored_rows(session=session, model=Target)]
        deadlines = {d["id"]: n for n, d in graph.nodes(data=True)
                     if d["kind"] == "Obligation" and d.get("basis") == "deadline"}
        rows += [(deadlines[r.id], r.model_dump())
                 for r in stored_rows(session=session, model=Deadline)]
    engine.dispose()
    return graph, rows


@pytest.fixture(scope="module", params=["sample", "generated"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[Any, list[tuple[str, dict[str, Any]]]]]:
    if request.param == "sample":
        yield _built(sample_engine())
    else:
        yield _built(corpus_engine(tmp_path_factory.mktemp("implied"), generated=30, seed=9))


def _read(graph: Any, data: Any, name: str) -> Any:
    if name == "source_quote":
        return quote_of(graph, data)
    if name == "source_path":
        return data.get(name, data["path"])
    return data.get(name, DEFAULTS.get(name))


def test_every_node_reads_as_its_stored_row(built: tuple[Any, list[Any]]) -> None:
    graph, rows = built
    assert len(rows) > 5
    kept = ("id", "db_id")  # the row's id is the node's db_id (a task) or id
    for node, row in rows:
        data = graph.nodes[node]
        names = [n for n in row if n in data or n in ("source_quote", "source_path", "readings")
                 or (n not in kept and data["kind"] != "Task")]
        mine = {n: _read(graph, data, n) for n in names}
        assert mine == {n: row[n] for n in names}, node


def test_most_nodes_leave_implied_values_out(built: tuple[Any, list[Any]]) -> None:
    graph, rows = built
    left_out = sum(1 for node, row in rows
                   if len([n for n in row if n in graph.nodes[node]]) < len(row) - 1)
    assert left_out > len(rows) / 2
