"""A smoke test of the benchmark harness at a minuscule scale (16 documents, few requests).

Sixteen: document 15 of seed 1 is the first 温州市 one, which names the asked units.

It runs the whole harness (generation, ingest and graph processes, a uvicorn server,
load, the layer comparison) minus datasette, whose venv install needs the network.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from bench.answers import LAYER_QUESTIONS
from bench.growth import compare
from bench.report import verdicts
from bench.run import run
from bench.stats import percentile

pytestmark = pytest.mark.slow

COUNT = 16
BESIDE = ("XS", COUNT)
"""The corpus served beside the run: the same sixteen documents, so both answer alike."""


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One harness run over sixteen generated documents."""
    folder = tmp_path_factory.mktemp("bench")
    return run(scale="S", count=COUNT, seed=1, results=folder / "results",
               corpus=folder / "corpus", requests=10, rounds=1, repeats=2, concurrency=2, max_seconds=30,
               with_datasette=False, profile=False, beside=BESIDE)


def test_run_writes_the_record_it_returns(record: dict[str, Any]) -> None:
    written = json.loads(Path(record["file"]).read_text(encoding="utf-8"))
    assert written["scale"] == "S"
    assert written["documents"] == COUNT
    assert Path(record["file"]).name.startswith("S-")


def test_ingest_stores_every_generated_document(record: dict[str, Any]) -> None:
    assert record["ingest"]["documents"] == COUNT
    assert record["ingest"]["failed"] == 0
    assert record["ingest"]["documents_per_s"] > 0


def test_graph_holds_every_generated_task(record: dict[str, Any]) -> None:
    manifest = Path(record["file"]).parent.parent / "corpus" / "manifest.jsonl"
    generated = sum(len(json.loads(line)["tasks"])
                    for line in manifest.read_text(encoding="utf-8").splitlines())
    # the bundled documents add their own tasks on top of the generated ones
    assert record["graph"]["tasks"] > generated > 0
    assert record["graph"]["peak_traced_bytes"] >= record["graph"]["retained_bytes"] > 0


def test_every_contract_query_connection_and_widget_answers_without_error(
        record: dict[str, Any]) -> None:
    kinds = [row["kind"] for row in record["contract"]]
    assert (kinds.count("query"), kinds.count("connection"), kinds.count("widget")) == (10, 5, 2)
    assert all(row["errors"] == 0 and row["non_200"] == 0 and row["requests"] == 10
               for row in record["contract"])
    assert all(row["p50_ms"] > 0 for row in record["contract"])


def test_each_question_records_the_rows_it_returned(record: dict[str, Any]) -> None:
    rows = {row["name"]: row["rows"] for row in record["contract"]}
    assert rows["query unit"] > 0  # 温州市经合办's tasks: the bundled documents name it
    assert rows["connection documents"] == COUNT + 2  # and the 2 bundled: one page
    assert all(isinstance(n, int) for name, n in rows.items() if not name.startswith("widget"))


def test_first_widget_views_are_timed_cold(record: dict[str, Any]) -> None:
    assert [row["name"] for row in record["widgets_cold"]] == ["widget embed/unit",
                                                               "widget embed/overdue"]
    assert all(row["status"] == 200 and row["ms"] > 0 for row in record["widgets_cold"])


def test_server_start_up_time_is_recorded_within_the_scales_wait(record: dict[str, Any]) -> None:
    assert 0 < record["server_ready_seconds"] <= 300  # S waits at most 300 s


def test_serving_process_memory_is_reported_per_100k_tasks(record: dict[str, Any]) -> None:
    memory = record["server_memory"]
    assert list(memory) == ["after_start", "after_contract_load", "after_load"]
    after = memory["after_load"]
    assert after["peak_rss_bytes"] >= after["rss_bytes"] > 10_000_000  # a Python server
    assert after["peak_rss_bytes"] >= memory["after_start"]["rss_bytes"]
    tasks = record["graph"]["tasks"]
    assert after["rss_bytes_per_100k_tasks"] == pytest.approx(after["rss_bytes"] / tasks * 1e5)


def test_asked_units_workloads_are_recorded_for_s_and_m(record: dict[str, Any]) -> None:
    assert all(per["M"] > per["S"] > 0 for per in record["asked_units"].values())


def test_bare_endpoint_and_graphql_give_the_same_answer(record: dict[str, Any]) -> None:
    assert [r["question"] for r in record["layers_http"]] == [q.name for q in LAYER_QUESTIONS]
    assert all(r["same_answer"] for r in record["layers_http"])
    assert all(r["same_answer"] for r in record["layers_in_process"])


def test_the_layer_comparison_is_also_made_over_one_connection(record: dict[str, Any]) -> None:
    for row in record["layers_http"]:
        alone = row["one_connection"]
        assert alone["bare"]["requests"] > 0 and alone["graphql"]["requests"] > 0
        assert alone["bare"]["errors"] == alone["graphql"]["errors"] == 0
        assert alone["p50_ratio"] == pytest.approx(alone["graphql"]["p50_ms"]
                                                   / alone["bare"]["p50_ms"])


