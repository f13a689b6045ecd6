"""How cost grows: this run against the latest recorded run of every other scale.

The targets: indexed look-ups (``unit(name:)``, a page of 100 of
``overdue(asOf:, unit:)``) at L within 2x their latency at S; ingest and graph build at L
within 12x M (10x the documents).  Other pairs are reported with the same ratios for the
trend.  A run that served the small scale beside its own (:mod:`bench.beside`) is judged
on those side-by-side look-ups; the ratio against the other run's latency is kept
beside them for the trend.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from bench.beside import LOOKUPS, beside_ratios
from bench.stats import ratio

LOOKUP_LIMIT = 2.0  # L against S
BUILD_LIMIT = 12.0  # L against M


def latest_results(results: Path, database: str = "sqlite") -> dict[str, dict[str, Any]]:
    """The newest result file of each scale in ``results`` on ``database`` (names sort by time).

    Runs on another database are left out: SQLite and PostgreSQL figures do not compare.
    """
    latest: dict[str, dict[str, Any]] = {}
    for path in sorted(results.glob("*-*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (isinstance(record, dict) and "scale" in record
                and record.get("database", "sqlite") == database):
            latest[record["scale"]] = record
    return latest


def lookup_p50(record: dict[str, Any], question: str) -> float:
    """The GraphQL-over-HTTP median latency of a layer question in a record (NaN: none,
    or its runs had errors)."""
    for row in record.get("layers_http", []):
        if row["question"] == question:
            p50 = row["graphql"]["p50_ms"]
            return float("nan") if p50 is None or row["graphql"].get("errors") else float(p50)
    return float("nan")


def rows_by_scale(current: dict[str, Any], results: Path) -> dict[str, dict[str, int | None]]:
    """Rows each contract question returned: this run's and the latest of each other scale.

    >>> rows_by_scale({"scale": "S", "contract": [{"name": "query unit", "rows": 9}]},
    ...               Path("/nonexistent"))
    {'query unit': {'S': 9}}
    """
    records = {**latest_results(results, current.get("database", "sqlite")),
               current["scale"]: current}
    table: dict[str, dict[str, int | None]] = {}
    for scale, record in sorted(records.items(), key=lambda item: item[1].get("documents", 0)):
        for row in record.get("contract", []):
            if "rows" in row:
                table.setdefault(row["name"], {})[scale] = row["rows"]
    return table


def marginal_rss_per_100k_tasks(current: dict[str, Any], other: dict[str, Any]) -> float:
    """What the serving process's RSS after load grew by per 100,000 more tasks (NaN: unknown).

    A small run's RSS is mostly the interpreter and the libraries: dividing it by its
    few tasks says nothing, the difference between two scales does.

    >>> small = {"graph": {"tasks": 1_000}, "server_memory": {"after_load": {"rss_bytes": 2e8}}}
    >>> large = {"graph": {"tasks": 21_000}, "server_memory": {"after_load": {"rss_bytes": 4e8}}}
    >>> marginal_rss_per_100k_tasks(large, small)
    1000000000.0
    """
    try:
        grown = (current["server_memory"]["after_load"]["rss_bytes"]
                 - other["server_memory"]["after_load"]["rss_bytes"])
        more = current["graph"]["tasks"] - other["graph"]["tasks"]
    except KeyError:
        return float("nan")
    return grown / more * 100_000 if more else float("nan")


def compare(current: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Ratios current/other for documents, look-up latency, ingest and graph build, and
    the serving process's marginal RSS per 100,000 tasks between the two."""
    row: dict[str, Any] = {
        "against": other["scale"], "documents_ratio": ratio(current["documents"],
                                                            other["documents"]),
        "ingest_ratio": ratio(current["ingest"]["seconds"], other["ingest"]["seconds"]),
        "graph_ratio": ratio(current["graph"]["seconds"], other["graph"]["seconds"]),
        "marginal_rss_per_100k_tasks": marginal_rss_per_100k_tasks(current, other),
    }
    beside = beside_ratios(current, other["scale"])
    row["lookups_measured"] = "across runs" if beside is None else "side by side"
    for question in LOOKUPS:
        across = ratio(lookup_p50(current, question), lookup_p50(other, question))
        if beside is None:
            row[f"{question}_p50_ratio"] = across
            continue
        found = beside.get(question)  # None: a side erred, so no ratio was made
        row[f"{question}_p50_ratio"] = float("nan") if found is None else found
        row[f"{question}_p50_ratio_across_runs"] = across
    if (current["scale"], other["scale"]) == ("L", "S"):
        ratios = [row[f"{q}_p50_ratio"] for q in LOOKUPS]
        # NaN: a --build-only run has no latencies; unknown, not failed
        row["lookups_target_met"] = (None if any(math.isnan(r) for r in ratios)
                                     else all(r <= LOOKUP_LIMIT for r in ratios))
    if (current["scale"], other["scale"]) == ("L", "M"):
        build = (row["ingest_ratio"], row["graph_ratio"])
        # NaN: a run serving a reused database measured no ingest; unknown, not failed
        row["build_target_met"] = (None if any(math.isnan(r) for r in build)
                                   else all(r <= BUILD_LIMIT for r in build))
    return row


def growth(current: dict[str, Any], results: Path) -> list[dict[str, Any]]:
    """This run compared with the latest run of each other scale found in ``results``."""
    database = current.get("database", "sqlite")
    return [compare(current, other)
            for scale, other in sorted(latest_results(results, database).items())
            if scale != current["scale"]]
