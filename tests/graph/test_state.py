"""GraphHolder: rebuild on a new data version, swap whole snapshots, check at most every N s."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from graph.sample import sample_engine
from graph.state import GraphHolder, Snapshot
from store import tables as t


def bump_with_unit(holder: GraphHolder, name: str) -> None:
    with Session(holder.engine) as session:
        session.add(t.Unit(name=name))
        row = session.get(t.DataVersion, 1)
        assert row is not None
        row.version += 1
        session.add(row)
        session.commit()


def unit_names(holder: GraphHolder) -> set[str]:
    graph = holder.current().graph
    return {d["name"] for _, d in graph.nodes(data=True) if d["kind"] == "Unit"}


def test_unchanged_version_keeps_the_same_snapshot() -> None:
    holder = GraphHolder(sample_engine(), check_interval=0)
    first = holder.current()
    assert holder.current() is first
    assert first.version == 1


def test_new_version_builds_a_new_snapshot_and_old_readers_keep_theirs() -> None:
    holder = GraphHolder(sample_engine(), check_interval=0)
    before = holder.current()
    bump_with_unit(holder, "市审计局")
    after = holder.current()
    assert after is not before and after.version == 2
    assert "市审计局" in unit_names(holder)
    # a request that started earlier still answers from its own, complete graph
    assert all(d.get("name") != "市审计局" for _, d in before.graph.nodes(data=True))


def test_version_is_not_checked_again_within_the_interval() -> None:
    holder = GraphHolder(sample_engine(), check_interval=3600)
    bump_with_unit(holder, "市审计局")
    assert holder.current().version == 1  # still the old graph: no check yet
    assert holder.refresh().version == 2


def test_a_built_snapshot_has_its_agenda_index_ready() -> None:
    holder = GraphHolder(sample_engine(), check_interval=0)
    assert holder.current().graph.graph.get("agenda_index"), "built before any question"


def test_a_large_snapshot_is_frozen_out_of_the_collectors_sight() -> None:
    import gc

    gc.unfreeze()
    try:
        small = GraphHolder(sample_engine())  # far below the default threshold
        assert gc.get_freeze_count() == 0
        holder = GraphHolder(sample_engine(), check_interval=0, freeze_from_nodes=1)
        frozen = gc.get_freeze_count()
        assert frozen > 0
        # a rebuild unfreezes, collects the old snapshot's cycles and freezes again
        bump_with_unit(holder, "市审计局")
        holder.current()
        assert gc.get_freeze_count() > 0
        assert small.current().version == 1
    finally:
        gc.unfreeze()  # leave the test process as it was


def test_a_large_snapshot_returns_the_free_c_heap_after_each_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import graph.state as state

    returned: list[int] = []

    def recorded() -> bool:
        returned.append(1)
        return True

    monkeypatch.setattr(state, "return_free_heap", recorded)
    try:
        GraphHolder(sample_engine())  # far below the threshold: no collection, no trim
        assert returned == []
        holder = GraphHolder(sample_engine(), check_interval=0, freeze_from_nodes=1)
        assert returned == [1]
        bump_with_unit(holder, "市审计局")
        holder.current()
        assert returned == [1, 1]
    finally:
        gc.unfreeze()


def test_the_first_build_runs_without_the_collector_and_a_rebuild_with_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import graph.state as state

    collecting: list[bool] = []
    build = state.build_graph

    def recorded(*args: object, **kwargs: object) -> object:
        collecting.append(gc.isenabled())
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(state, "build_graph", recorded)
    assert gc.isenabled()
    holder = GraphHolder(sample_engine(), check_interval=0)
    assert collecting == [False] and gc.isenabled()
    bump_with_unit(holder, "市审计局")
    holder.current()
    assert collecting == [False, True] and gc.isenabled()


def test_a_large_first_build_empties_the_free_lists_before_each_warm_up_step(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import graph.state as state

    full: list[tuple[str, int]] = []  # each step, with the full collections run before it
    warm, derived = state.warm, state.warm_derived

    def step(name: str, call: object) -> object:
        def recorded(graph: object) -> None:
            full.append((name, gc.get_stats()[2]["collections"]))
            call(graph)  # type: ignore[operator]
        return recorded

    monkeypatch.setattr(state, "warm", step("index", warm))
    monkeypatch.setattr(state, "warm_derived", step("derived", derived))
    try:
        before = gc.get_stats()[2]["collections"]
        GraphHolder(sample_engine())  # far below the threshold: nothing collected
        assert full == [("index", before), ("derived", before)]
        full.clear()
        holder = GraphHolder(sample_engine(), check_interval=0, freeze_from_nodes=1)
        (_, at_index), (_, at_derived) = full
        assert at_index >= before + 1 and at_derived == at_index + 1
        assert holder.snapshot.version == 1
    finally:
        gc.unfreeze()


def test_requests_during_a_rebuild_answer_from_the_old_snapshot() -> None:
    import threading

    holder = GraphHolder(sample_engine(), check_interval=0)
    before = holder.current()
    bump_with_unit(holder, "市审计局")
    started, release = threading.Event(), threading.Event()
    real_build = holder._build

    def slow_build() -> Snapshot:
        started.set()
        release.wait(10)
        return real_build()

    holder._build = slow_build  # type: ignore[method-assign]
    rebuilding = threading.Thread(target=holder.current)
    rebuilding.start()
    assert started.wait(10)
    assert holder.current() is before, "a reader must not wait for the rebuild"
    release.set()
    rebuilding.join(10)
    assert holder.current().version == 2 and "市审计局" in unit_names(holder)
