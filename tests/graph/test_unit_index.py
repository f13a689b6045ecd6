"""The snapshot's unit index answers unit lists as the store did: same units, same order
(name, then id), same task counts, per jurisdiction too — on the bundled corpus alone and
with generated documents added."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.state import GraphHolder
from graph.unit_index import unit_index
from schema.context import make_context
from schema.query import schema
from settings import Settings
from store import batches
from store.crud.units import list_units
from tests.corpus_db import corpus_engine


@pytest.fixture(scope="module", params=[0, 40], ids=["bundled", "generated"])
def holder(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphHolder]:
    engine = corpus_engine(tmp_path_factory.mktemp("units"), generated=request.param, seed=3)
    yield GraphHolder(engine, check_interval=3600)
    engine.dispose()


def _stored(engine: Engine, jurisdiction_id: int | None = None) -> list[tuple[int, str, int]]:
    """(id, name, task links) of every unit, in the order the store's list gave them."""
    with Session(engine) as session:
        rows = list_units(session=session, jurisdiction_id=jurisdiction_id)
        counts = batches.task_counts_of_units(session=session, unit_ids=[r.id or 0 for r in rows])
    return [(r.id or 0, r.name, counts.get(r.id or 0, 0)) for r in rows]


def _ask(holder: GraphHolder, query: str) -> dict[str, Any]:
    context = make_context(holder, Settings())
    try:
        result = asyncio.run(schema.execute(query, context_value=context))
    finally:
        context.close()
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


def test_the_index_lists_every_unit_in_the_stores_order_with_its_task_links(
        holder: GraphHolder) -> None:
    index = unit_index(holder.snapshot.graph)
    listed = [(d["db_id"], d["name"], index.task_counts[d["db_id"]]) for d in index.ordered]
    stored = _stored(holder.engine)
    assert len(stored) > 10
    assert listed == stored


def test_each_jurisdictions_units_are_the_stores_in_its_order(holder: GraphHolder) -> None:
    index = unit_index(holder.snapshot.graph)
    jurisdictions = {d["jurisdiction_id"] for d in index.ordered}
    for jurisdiction_id in jurisdictions:
        listed = [(d["db_id"], d["name"], index.task_counts[d["db_id"]])
                  for d in index.of_jurisdiction(jurisdiction_id)]
        assert listed == _stored(holder.engine, jurisdiction_id)


def test_the_units_question_answers_what_the_store_holds(holder: GraphHolder) -> None:
    data = _ask(holder, "{ units(first: 500) { rowId name taskCount } }")
    answered = [(u["rowId"], u["name"], u["taskCount"]) for u in data["units"]]
    assert answered == _stored(holder.engine)[:500]
    assert any(count > 0 for *_, count in answered)


def test_a_first_below_the_count_gives_the_first_units_by_name(holder: GraphHolder) -> None:
    data = _ask(holder, "{ units(first: 3) { rowId } }")
    assert [u["rowId"] for u in data["units"]] == [i for i, *_ in _stored(holder.engine)[:3]]


def test_a_jurisdictions_units_answer_what_the_store_holds(holder: GraphHolder) -> None:
    data = _ask(holder, '{ jurisdiction(name: "浙江省温州市") { id units(first: 500) '
                        '{ rowId name taskCount } } }')
    found = data["jurisdiction"]
    answered = [(u["rowId"], u["name"], u["taskCount"]) for u in found["units"]]
    assert answered == _stored(holder.engine, int(found["id"]))[:500]
    assert len(answered) > 3


def test_the_index_is_built_once_per_snapshot(holder: GraphHolder) -> None:
    graph = holder.snapshot.graph
    assert unit_index(graph) is unit_index(graph)
