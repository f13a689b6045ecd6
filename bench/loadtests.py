"""The loopback load tests: contract queries, connections and widgets, layer cost, datasette.

Where two servers or two layers are compared, their runs are interleaved round by round
(A, B, A, B, …) so a noisy neighbour hits both, and the medians over rounds are kept.
A run with errors keeps its counts ("n errors of m") and no latency figure: its medians
and ratios are ``None`` (:mod:`bench.stats`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from bench.answers import LAYER_QUESTIONS
from bench.contract import CONNECTIONS, CONTRACT_QUESTIONS, WIDGETS
from bench.datasette import SHARED_QUESTIONS, row_count
from bench.load import LoadResult, Request, graphql_errors, run_load
from bench.stats import clean_median, clean_ratio


def figures(result: LoadResult) -> dict[str, Any]:
    """A run's counts, and its latencies only when it had no error."""
    clean = result.errors == 0
    return {"requests": result.requests, "errors": result.errors, "non_200": result.non_200,
            "failed": result.failed, "statuses": {str(k): v for k, v in result.statuses.items()},
            "p50_ms": result.p50 if clean else None, "p99_ms": result.p99 if clean else None,
            "rps": result.rps if clean else None}


def _graphql(query: str, token: str | None = None) -> Request:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Request("/graphql", {"query": query}, headers)


def answered_rows(url: str, request: Request, keys: tuple[str, ...]) -> int | None:
    """The rows one answer holds under ``keys`` (:func:`bench.datasette.row_count`);
    ``None`` when it is not an answer (the load counts why)."""
    try:
        response = httpx.post(url + request.path, json=request.body, headers=request.headers,
                              timeout=120)
    except httpx.HTTPError:
        return None
    if response.status_code != 200 or graphql_errors(response.content):
        return None
    return row_count(response.json().get("data"), keys)


def cold_widgets(url: str) -> list[dict[str, Any]]:
    """Each widget's first view, timed alone before anything else asked for it.

    Status 0 stands for a request that got no response; a view that did not answer 200
    has no time.
    """
    rows: list[dict[str, Any]] = []
    for name, path in WIDGETS.items():
        began = time.perf_counter()
        try:
            status = httpx.get(url + path, timeout=300).status_code
        except httpx.HTTPError:
            status = 0
        elapsed = (time.perf_counter() - began) * 1000
        rows.append({"name": f"widget {name}", "status": status,
                     "ms": elapsed if status == 200 else None})
    return rows


def contract_load(url: str, *, requests: int, concurrency: int, max_seconds: float,
                  token: str | None = None) -> list[dict[str, Any]]:
    """Each contract query, each connection's first page and each widget under one load.

    ``token`` (a viewer's) is sent with the questions that need one (the audit trail).
    """
    load: dict[str, Any] = {"requests": requests, "concurrency": concurrency,
                            "max_seconds": max_seconds}
    rows = []
    for kind, questions in (("query", CONTRACT_QUESTIONS), ("connection", CONNECTIONS)):
        for question in questions:
            request = _graphql(question.query, token if question.token else None)
            rows.append({"name": f"{kind} {question.name}", "kind": kind,
                         "rows": answered_rows(url, request, question.rows),
                         **figures(run_load(url, request, **load))})
    for name, path in WIDGETS.items():
        rows.append({"name": f"widget {name}", "kind": "widget", "rows": None,
                     **figures(run_load(url, Request(path), **load))})
    return rows


def interleaved(runs: dict[str, tuple[str, Request]], *, rounds: int, requests: int,
                concurrency: int, max_seconds: float,
                cpu: Callable[[], float] | None = None) -> dict[str, dict[str, Any]]:
    """Run each labelled (url, request) once per round, alternating; medians per label.

    A label whose rounds had any error gets its counts and no median.  With ``cpu`` (the
    CPU seconds the serving process has used, :meth:`bench.servers.Served.cpu_seconds`)
    each run also reports the server's CPU milliseconds per request (``cpu_ms``; its
    warm-up requests, one per connection, counted in).
    """
    samples: dict[str, list[dict[str, Any]]] = {label: [] for label in runs}
    for _ in range(rounds):
        for label, (url, request) in runs.items():
            before = cpu() if cpu is not None else 0.0
            result = run_load(url, request, requests=requests, concurrency=concurrency,
                              max_seconds=max_seconds)
            row = figures(result)
            if cpu is not None:
                used = (cpu() - before) * 1000
                row["cpu_ms"] = (None if row["errors"]
                                 else used / max(1, result.requests + result.warmups))
            samples[label].append(row)
    return {label: {"p50_ms": clean_median(results, "p50_ms"),
                    "p99_ms": clean_median(results, "p99_ms"),
                    "rps": clean_median(results, "rps"),
                    **({"cpu_ms": clean_median(results, "cpu_ms")} if cpu is not None else {}),
                    "requests": sum(r["requests"] for r in results),
                    "errors": sum(r["errors"] for r in results),
                    "non_200": sum(r["non_200"] for r in results)}
            for label, results in samples.items()}


