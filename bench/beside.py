"""The indexed look-ups at two scales, side by side in one run.

The growth target reads "a look-up at L within 2x of S".  Compared across two runs, an
hour or more apart on a shared host, the host's drift between them decides the verdict
as much as the code does.  So a run at a larger scale also loads a small scale's corpus
into a database of its own, serves it from a second process with the same settings
(:func:`bench.run.run`), and asks both servers the same look-ups in interleaved rounds
(small, large, small, large, …) under the same load, as every other ratio in the
report is measured.  :func:`bench.growth.compare` judges the target from these figures
when the run has them, and says so.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from bench.answers import LAYER_QUESTIONS
from bench.generate import write_exactly
from bench.load import Request
from bench.loadtests import answered_rows, interleaved
from bench.measure import in_own_process
from bench.servers import free_port, policygraph_command, serving
from bench.stats import clean_ratio

#: The scale served beside a larger run (the target compares L with it).
BESIDE_SCALE = "S"
#: The LayerQuestion names of the indexed look-ups the growth target is about.
LOOKUPS = ("unit", "overdue")


def lookups_beside(small: str, large: str, *, against: str, documents: int, requests: int,
                   concurrency: int, rounds: int, max_seconds: float) -> dict[str, Any]:
    """Each look-up asked of the small and the large server in interleaved rounds.

    Parameters
    ----------
    small, large
        Base URLs of the server on the small scale's database and of this run's.
    against
        The small scale's name (``S``), the one :func:`bench.growth.compare` matches.
    documents
        Generated documents in the small database.
    requests, concurrency, rounds, max_seconds
        The load of each run, as the layer comparison's.

    Returns
    -------
    dict
        ``against``, ``documents`` and per question the rows each side answered, each
        side's medians over rounds and ``p50_ratio`` (large ÷ small; ``None`` when either
        side had errors).
    """
    rows = []
    for question in LAYER_QUESTIONS:
        if question.name not in LOOKUPS:
            continue
        request = Request("/graphql", {"query": question.query})
        root = (question.name,)  # a look-up's name is its root field's
        answered = {"small": answered_rows(small, request, root),
                    "large": answered_rows(large, request, root)}
        runs = interleaved({"small": (small, request), "large": (large, request)},
                           rounds=rounds, requests=requests, concurrency=concurrency,
                           max_seconds=max_seconds)
        rows.append({"question": question.name, "rows": answered, **runs,
                     "p50_ratio": clean_ratio(runs["large"], runs["small"], "p50_ms")})
    return {"against": against, "documents": documents, "questions": rows}


def load_beside(beside: tuple[str, int], db: str | None, *, seed: int, work: Path,
                corpus: Path) -> str:
    """Generate the small corpus (``beside``: its scale name and documents) in ``corpus``
    and ingest it into ``db`` (``None``: a SQLite file in ``work``); the database's URL.
    ``RuntimeError`` when a document fails: the comparison would not be like for like."""
    name, count = beside
    if db is None:
        for old in work.glob(f"beside-{name}.db*"):
            old.unlink()
        db = f"sqlite:///{work / f'beside-{name}.db'}"
    write_exactly(out=corpus, seed=seed, count=count)
    loaded = in_own_process("ingest", db, corpus)
    if loaded["failed"] or loaded["documents"] != count:
        raise RuntimeError(f"the {name} corpus beside did not load: {loaded}")
    return db


def lookups_served_beside(url: str, beside: tuple[str, int], db: str, *,
                          env: dict[str, str], log: Path, ready_seconds: float,
                          load: dict[str, Any]) -> dict[str, Any]:
    """Serve ``db`` from a second bench server (``env`` as this run's, its own database)
    and ask it and ``url`` the look-ups side by side (:func:`lookups_beside`)."""
    name, count = beside
    port = free_port()
    with serving(policygraph_command(sys.executable, port), port=port,
                 ready_path="/healthz", env={**env, "DATABASE_URL": db}, log=log,
                 timeout=ready_seconds) as small:
        return lookups_beside(small.url, url, against=name, documents=count, **load)


def beside_ratios(record: dict[str, Any], against: str) -> dict[str, float | None] | None:
    """The side-by-side large ÷ small p50 ratio of each look-up, if ``record`` measured
    them against the scale ``against``; ``None`` otherwise.

    >>> record = {"lookups_beside": {"against": "S", "questions": [
    ...     {"question": "unit", "p50_ratio": 1.25}, {"question": "overdue", "p50_ratio": None}]}}
    >>> beside_ratios(record, "S")
    {'unit': 1.25, 'overdue': None}
    >>> beside_ratios(record, "M") is None
    True
    """
    beside = record.get("lookups_beside")
    if not beside or beside.get("against") != against:
        return None
    return {row["question"]: row["p50_ratio"] for row in beside["questions"]}
