"""The memory measurement of several workers on PostgreSQL, at the smallest scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.pg_workers import measure
from store.db import make_engine
from store.ingest import load_bundled

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_every_worker_is_measured_after_start_and_after_the_questions(tmp_path: Path) -> None:
    source = tmp_path / "city.db"
    engine = make_engine(f"sqlite:///{source}")
    assert load_bundled(engine=engine)
    engine.dispose()
    record = measure(source=source, workers=2, timeout=300)
    assert record["counts"]["Document"] == 2
    for when in ("after_start", "after_questions"):
        memory = record[when]
        serving = [m for m in memory["workers"] if m["serves"]]
        assert len(serving) == 2, memory  # the two processes that answered /healthz
        assert all(m["rss_bytes"] > 50 * 1024**2 for m in serving), memory  # each holds a snapshot
        assert memory["total_rss_bytes"] == memory["parent"]["rss_bytes"] + sum(
            m["rss_bytes"] for m in memory["workers"])
        assert memory["within_budget"]
    assert record["statuses"] and all(set(s) == {200} for s in record["statuses"].values())
