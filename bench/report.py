"""The Rich tables ``bench.run`` prints, and the verdicts on the issue's targets."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

LAYER_LIMIT = 1.5  # GraphQL over HTTP / bare endpoint, p50 and throughput
DATASETTE_FACTOR = 3.0  # our throughput / datasette-graphql's


def _f(value: Any, digits: int = 1) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def verdicts(record: dict[str, Any]) -> list[tuple[str, bool | None]]:
    """Each benchmark target measurable from this run: (description, met; None = unknown)."""
    out: list[tuple[str, bool | None]] = []
    for row in record.get("layers_http", []):
        ok = row["p50_ratio"] <= LAYER_LIMIT and row["rps_ratio"] <= LAYER_LIMIT
        out.append((f"GraphQL ≤ {LAYER_LIMIT}x bare, {row['question']} "
                    f"(p50 {row['p50_ratio']:.2f}x, rps {row['rps_ratio']:.2f}x)", ok))
    for row in record.get("datasette", []):
        out.append((f"≥ {DATASETTE_FACTOR}x datasette-graphql rps, {row['question']} "
                    f"({row['rps_ratio']:.2f}x)", row["rps_ratio"] >= DATASETTE_FACTOR))
    for row in record.get("growth", []):
        if "lookups_target_met" in row:
            out.append((f"look-ups L ≤ 2x S (unit {row['unit_p50_ratio']:.2f}x, overdue "
                        f"{row['overdue_p50_ratio']:.2f}x)", row["lookups_target_met"]))
        if "build_target_met" in row:
            out.append((f"ingest/graph L ≤ 12x M ({row['ingest_ratio']:.1f}x, "
                        f"{row['graph_ratio']:.1f}x)", row["build_target_met"]))
    return out


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def print_report(record: dict[str, Any], console: Console | None = None) -> None:
    """Print a run's figures and verdicts as Rich tables."""
    if console is None:
        # piped output (make bench | tee) would otherwise wrap at 80 columns
        console = Console() if Console().is_terminal else Console(width=150)
    ingest, graph = record["ingest"], record["graph"]
    console.print(_table(
        f"Scale {record['scale']}: {record['documents']} documents, "
        f"{graph['tasks']} tasks (commit {record['machine']['commit'][:10]})",
        ["measure", "value"],
        [["ingest documents/s (one core)", _f(ingest["documents_per_s"])],
         ["ingest MB/s", _f(ingest["mb_per_s"], 3)],
         ["ingest seconds / failed", f"{ingest['seconds']:.1f} / {ingest['failed']}"],
         ["graph build seconds", _f(graph["seconds"], 2)],
         ["graph nodes / edges", f"{graph['nodes']:,} / {graph['edges']:,}"],
         ["graph build peak (tracemalloc)", _mb(graph["peak_traced_bytes"])],
         ["graph retained (tracemalloc)", _mb(graph["retained_bytes"])],
         ["peak per 100,000 tasks", _mb(graph["peak_bytes_per_100k_tasks"])],
         ["retained per 100,000 tasks", _mb(graph["retained_bytes_per_100k_tasks"])],
         ["graph process peak RSS", _mb(graph["peak_rss_bytes"])]]))
    if "contract" not in record:  # --build-only
        _print_tail(record, console)
        return
    console.print(_table("Contract queries and widgets over HTTP",
                         ["request", "p50 ms", "p99 ms", "req/s", "errors"],
                         [[r["name"], _f(r["p50_ms"]), _f(r["p99_ms"]), _f(r["rps"]),
                           str(r["errors"])] for r in record["contract"]]))
    http = {r["question"]: r for r in record["layers_http"]}
    console.print(_table(
        "GraphQL layer cost: (a) raw function, (b) bare JSON, (c) GraphQL",
        ["question", "(a) ms", "(c) in-proc ms", "c/a", "(b) p50", "(c) p50", "c/b p50",
         "(b) req/s", "(c) req/s", "b/c rps", "same"],
        [[r["question"], _f(r["raw_ms"], 2), _f(r["graphql_ms"], 2), _f(r["ratio"], 2),
          _f(http[r["question"]]["bare"]["p50_ms"]), _f(http[r["question"]]["graphql"]["p50_ms"]),
          _f(http[r["question"]]["p50_ratio"], 2), _f(http[r["question"]]["bare"]["rps"]),
          _f(http[r["question"]]["graphql"]["rps"]), _f(http[r["question"]]["rps_ratio"], 2),
          _f(r["same_answer"] and http[r["question"]]["same_answer"])]
         for r in record["layers_in_process"]]))
    if record.get("datasette"):
        console.print(_table(
            "policygraph vs datasette-graphql (same questions, same load)",
            ["question", "rows ours/theirs", "ours p50", "theirs p50", "ours req/s",
             "theirs req/s", "ours/theirs rps"],
            [[r["question"], f"{r['our_rows']}/{r['their_rows']}",
              _f(r["policygraph"]["p50_ms"]), _f(r["datasette"]["p50_ms"]),
              _f(r["policygraph"]["rps"]), _f(r["datasette"]["rps"]), _f(r["rps_ratio"], 2)]
             for r in record["datasette"]]))
    _print_tail(record, console)


def _print_tail(record: dict[str, Any], console: Console) -> None:
    if record.get("growth"):
        console.print(_table(
            "Growth: this run / latest run of another scale",
            ["against", "documents", "ingest", "graph build", "unit p50", "overdue p50"],
            [[r["against"], _f(r["documents_ratio"]), _f(r["ingest_ratio"]),
              _f(r["graph_ratio"]), _f(r["unit_p50_ratio"], 2), _f(r["overdue_p50_ratio"], 2)]
             for r in record["growth"]]))
    console.print(_table("Targets", ["target", "met"],
                         [[text, "?" if ok is None else _f(ok)] for text, ok in verdicts(record)]))
    for note in record.get("notes", []):
        console.print(f"note: {note}")
    console.print(f"{record['seconds']:.0f} s; recorded in {record.get('file', '?')}")
