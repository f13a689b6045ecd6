"""Task, Target and deadline Obligation nodes keep their quote as a span of their task's
text (graph.quotes): every quote read back is the stored row's, on the bundled corpus and
a generated one, as is every obligation instance's text, and the target-based
obligations carry their target's as before."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.agenda_index import agenda_index
from graph.build import build_graph
from graph.quotes import quote_of
from graph.sample import sample_engine
from store.readback import stored_rows
from store.tables import Deadline, Target, Task
from tests.corpus_db import corpus_engine


def _built(engine: Engine) -> tuple[Any, dict[str, str]]:
    """(the snapshot, the stored quote of every task and target by node id)."""
    with Session(engine) as session:
        graph = build_graph(session)
        stored = {f"task:{row.id}": row.source_quote for row in stored_rows(session=session, model=Task)}
        stored.update((f"target:{row.id}", row.source_quote)
                      for row in stored_rows(session=session, model=Target))
        stored.update((f"deadline:{row.id}", row.source_quote)
                      for row in stored_rows(session=session, model=Deadline))
    engine.dispose()
    return graph, stored


@pytest.fixture(scope="module", params=["sample", "generated"])
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    if request.param == "sample":
        yield _built(sample_engine())
    else:
        yield _built(corpus_engine(tmp_path_factory.mktemp("quotes"), generated=30, seed=7))


def test_every_task_and_target_quote_reads_as_stored(built: tuple[Any, dict[str, str]]) -> None:
    graph, stored = built
    nodes = [n for n, d in graph.nodes(data=True) if d["kind"] in ("Task", "Target")]
    rows = {k: q for k, q in stored.items() if not k.startswith("deadline:")}
    assert len(nodes) == len(rows) > 3
    assert {n: quote_of(graph, graph.nodes[n]) for n in nodes} == rows


def test_every_deadline_quote_and_instance_text_reads_as_stored(
        built: tuple[Any, dict[str, str]]) -> None:
    graph, stored = built
    deadlines = {n: d for n, d in graph.nodes(data=True)
                 if d["kind"] == "Obligation" and d.get("basis") == "deadline"}
    assert len(deadlines) >= 2
    assert all(quote_of(graph, d) == stored[f"deadline:{d['id']}"] for d in deadlines.values())
    instances = [ob for ob in agenda_index(graph).expanded if ob.node in deadlines]
    assert instances and all(ob.text == stored[f"deadline:{deadlines[ob.node]['id']}"]
                             for ob in instances)


def test_most_deadline_quotes_are_not_kept_twice(built: tuple[Any, dict[str, str]]) -> None:
    graph, _ = built
    deadlines = [d for _, d in graph.nodes(data=True)
                 if d["kind"] == "Obligation" and d.get("basis") == "deadline" and d.get("task_id")]
    if len(deadlines) < 100:
        pytest.skip("the sample's spans are made up: none is its task's text")
    assert sum(1 for d in deadlines if "source_quote" not in d) > 0.5 * len(deadlines)


def test_most_quotes_are_not_kept_twice(built: tuple[Any, dict[str, str]]) -> None:
    graph, _ = built
    tasks = [d for _, d in graph.nodes(data=True) if d["kind"] == "Task"]
    if len(tasks) < 100:
        pytest.skip("the sample's spans are made up: none is its task's text")
    assert sum(1 for d in tasks if "source_quote" not in d) > 0.9 * len(tasks)


def test_target_based_obligations_quote_their_target(built: tuple[Any, dict[str, str]]) -> None:
    graph, stored = built
    based = [d for _, d in graph.nodes(data=True)
             if d["kind"] == "Obligation" and d.get("basis") == "target"]
    assert [d["source_quote"] for d in based] == [stored[f"target:{d['id']}"] for d in based]


def test_a_node_without_a_quote_reads_empty(built: tuple[Any, dict[str, str]]) -> None:
    graph, _ = built
    unit = next(d for _, d in graph.nodes(data=True) if d["kind"] == "Unit")
    assert quote_of(graph, unit) == ""
