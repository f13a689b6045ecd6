"""The loopback load tests: contract queries and widgets, layer cost, datasette side by side.

Where two servers or two layers are compared, their runs are interleaved round by round
(A, B, A, B, …) so a noisy neighbour hits both, and the medians over rounds are kept.
"""

from __future__ import annotations

from typing import Any

import httpx

from bench.answers import CONTRACT_QUERIES, LAYER_QUESTIONS, WIDGETS
from bench.datasette import SHARED_QUESTIONS, row_count
from bench.load import LoadResult, Request, run_load
from bench.stats import median, ratio


def _figures(result: LoadResult) -> dict[str, Any]:
    return {"p50_ms": result.p50, "p99_ms": result.p99, "rps": result.rps,
            "requests": result.requests, "errors": result.errors}


def _graphql(query: str) -> Request:
    return Request("/graphql", {"query": query})


def contract_load(url: str, *, requests: int, concurrency: int,
                  max_seconds: float) -> list[dict[str, Any]]:
    """Each contract query (POST /graphql) and each widget (GET) under the same load."""
    rows = []
    targets = [(f"query {name}", _graphql(q)) for name, q in CONTRACT_QUERIES.items()]
    targets += [(f"widget {name}", Request(path)) for name, path in WIDGETS.items()]
    for label, request in targets:
        rows.append({"name": label, **_figures(run_load(
            url, request, requests=requests, concurrency=concurrency, max_seconds=max_seconds))})
    return rows


def _interleaved(runs: dict[str, tuple[str, Request]], *, rounds: int, requests: int,
                 concurrency: int, max_seconds: float) -> dict[str, dict[str, float]]:
    """Run each labelled (url, request) once per round, alternating; medians per label."""
    samples: dict[str, list[LoadResult]] = {label: [] for label in runs}
    for _ in range(rounds):
        for label, (url, request) in runs.items():
            samples[label].append(run_load(url, request, requests=requests,
                                           concurrency=concurrency, max_seconds=max_seconds))
    return {label: {"p50_ms": median([r.p50 for r in results]),
                    "p99_ms": median([r.p99 for r in results]),
                    "rps": median([r.rps for r in results]),
                    "requests": sum(r.requests for r in results),
                    "errors": sum(r.errors for r in results)}
            for label, results in samples.items()}


def layer_load(url: str, *, requests: int, concurrency: int, rounds: int,
               max_seconds: float) -> list[dict[str, Any]]:
    """(b) bare Starlette JSON against (c) GraphQL over HTTP, same server, per question."""
    rows = []
    for question in LAYER_QUESTIONS:
        bare = Request(question.bare_path)
        gql = _graphql(question.query)
        same = (httpx.get(url + bare.path, timeout=120).json()
                == httpx.post(url + "/graphql", json=gql.body, timeout=120).json())
        figures = _interleaved({"bare": (url, bare), "graphql": (url, gql)}, rounds=rounds,
                               requests=requests, concurrency=concurrency,
                               max_seconds=max_seconds)
        rows.append({"question": question.name, "same_answer": same, **figures,
                     "p50_ratio": ratio(figures["graphql"]["p50_ms"], figures["bare"]["p50_ms"]),
                     "rps_ratio": ratio(figures["bare"]["rps"], figures["graphql"]["rps"])})
    return rows


def datasette_load(ours: str, theirs: str, *, requests: int, concurrency: int, rounds: int,
                   max_seconds: float) -> list[dict[str, Any]]:
    """Each shared question asked of both servers, same load, interleaved rounds."""
    rows = []
    for question in SHARED_QUESTIONS:
        mine = _graphql(question.ours)
        other = _graphql(question.theirs)
        our_data = httpx.post(ours + "/graphql", json=mine.body, timeout=300).json()
        their_data = httpx.post(theirs + "/graphql", json=other.body, timeout=300).json()
        figures = _interleaved({"policygraph": (ours, mine), "datasette": (theirs, other)},
                               rounds=rounds, requests=requests, concurrency=concurrency,
                               max_seconds=max_seconds)
        rows.append({"question": question.name,
                     "our_rows": row_count(our_data.get("data"), question.our_rows),
                     "their_rows": row_count(their_data.get("data"), question.their_rows),
                     "their_errors": their_data.get("errors"), **figures,
                     "rps_ratio": ratio(figures["policygraph"]["rps"],
                                        figures["datasette"]["rps"])})
    return rows
