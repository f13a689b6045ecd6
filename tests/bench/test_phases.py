"""The layer's CPU by step: every step of both endpoints is found and timed, the steps
nest as the request path does, and the hooks are gone afterwards."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

import graph.pages
import hardening.admission
import schema.obligation_pages
from bench.generate import write_corpus
from bench.measure import measure_ingest
from bench.phases import QUESTIONS, STEPS, hooked, measure_phases

pytestmark = pytest.mark.slow

COUNT = 16  # document 15 of seed 1 is the first 温州市 one, which names the asked units


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("phases")
    write_corpus(out=folder / "corpus", seed=1, count=COUNT)
    db = f"sqlite:///{folder / 'policygraph.db'}"
    assert measure_ingest(db=db, corpus=folder / "corpus", workers=1)["failed"] == 0
    return measure_phases(db, requests=10, rounds=2)


def test_both_layer_questions_are_measured_with_the_same_answer(rows: list[dict[str, Any]]
                                                                 ) -> None:
    assert [row["question"] for row in rows] == list(QUESTIONS)
    assert all(row["same_answer"] for row in rows)


def test_every_step_is_found_on_the_path_each_endpoint_takes(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert {"process", "worker", "graph", "event_loop"} <= row["bare"].keys()
        # the layer questions are compiled queries: their later requests skip the executor
        assert {"process", "worker", "compiled", "run_compiled", "encode",
                "graph"} <= row["graphql"].keys()
        for figures in (row["bare"], row["graphql"]):
            assert all(ms > 0 for ms in figures.values()
                       if ms is not None and not isinstance(ms, bool)), figures


def test_steps_nest_as_the_request_path_does(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        bare, graphql = row["bare"], row["graphql"]
        assert bare["graph"] <= bare["worker"] <= bare["process"]
        assert (graphql["graph"] <= graphql["run_compiled"] <= graphql["compiled"]
                <= graphql["worker"] <= graphql["process"])
        assert row["ratio"] == graphql["process"] / bare["process"]


def test_hooks_are_removed_after_the_measurement(rows: list[dict[str, Any]]) -> None:
    original = graph.pages.__dict__["page"]
    assert getattr(original, "__wrapped__", None) is None
    assert schema.obligation_pages.page is original  # the importer's binding too
    assert getattr(hardening.admission.Admission._timed, "__wrapped__", None) is None


def test_a_step_the_libraries_no_longer_have_is_left_out() -> None:
    spent: defaultdict[str, float] = defaultdict(float)
    steps = (*STEPS, ("gone", "graph.pages", "no_such_function"),
             ("gone_method", "hardening.admission", "NoSuchClass.run"))
    with hooked(steps, spent) as found:
        assert "gone" not in found and "gone_method" not in found
        assert set(found) == {name for name, _, _ in STEPS}
        assert getattr(graph.pages.page, "__wrapped__", None) is None  # not asked for
