"""What a built snapshot retains per task: the graph and its agenda index, traced.

Every serving process holds one snapshot for as long as it serves, so its size is paid
per task by each process: the bound keeps the sharing of graph.compact and of the
expansion from quietly coming undone.  A size, not a timer: it does not depend on the
machine's speed.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.agenda_index import agenda_index, warm
from graph.build import build_graph
from tests.corpus_db import corpus_engine

DOCUMENTS = 150
"""With the bundled two, 1,768 tasks: enough that the per-graph constants (the
jurisdiction tree, the pairings) weigh little."""
GRAPH_BYTES_PER_TASK = 3_780
"""Measured 3,627 bytes a task (3,971 while node attributes and edge data were
key-sharing dicts, 4,130 while neighbour mappings of three to eight entries were dicts,
4,414 while task and target quotes were kept beside the task's text and implied values
in every node, 5,500 before neighbour and key dicts of one or two entries became small
mappings, 6,540 before equal neighbour dicts were shared); the rest is headroom, less
than any of those cuts."""
INDEX_BYTES_PER_TASK = 850
"""Measured 749 (963 while every instance held all its obligation's fields, 1,110 while
the due dates were copied beside every list, 1,480 before owners, due dates, years and
headings were shared and the per-unit and per-task lists kept as tuples)."""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("size")
    engine = corpus_engine(folder, generated=DOCUMENTS, seed=1)
    yield engine
    engine.dispose()


def _traced(engine: Engine) -> tuple[int, int, int]:
    """(bytes the graph retains, bytes its index adds, tasks)."""
    gc.collect()
    tracemalloc.start()
    try:
        with Session(engine) as session:
            graph = build_graph(session)
        gc.collect()
        after_graph = tracemalloc.get_traced_memory()[0]
        warm(graph)
        gc.collect()
        after_index = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(agenda_index(graph).expanded) > 0
    tasks = sum(1 for _, kind in graph.nodes(data="kind") if kind == "Task")
    return after_graph, after_index - after_graph, tasks


def test_a_built_snapshot_retains_a_bounded_size_per_task(generated: Engine) -> None:
    graph_bytes, index_bytes, tasks = _traced(generated)
    assert tasks > 1_500  # enough tasks that the per-graph constants do not dominate
    assert graph_bytes / tasks < GRAPH_BYTES_PER_TASK
    assert index_bytes / tasks < INDEX_BYTES_PER_TASK
