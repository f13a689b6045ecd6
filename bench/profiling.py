"""cProfile summaries of the slow paths, so BENCHMARKS.md can say where the time goes."""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Engine


def profile_summary(call: Callable[[], object], *, top: int = 15) -> str:
    """Run ``call`` under cProfile; the ``top`` entries by own (not cumulative) time.

    Own time names the hot spots; cumulative time only lists the framework frames that
    wrap every call.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    # drop pstats' preamble; keep the header line and the rows
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    head = next((line.strip() for line in lines if "function calls" in line), "")
    return "\n".join([head, *lines[start:]]).rstrip()


def profile_query(engine: Engine, query: str, *, repeats: int = 3) -> str:
    """Profile ``repeats`` in-process executions of a GraphQL query."""
    from graph.state import GraphHolder
    from schema.context import make_context
    from schema.query import schema
    from settings import Settings

    holder = GraphHolder(engine, check_interval=3600)
    loop = asyncio.new_event_loop()

    def run() -> None:
        for _ in range(repeats):
            loop.run_until_complete(schema.execute(query, context_value=make_context(
                holder, Settings())))
    try:
        return profile_summary(run)
    finally:
        loop.close()


def profile_ingest(paths: list[Path]) -> str:
    """Profile ingesting ``paths`` into a fresh SQLite database."""
    from store.db import make_engine
    from store.ingest import ingest_paths
    from store.setup import init_db

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/profile.db")
        init_db(engine)
        try:
            return profile_summary(lambda: ingest_paths(engine=engine, paths=paths))
        finally:
            engine.dispose()
