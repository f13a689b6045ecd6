"""The Rich tables ``bench.run`` prints, and the verdicts on the benchmark targets.

A figure from a run with errors is never printed as a latency or a ratio: the cell says
"n errors of m" (:func:`bench.stats.errors_of`) and its verdict is unknown.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.generate import SCALES
from bench.growth import rows_by_scale
from bench.stats import errors_of

LAYER_LIMIT = 1.5  # GraphQL over HTTP / bare endpoint, p50 and throughput
DATASETTE_FACTOR = 3.0  # our throughput / datasette-graphql's
MEMORY_LIMIT = 0.4e9  # serving process RSS per 100,000 tasks at L, bytes (decimal GB)


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _mb(value: float) -> str:
    return "—" if math.isnan(value) else f"{value / 1e6:,.1f} MB"


def _by_size(scales: set[str]) -> list[str]:
    """Scale names smallest first: S, M, L.

    >>> _by_size({"L", "S", "M"})
    ['S', 'M', 'L']
    """
    return sorted(scales, key=lambda scale: SCALES.get(scale, 0))


def _or_errors(figures: dict[str, Any], key: str, digits: int = 1) -> str:
    """A latency or throughput figure, or why there is none."""
    return errors_of(figures) or _f(figures[key], digits)


def contract_errors(record: dict[str, Any]) -> list[str]:
    """Each contract question, connection or widget that erred: ``"query unit: 3 errors of 40"``.

    >>> contract_errors({"contract": [{"name": "query unit", "errors": 3, "requests": 40},
    ...                               {"name": "query units", "errors": 0, "requests": 40}]})
    ['query unit: 3 errors of 40']
    >>> contract_errors({"widgets_cold": [{"name": "widget embed/unit", "status": 503}]})
    ['widget embed/unit (first view): status 503']
    """
    erred = [f"{row['name']}: {errors_of(row)}" for row in record.get("contract", [])
             if row["errors"]]
    erred += [f"{row['name']} (first view): status {row['status']}"
              for row in record.get("widgets_cold", []) if row["status"] != 200]
    return erred


def _one_connection_ratio(row: dict[str, Any]) -> float | None:
    """GraphQL ÷ bare p50 over one connection (:func:`bench.loadtests.layer_load`);
    ``None`` for a record made before it was measured, or when a run erred.

    >>> _one_connection_ratio({"one_connection": {"p50_ratio": 1.2}})
    1.2
    >>> _one_connection_ratio({}) is None
    True
    """
    ratio: float | None = row.get("one_connection", {}).get("p50_ratio")
    return ratio


def verdicts(record: dict[str, Any]) -> list[tuple[str, bool | None]]:
    """Each benchmark target measurable from this run: (description, met; None = unknown).

    A comparison whose runs had errors has no ratio: its verdict is unknown, not met.
    """
    out: list[tuple[str, bool | None]] = []
    for row in record.get("layers_http", []):
        p50, rps = row["p50_ratio"], row["rps_ratio"]
        if p50 is None or rps is None:
            out.append((f"GraphQL ≤ {LAYER_LIMIT}x bare, {row['question']} (errors: bare "
                        f"{row['bare']['errors']} of {row['bare']['requests']}, GraphQL "
                        f"{row['graphql']['errors']} of {row['graphql']['requests']})", None))
            continue
        cpu = row.get("cpu_ratio")  # the server's CPU per request, when measured
        out.append((f"GraphQL ≤ {LAYER_LIMIT}x bare, {row['question']} "
                    f"(p50 {p50:.2f}x, rps {rps:.2f}x"
                    + (f", server CPU {cpu:.2f}x)" if cpu is not None else ")"),
                    p50 <= LAYER_LIMIT and rps <= LAYER_LIMIT
                    and (cpu is None or cpu <= LAYER_LIMIT)))
    out.extend(_memory_verdict(record))
    for row in record.get("datasette", []):
        if row["rps_ratio"] is None:
            out.append((f"≥ {DATASETTE_FACTOR}x datasette-graphql rps, {row['question']} "
                        f"(errors: ours {row['policygraph']['errors']} of "
                        f"{row['policygraph']['requests']}, theirs {row['datasette']['errors']}"
                        f" of {row['datasette']['requests']})", None))
            continue
        out.append((f"≥ {DATASETTE_FACTOR}x datasette-graphql rps, {row['question']} "
                    f"({row['rps_ratio']:.2f}x)", row["rps_ratio"] >= DATASETTE_FACTOR))
    for row in record.get("growth", []):
        if "lookups_target_met" in row:
            out.append((f"look-ups L ≤ 2x S, {row.get('lookups_measured', 'across runs')} "
                        f"(unit {row['unit_p50_ratio']:.2f}x, overdue "
                        f"{row['overdue_p50_ratio']:.2f}x)", row["lookups_target_met"]))
        if "build_target_met" in row:
            ingest = ("ingest not measured" if math.isnan(row["ingest_ratio"])
                      else f"{row['ingest_ratio']:.1f}x")
            out.append((f"ingest/graph L ≤ 12x M ({ingest}, {row['graph_ratio']:.1f}x)",
                        row["build_target_met"]))
    return out


def _memory_verdict(record: dict[str, Any]) -> list[tuple[str, bool | None]]:
    """At L, the serving process's resident set per 100,000 tasks after it answered the
    load (the latest reading), against :data:`MEMORY_LIMIT` in decimal units: what the
    answers' caches hold counts, not only what the start built.

    >>> _memory_verdict({"scale": "L", "server_memory": {
    ...     "after_start": {"rss_bytes_per_100k_tasks": 3.8e8},
    ...     "after_load": {"rss_bytes_per_100k_tasks": 4.19e8}}})
    [('serving process ≤ 400 MB per 100,000 tasks at L, after the load (419.0 MB)', False)]
    >>> _memory_verdict({"scale": "M", "server_memory": {}})
    []
    """
    readings = list(record.get("server_memory", {}).items())
    if record.get("scale") != "L" or not readings:
        return []
    when, reading = readings[-1]  # a run stopped early says which reading it judged
    latest = reading["rss_bytes_per_100k_tasks"]
    return [(f"serving process ≤ {MEMORY_LIMIT / 1e6:.0f} MB per 100,000 tasks at L, "
             f"{_READINGS.get(when, when)} ({latest / 1e6:.1f} MB)", latest <= MEMORY_LIMIT)]


#: How the report names the serving-memory readings a run takes, in order.
_READINGS = {"after_start": "after start", "after_contract_load": "after the contract load",
             "after_load": "after the load"}


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def _workers(ingest: dict[str, Any]) -> str:
    """How many processes extracted (results before the worker pool say nothing: one).

    >>> _workers({"workers": 2}), _workers({})
    ('2 extracting processes', 'one process')
    >>> _workers({"reused": "/work/L.db"})
    'not measured: database of L.db reused'
    """
    if ingest.get("reused"):
        return f"not measured: database of {Path(ingest['reused']).name} reused"
    workers = ingest.get("workers", 1)
    return "one process" if workers <= 1 else f"{workers} extracting processes"


def _print_build(record: dict[str, Any], console: Console) -> None:
    ingest, graph = record["ingest"], record["graph"]
    console.print(_table(
        f"Scale {record['scale']} on {record.get('database', 'sqlite')}: "
        f"{record['documents']} documents, {graph['tasks']} tasks "
        f"(commit {record['machine']['commit'][:10]})",
        ["measure", "value"],
        [[f"ingest documents/s ({_workers(ingest)})", _f(ingest["documents_per_s"])],
         *([["ingest runs, documents/s (the median above)",
             ", ".join(_f(run) for run in ingest["runs_documents_per_s"])]]
           if len(ingest.get("runs_documents_per_s", [])) > 1 else []),
         ["ingest MB/s", _f(ingest["mb_per_s"], 3)],
         ["ingest seconds / failed", f"{ingest['seconds']:.1f} / {ingest['failed']}"],
         ["graph build seconds", _f(graph["seconds"], 2)],
         ["graph nodes / edges", f"{graph['nodes']:,} / {graph['edges']:,}"],
         ["graph build peak (tracemalloc)", _mb(graph["peak_traced_bytes"])],
         ["graph retained (tracemalloc)", _mb(graph["retained_bytes"])],
         ["peak per 100,000 tasks", _mb(graph["peak_bytes_per_100k_tasks"])],
         ["retained per 100,000 tasks", _mb(graph["retained_bytes_per_100k_tasks"])],
         ["graph process peak RSS", _mb(graph["peak_rss_bytes"])]]))
    if record.get("asked_units"):
        scales = _by_size({s for per in record["asked_units"].values() for s in per})
        console.print(_table("Tasks naming each asked unit, per scale (from the manifest)",
                             ["unit", *scales],
                             [[name, *(_f(per.get(s)) for s in scales)]
                              for name, per in record["asked_units"].items()]))


def _print_serving(record: dict[str, Any], console: Console) -> None:
    memory = record.get("server_memory", {})
    if "server_ready_seconds" in record:
        console.print(f"Server ready (snapshot built, /healthz 200) after "
                      f"{record['server_ready_seconds']:.1f} s")
    if memory:
        console.print(_table(
            "Serving process memory (RSS; per 100k tasks is mostly fixed cost at S, "
            "see the growth table)",
            ["when", "RSS", "peak RSS", "RSS per 100k tasks", "peak per 100k tasks"],
            [[when, _mb(m["rss_bytes"]), _mb(m["peak_rss_bytes"]),
              _mb(m["rss_bytes_per_100k_tasks"]), _mb(m["peak_rss_bytes_per_100k_tasks"])]
             for when, m in memory.items()]))
    if record.get("widgets_cold"):
        console.print(_table("Widgets, first view (cold)", ["widget", "ms", "status"],
                             [[r["name"], _f(r["ms"]), str(r["status"])]
                              for r in record["widgets_cold"]]))
    console.print(_table(
        "Contract queries, connections (first page of 100) and widgets over HTTP",
        ["request", "rows", "p50 ms", "p99 ms", "req/s", "errors", "non-200"],
        [[r["name"], _f(r.get("rows")), _or_errors(r, "p50_ms"), _or_errors(r, "p99_ms"),
          _or_errors(r, "rps"), f"{r['errors']} of {r['requests']}", str(r["non_200"])]
         for r in record["contract"]]))
    rows = rows_by_scale(record, Path(record["file"]).parent) if "file" in record else {}
    if rows:
        scales = _by_size({s for per in rows.values() for s in per})
        console.print(_table("Rows each question returns, per scale (latest run of each)",
                             ["request", *scales],
                             [[name, *(_f(per.get(s)) for s in scales)]
                              for name, per in rows.items()]))


def print_report(record: dict[str, Any], console: Console | None = None) -> None:
    """Print a run's figures and verdicts as Rich tables."""
    if console is None:
        # piped output (make bench | tee) would otherwise wrap at 80 columns
        console = Console() if Console().is_terminal else Console(width=150)
    _print_build(record, console)
    if "contract" not in record:  # --build-only
        _print_tail(record, console)
        return
    _print_serving(record, console)
    if not record.get("layers_http"):  # stopped after the contract load
        _print_tail(record, console)
        return
    http = {r["question"]: r for r in record["layers_http"]}
    console.print(_table(
        "GraphQL layer cost: (a) raw function, (b) bare JSON, (c) GraphQL",
        ["question", "(a) ms", "(c) in-proc ms", "c/a", "(b) p50", "(c) p50", "c/b p50",
         "(b) req/s", "(c) req/s", "b/c rps", "c/b server CPU", "c/b p50, 1 conn", "same"],
        [[r["question"], _f(r["raw_ms"], 2), _f(r["graphql_ms"], 2), _f(r["ratio"], 2),
          _or_errors(http[r["question"]]["bare"], "p50_ms"),
          _or_errors(http[r["question"]]["graphql"], "p50_ms"),
          _f(http[r["question"]]["p50_ratio"], 2),
          _or_errors(http[r["question"]]["bare"], "rps"),
          _or_errors(http[r["question"]]["graphql"], "rps"),
          _f(http[r["question"]]["rps_ratio"], 2),
          _f(http[r["question"]].get("cpu_ratio"), 2),
          _f(_one_connection_ratio(http[r["question"]]), 2),
          _f(r["same_answer"] and http[r["question"]]["same_answer"])]
         for r in record["layers_in_process"]]))
    if record.get("datasette"):
        console.print(_table(
            "policygraph vs datasette-graphql (same questions, same load)",
            ["question", "rows ours/theirs", "ours p50", "theirs p50", "ours req/s",
             "theirs req/s", "ours/theirs rps"],
            [[r["question"], f"{r['our_rows']}/{r['their_rows']}",
              _or_errors(r["policygraph"], "p50_ms"), _or_errors(r["datasette"], "p50_ms"),
              _or_errors(r["policygraph"], "rps"), _or_errors(r["datasette"], "rps"),
              _f(r["rps_ratio"], 2)]
             for r in record["datasette"]]))
    _print_tail(record, console)