def test_the_layer_comparison_counts_the_servers_cpu_per_request(
        record: dict[str, Any]) -> None:
    for row in record["layers_http"]:
        for runs in (row, row["one_connection"]):
            bare, gql = runs["bare"]["cpu_ms"], runs["graphql"]["cpu_ms"]
            assert bare >= 0 and gql >= 0
            if bare > 0:  # ten requests may fit in one 10 ms tick
                assert runs["cpu_ratio"] == pytest.approx(gql / bare)


def test_datasette_skipped_is_said_so(record: dict[str, Any]) -> None:
    assert record["datasette"] == []
    assert any("skipped" in note for note in record["notes"])


def test_nearest_rank_percentile_is_an_observed_value() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 20.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 99) == 40.0
    assert math.isnan(percentile([], 50))


def _fake(scale: str, documents: int, seconds: float, p50: float) -> dict[str, Any]:
    layers = [{"question": q, "graphql": {"p50_ms": p50}} for q in ("unit", "overdue")]
    return {"scale": scale, "documents": documents, "ingest": {"seconds": seconds},
            "graph": {"seconds": seconds / 10}, "layers_http": layers}


def test_growth_judges_lookups_at_l_against_s() -> None:
    row = compare(_fake("L", 20_000, 100.0, 5.0), _fake("S", 100, 1.0, 2.0))
    assert row["unit_p50_ratio"] == 2.5
    assert row["lookups_measured"] == "across runs"
    assert row["lookups_target_met"] is False


def test_growth_judges_ingest_at_l_against_m() -> None:
    row = compare(_fake("L", 20_000, 110.0, 1.0), _fake("M", 2_000, 10.0, 1.0))
    assert row["documents_ratio"] == 10.0
    assert row["ingest_ratio"] == 11.0
    assert row["build_target_met"] is True


def test_build_target_is_unknown_when_the_run_reused_a_database() -> None:
    reused = _fake("L", 20_000, 110.0, 1.0)
    reused["ingest"] = {"seconds": math.nan}  # served a database an earlier run loaded
    row = compare(reused, _fake("M", 2_000, 10.0, 1.0))
    assert row["build_target_met"] is None
    assert verdicts({"growth": [row]})[0] == (
        "ingest/graph L ≤ 12x M (ingest not measured, 11.0x)", None)


def test_layer_target_needs_both_p50_and_throughput_within_one_and_a_half() -> None:
    record = {"layers_http": [{"question": "unit", "p50_ratio": 1.4, "rps_ratio": 1.6}]}
    assert verdicts(record) == [("GraphQL ≤ 1.5x bare, unit (p50 1.40x, rps 1.60x)", False)]


def test_layer_target_also_needs_the_servers_cpu_within_one_and_a_half() -> None:
    record = {"layers_http": [{"question": "unit", "p50_ratio": 1.2, "rps_ratio": 1.3,
                               "cpu_ratio": 1.9}]}
    assert verdicts(record) == [
        ("GraphQL ≤ 1.5x bare, unit (p50 1.20x, rps 1.30x, server CPU 1.90x)", False)]
    record["layers_http"][0]["cpu_ratio"] = 1.4
    assert verdicts(record)[0][1] is True


def test_lookups_are_asked_of_a_corpus_served_beside_in_the_same_rounds(
        record: dict[str, Any]) -> None:
    beside = record["lookups_beside"]
    assert (beside["against"], beside["documents"]) == BESIDE
    assert [row["question"] for row in beside["questions"]] == ["unit", "overdue"]
    for row in beside["questions"]:
        assert row["small"]["errors"] == row["large"]["errors"] == 0
        assert row["small"]["requests"] == row["large"]["requests"] == 10
        assert row["rows"]["small"] == row["rows"]["large"] is not None
        assert row["p50_ratio"] == row["large"]["p50_ms"] / row["small"]["p50_ms"]
    assert beside["questions"][0]["rows"]["small"] == 1  # one unit answers
    assert (Path(record["file"]).parent / "work" / "S" / "beside-XS.db").is_file()


def _beside(unit: float | None, overdue: float | None) -> dict[str, Any]:
    return {"against": "S", "documents": 100,
            "questions": [{"question": "unit", "p50_ratio": unit},
                          {"question": "overdue", "p50_ratio": overdue}]}


def test_growth_judges_lookups_side_by_side_when_the_run_served_s_beside() -> None:
    current = _fake("L", 20_000, 100.0, 5.0) | {"lookups_beside": _beside(1.25, 1.5)}
    row = compare(current, _fake("S", 100, 1.0, 2.0))
    assert (row["unit_p50_ratio"], row["overdue_p50_ratio"]) == (1.25, 1.5)
    assert row["unit_p50_ratio_across_runs"] == 2.5  # kept for the trend, not judged
    assert row["lookups_measured"] == "side by side"
    assert row["lookups_target_met"] is True
    assert verdicts({"growth": [row]})[0] == (
        "look-ups L ≤ 2x S, side by side (unit 1.25x, overdue 1.50x)", True)


