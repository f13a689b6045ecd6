"""A run with errors is reported as "n errors of m": never as a ratio or a median."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.load import LoadResult
from bench.loadtests import figures
from bench.report import contract_errors, verdicts
from bench.run import exit_status, main
from bench.stats import clean_median, clean_ratio, errors_of


def _run(errors: int, p50: float = 10.0, rps: float = 50.0) -> dict[str, Any]:
    return {"requests": 24, "errors": errors, "p50_ms": p50, "rps": rps}


def test_ratio_refuses_a_run_with_errors_on_either_side() -> None:
    assert clean_ratio(_run(0, rps=60.0), _run(0, rps=20.0), "rps") == 3.0
    assert clean_ratio(_run(0), _run(24), "rps") is None
    assert clean_ratio(_run(1), _run(0), "rps") is None


def test_median_refuses_rounds_when_one_had_errors() -> None:
    assert clean_median([_run(0, p50=1.0), _run(0, p50=3.0), _run(0, p50=8.0)], "p50_ms") == 3.0
    assert clean_median([_run(0, p50=1.0), _run(1, p50=3.0)], "p50_ms") is None


def test_a_run_with_errors_keeps_its_counts_and_no_latency() -> None:
    result = LoadResult(requests=24, seconds=12.0, latencies_ms=[10_000.0] * 24, errors=24,
                        non_200=24, statuses={503: 24})
    row = figures(result)
    assert (row["errors"], row["requests"], row["non_200"]) == (24, 24, 24)
    assert row["statuses"] == {"503": 24}
    assert row["p50_ms"] is None and row["p99_ms"] is None and row["rps"] is None
    assert errors_of(row) == "24 errors of 24"


def test_a_clean_run_keeps_its_latencies() -> None:
    row = figures(LoadResult(requests=3, seconds=1.0, latencies_ms=[1.0, 2.0, 9.0]))
    assert (row["p50_ms"], row["p99_ms"], row["rps"]) == (2.0, 9.0, 3.0)


def test_a_comparison_with_errors_has_no_verdict() -> None:
    record = {"layers_http": [{"question": "dueBetween", "p50_ratio": None, "rps_ratio": None,
                               "bare": _run(0), "graphql": _run(72)}],
              "datasette": [{"question": "dueBetween", "rps_ratio": None,
                             "policygraph": _run(72), "datasette": _run(0)}]}
    (layer, layer_met), (theirs, theirs_met) = verdicts(record)
    assert layer_met is None and "GraphQL 72 of 24" in layer
    assert theirs_met is None and "ours 72 of 24" in theirs


def test_contract_errors_fail_the_run_unless_allowed() -> None:
    record = {"contract": [{"name": "query overdue", "requests": 24, "errors": 24},
                           {"name": "query units", "requests": 40, "errors": 0}]}
    assert contract_errors(record) == ["query overdue: 24 errors of 24"]
    assert exit_status(record, allow_errors=False) == 1
    assert exit_status(record, allow_errors=True) == 0
    assert exit_status({"contract": [{"name": "query units", "requests": 40, "errors": 0}]},
                       allow_errors=False) == 0


def test_a_cold_widget_that_did_not_answer_is_a_contract_error() -> None:
    record = {"contract": [], "widgets_cold": [{"name": "widget embed/unit", "status": 0,
                                                "ms": None}]}
    assert exit_status(record, allow_errors=False) == 1


def test_a_run_whose_corpus_does_not_name_the_asked_units_stops_before_measuring(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # seed 1's first 温州市 document is document 15: five documents name none of its units
    status = main(["--count", "5", "--corpus", str(tmp_path / "corpus"),
                   "--results", str(tmp_path / "results"), "--no-datasette"])
    assert status == 2
    assert "温州市自然资源和规划局" in capsys.readouterr().err
    assert not list((tmp_path / "results").glob("*.json"))  # nothing measured or recorded