def _print_tail(record: dict[str, Any], console: Console) -> None:
    if record.get("growth"):
        console.print(_table(
            "Growth: this run / latest run of another scale",
            ["against", "documents", "ingest", "graph build", "unit p50", "overdue p50",
             "look-ups measured", "server RSS per 100k more tasks"],
            [[r["against"], _f(r["documents_ratio"]), _f(r["ingest_ratio"]),
              _f(r["graph_ratio"]), _f(r["unit_p50_ratio"], 2), _f(r["overdue_p50_ratio"], 2),
              r.get("lookups_measured", "across runs"),
              _mb(r.get("marginal_rss_per_100k_tasks", float("nan")))]
             for r in record["growth"]]))
    if record.get("lookups_beside"):
        beside = record["lookups_beside"]
        console.print(_table(
            f"Look-ups side by side: this run and {beside['against']} "
            f"({beside['documents']:,} documents) served at once, interleaved rounds",
            ["question", f"rows {beside['against']} / here", f"{beside['against']} p50",
             "here p50", "here / " + beside["against"]],
            [[r["question"], f"{_f(r['rows']['small'])} / {_f(r['rows']['large'])}",
              _or_errors(r["small"], "p50_ms"), _or_errors(r["large"], "p50_ms"),
              _f(r["p50_ratio"], 2)]
             for r in beside["questions"]]))
    console.print(_table("Targets", ["target", "met"],
                         [[text, "?" if ok is None else _f(ok)] for text, ok in verdicts(record)]))
    erred = contract_errors(record)
    if erred:
        console.print("[bold red]contract questions with errors:[/] " + "; ".join(erred))
    for note in record.get("notes", []):
        console.print(f"note: {note}")
    console.print(f"{record['seconds']:.0f} s; recorded in {record.get('file', '?')}")