def layer_load(url: str, *, requests: int, concurrency: int, rounds: int,
               max_seconds: float, cpu: Callable[[], float] | None = None
               ) -> list[dict[str, Any]]:
    """(b) bare Starlette JSON against (c) GraphQL over HTTP, same server, per question:
    under ``concurrency`` connections, then over one connection (``one_connection``).

    Under load a request's latency is mostly its wait behind the others, and with the
    load generator and the server sharing two cores the median says as much about which
    process held the cores as about the request.  Over one connection nothing waits, so
    the median there is what the layer adds to one request.  The verdicts read the
    figures under load (:func:`bench.report.verdicts`); the second pair is reported
    beside them.

    Both medians also count the load generator's work, which shares the two cores and
    costs about as much per request as either answer: with ``cpu``, the serving
    process's own CPU per request is measured in the same runs (``cpu_ms``, and
    ``cpu_ratio`` GraphQL ÷ bare), the layer's cost whatever the client costs.
    """
    rows = []
    for question in LAYER_QUESTIONS:
        bare = Request(question.bare_path)
        gql = _graphql(question.query)
        same = (httpx.get(url + bare.path, timeout=120).json()
                == httpx.post(url + "/graphql", json=gql.body, timeout=120).json())
        pair = {"bare": (url, bare), "graphql": (url, gql)}
        runs = interleaved(pair, rounds=rounds, requests=requests, concurrency=concurrency,
                           max_seconds=max_seconds, cpu=cpu)
        alone = interleaved(pair, rounds=rounds, requests=requests, concurrency=1,
                            max_seconds=max_seconds, cpu=cpu)
        rows.append({"question": question.name, "same_answer": same, **runs,
                     "p50_ratio": clean_ratio(runs["graphql"], runs["bare"], "p50_ms"),
                     "rps_ratio": clean_ratio(runs["bare"], runs["graphql"], "rps"),
                     **_cpu_ratio(runs),
                     "one_connection": {
                         **alone,
                         "p50_ratio": clean_ratio(alone["graphql"], alone["bare"], "p50_ms"),
                         **_cpu_ratio(alone)}})
    return rows


def _cpu_ratio(runs: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """``cpu_ratio``, GraphQL ÷ bare server CPU per request, when the runs measured it
    (``None`` when either erred or used no measurable CPU: the kernel counts in ticks).

    >>> _cpu_ratio({"graphql": {"errors": 0, "cpu_ms": 1.5}, "bare": {"errors": 0, "cpu_ms": 1.0}})
    {'cpu_ratio': 1.5}
    >>> _cpu_ratio({"graphql": {"errors": 0, "cpu_ms": 1.5}, "bare": {"errors": 0, "cpu_ms": 0}})
    {'cpu_ratio': None}
    >>> _cpu_ratio({"graphql": {"errors": 0}, "bare": {"errors": 0}})  # not measured
    {}
    """
    if "cpu_ms" not in runs["graphql"]:
        return {}
    if runs["graphql"]["cpu_ms"] is None or runs["bare"]["cpu_ms"] is None:
        return {"cpu_ratio": None}
    return {"cpu_ratio": clean_ratio(runs["graphql"], runs["bare"], "cpu_ms")}


def datasette_load(ours: str, theirs: str, *, requests: int, concurrency: int, rounds: int,
                   max_seconds: float) -> list[dict[str, Any]]:
    """Each shared question asked of both servers, same load, interleaved rounds."""
    rows = []
    for question in SHARED_QUESTIONS:
        mine = _graphql(question.ours)
        other = _graphql(question.theirs)
        our_data = httpx.post(ours + "/graphql", json=mine.body, timeout=300).json()
        their_data = httpx.post(theirs + "/graphql", json=other.body, timeout=300).json()
        runs = interleaved({"policygraph": (ours, mine), "datasette": (theirs, other)},
                           rounds=rounds, requests=requests, concurrency=concurrency,
                           max_seconds=max_seconds)
        rows.append({"question": question.name,
                     "our_rows": row_count(our_data.get("data"), question.our_rows),
                     "their_rows": row_count(their_data.get("data"), question.their_rows),
                     "their_errors": their_data.get("errors"), **runs,
                     "rps_ratio": clean_ratio(runs["policygraph"], runs["datasette"], "rps")})
    return rows
