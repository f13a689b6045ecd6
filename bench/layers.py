"""The GraphQL layer's cost in process: the raw function against ``schema.execute``.

Both run on one graph snapshot and one database; the GraphQL side pays for parsing,
validation, the context (a session and DataLoaders) and result serialisation.  It runs
the schema as the server serves it (:data:`server.schema`: its query limits, parser and
validation caches and its execution), not the bare types, so the figure is the
request path's.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bench.answers import LAYER_QUESTIONS, LayerQuestion, stored_reports
from bench.stats import median, ratio
from graph.state import GraphHolder
from schema.context import make_context
from server import schema  # the schema as served, extensions and execution included
from settings import Settings


async def _graphql_answer(holder: GraphHolder, settings: Settings, query: str) -> Any:
    context = make_context(holder, settings)
    try:
        result = await schema.execute(query, context_value=context)
    finally:
        context.close()
    if result.errors:
        raise RuntimeError(f"{query}: {result.errors[0].message}")
    return result.data


def _raw_answer(question: LayerQuestion, holder: GraphHolder, settings: Settings) -> Any:
    """The raw function's answer, status judged from the stored reports (a session of
    its own, as a GraphQL context opens one)."""
    with Session(holder.engine, expire_on_commit=False) as session:
        return question.raw(holder.current().graph, reports=stored_reports(session),
                            due_soon_days=settings.due_soon_days)


def _timed(call: Any, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def measure_layers(engine: Engine, *, repeats: int = 30) -> list[dict[str, Any]]:
    """Median milliseconds per call of (a) the raw function and (c) in-process GraphQL.

    Parameters
    ----------
    engine
        The benchmark database.
    repeats
        Calls per layer per question (median reported).

    Returns
    -------
    list of dict
        Per question: ``raw_ms``, ``graphql_ms``, their ratio and whether the answers match.
    """
    holder = GraphHolder(engine, check_interval=3600)
    settings = Settings()
    loop = asyncio.new_event_loop()
    rows = []
    try:
        for question in LAYER_QUESTIONS:
            same = loop.run_until_complete(
                _graphql_answer(holder, settings, question.query)) == _raw_answer(
                    question, holder, settings)
            raw = _timed(lambda q=question: _raw_answer(q, holder, settings), repeats)
            gql = _timed(lambda q=question: loop.run_until_complete(
                _graphql_answer(holder, settings, q.query)), repeats)
            rows.append({"question": question.name, "raw_ms": median(raw),
                         "graphql_ms": median(gql), "ratio": ratio(median(gql), median(raw)),
                         "same_answer": same})
    finally:
        loop.close()
    return rows