def test_side_by_side_lookups_with_errors_leave_the_target_unknown() -> None:
    current = _fake("L", 20_000, 100.0, 5.0) | {"lookups_beside": _beside(1.25, None)}
    row = compare(current, _fake("S", 100, 1.0, 2.0))
    assert math.isnan(row["overdue_p50_ratio"])
    assert row["lookups_target_met"] is None


def test_lookups_served_beside_another_scale_do_not_judge_against_s() -> None:
    current = _fake("L", 20_000, 100.0, 5.0) | {
        "lookups_beside": _beside(1.0, 1.0) | {"against": "M"}}
    row = compare(current, _fake("S", 100, 1.0, 2.0))
    assert row["lookups_measured"] == "across runs"
    assert row["unit_p50_ratio"] == 2.5


@pytest.mark.parametrize("module", ["bench.stats", "bench.datasette", "bench.reuse", "bench.report",
                                    "bench.servers", "bench.loadtests", "bench.phases", "bench.beside",
                                    "bench.measure", "bench.options"])
def test_module_doctests_pass(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0


def test_lookup_target_is_unknown_without_latencies() -> None:
    current = _fake("L", 20_000, 100.0, 5.0)
    current["layers_http"] = []  # a --build-only run
    assert compare(current, _fake("S", 100, 1.0, 2.0))["lookups_target_met"] is None


def test_growth_compares_runs_on_the_same_database_only(tmp_path: Path) -> None:
    from bench.growth import latest_results

    for name, database in (("M-20260101-000000.json", "postgresql"),
                           ("M-20260101-000001.json", None),
                           ("L-20260101-000000.json", "postgresql")):
        body = {"scale": name[0], "documents": 1} | ({"database": database} if database else {})
        (tmp_path / name).write_text(json.dumps(body), encoding="utf-8")
    # a record without "database" was measured on SQLite, the only database then
    assert sorted(latest_results(tmp_path)) == ["M"]
    assert sorted(latest_results(tmp_path, "postgresql")) == ["L", "M"]


@pytest.mark.postgres
def test_ingest_and_graph_build_run_on_postgresql(tmp_path: Path) -> None:
    record = run(scale="S", count=COUNT, seed=1, results=tmp_path / "results",
                 corpus=tmp_path / "corpus", requests=1, rounds=1, repeats=1, concurrency=1,
                 max_seconds=1, with_datasette=False, profile=False, build_only=True,
                 database="postgresql", ingest_runs=2)
    assert record["database"] == "postgresql"
    assert record["ingest"]["documents"] == COUNT and record["ingest"]["runs_failed"] == [0, 0]
    assert len(record["ingest"]["runs_documents_per_s"]) == 2
    assert record["graph"]["tasks"] > 0


def test_ingest_is_run_into_empty_databases_and_the_median_run_reported(
        tmp_path: Path) -> None:
    record = run(scale="S", count=COUNT, seed=1, results=tmp_path / "results",
                 corpus=tmp_path / "corpus", requests=1, rounds=1, repeats=1, concurrency=1,
                 max_seconds=1, with_datasette=False, profile=False, build_only=True,
                 ingest_runs=3)
    ingest = record["ingest"]
    assert ingest["runs_failed"] == [0, 0, 0]  # each run stored every document anew
    assert len(ingest["runs_documents_per_s"]) == 3
    assert ingest["documents_per_s"] == sorted(ingest["runs_documents_per_s"])[1]
    assert record["graph"]["tasks"] > 0  # the database served is one of them
    work = tmp_path / "results" / "work" / "S"
    assert [p.name for p in work.glob("*.db")] == ["policygraph.db"]  # the others removed


def test_a_run_serves_a_reused_database_without_measuring_ingest(
        record: dict[str, Any], tmp_path: Path) -> None:
    from bench.reuse import ReuseError

    loaded = Path(record["file"]).parent / "work" / "S" / "policygraph.db"
    again = run(scale="S", count=COUNT, seed=1, results=tmp_path / "results",
                corpus=tmp_path / "corpus", requests=1, rounds=1, repeats=1, concurrency=1,
                max_seconds=1, with_datasette=False, profile=False, build_only=True,
                reuse_database=loaded)
    assert again["ingest"]["reused"] == str(loaded)
    assert math.isnan(again["ingest"]["documents_per_s"])
    assert any("ingest not measured" in note for note in again["notes"])
    assert again["graph"]["tasks"] == record["graph"]["tasks"]
    with pytest.raises(ReuseError, match=f"holds {COUNT} documents"):
        run(scale="S", count=COUNT + 1, seed=1, results=tmp_path / "other",
            corpus=tmp_path / "corpus", requests=1, rounds=1, repeats=1, concurrency=1,
            max_seconds=1, with_datasette=False, profile=False, build_only=True,
            reuse_database=loaded)
