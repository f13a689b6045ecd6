"""Ingest and graph-build measurements, each run in its own process.

A fresh process per measurement keeps ``ru_maxrss`` and ``tracemalloc`` about that one
job.  Usage (the harness runs these; the JSON result goes to stdout)::

    python -m bench.measure ingest --db sqlite:///x.db --corpus bench/corpus/S [--workers 1]
    python -m bench.measure graph --db sqlite:///x.db
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from sqlmodel import Session


def peak_rss_bytes() -> int:
    """This process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def children_cpu_seconds() -> float:
    """CPU seconds of this process's finished children (the ingest's workers, once joined)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_ingest(*, db: str, corpus: Path, workers: int = 0) -> dict[str, Any]:
    """Migrate ``db``, load pairings and the bundled corpus, then time the synthetic corpus.

    As ``policygraph ingest`` does: ``workers`` processes extract (0: one per core, at
    most 8; 1: this process alone, one core) while this one stores the files one after
    another.  Only the synthetic corpus is timed; ``cpu_seconds`` is this process's.
    """
    from store.db import make_engine
    from store.extract_pool import worker_count
    from store.ingest import load_bundled
    from store.ingest_many import ingest_paths

    engine = make_engine(db)
    load_bundled(engine=engine)  # the contract queries need the two real documents
    paths = sorted(corpus.glob("syn_*.txt"))
    size = sum(p.stat().st_size for p in paths)
    started = time.perf_counter()
    cpu_started = time.process_time()
    children_started = children_cpu_seconds()
    results = ingest_paths(engine=engine, paths=paths, workers=workers)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    workers_cpu = children_cpu_seconds() - children_started  # the extracting processes
    failed = [f"{r.key}: {r.message}" for r in results if not r.ok]
    engine.dispose()
    return {"documents": len(paths), "failed": len(failed), "failures": failed[:5],
            "bytes": size, "seconds": seconds, "cpu_seconds": cpu,
            "workers_cpu_seconds": workers_cpu,
            "documents_per_s": len(paths) / seconds, "mb_per_s": size / 1e6 / seconds,
            "peak_rss_bytes": peak_rss_bytes(), "workers": worker_count(workers)}


def measure_graph(*, db: str) -> dict[str, Any]:
    """Time one graph build, then build again under tracemalloc for its memory.

    The timed build runs untraced (tracemalloc slows allocation several-fold); the
    traced one gives the peak during the build and what the finished graph retains.
    """
    from graph.build import build_graph
    from store.db import make_engine

    engine = make_engine(db)
    started = time.perf_counter()
    with Session(engine) as session:
        graph = build_graph(session)
    seconds = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for _, kind in graph.nodes(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    edges = graph.number_of_edges()
    del graph
    tracemalloc.start()
    with Session(engine) as session:
        graph = build_graph(session)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tasks = kinds.get("Task", 0)

    def per_100k(size: int) -> float:
        return size / tasks * 100_000 if tasks else 0.0

    return {"seconds": seconds, "nodes": graph.number_of_nodes(), "edges": edges,
            "kinds": kinds, "tasks": tasks, "peak_traced_bytes": peak,
            "retained_bytes": retained, "peak_bytes_per_100k_tasks": per_100k(peak),
            "retained_bytes_per_100k_tasks": per_100k(retained),
            "peak_rss_bytes": peak_rss_bytes()}


def in_own_process(what: str, db: str, corpus: Path | None = None) -> dict[str, Any]:
    """``python -m bench.measure what --db db [--corpus corpus]`` in a process of its own:
    its JSON result (``RuntimeError`` with the end of its stderr when it fails)."""
    from bench.servers import ROOT

    command = [sys.executable, "-m", "bench.measure", what, "--db", db]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench.measure {what} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The ingest run of median documents/s (of two middle ones, the slower), with every
    run's documents/s and failed documents in the order run (``runs_documents_per_s``,
    ``runs_failed``).

    The machines are shared: one ingest moved by a tenth between runs of the same code on
    the same host, so the figure is the median of several, each into a database of its own.

    >>> runs = [{"documents_per_s": 70.0, "seconds": 2.0, "failed": 0},
    ...         {"documents_per_s": 80.0, "seconds": 1.75, "failed": 0},
    ...         {"documents_per_s": 60.0, "seconds": 2.3, "failed": 1}]
    >>> median = median_run(runs)
    >>> median["documents_per_s"], median["seconds"], median["runs_documents_per_s"]
    (70.0, 2.0, [70.0, 80.0, 60.0])
    >>> median["runs_failed"], median_run(runs[:2])["documents_per_s"]
    ([0, 0, 1], 70.0)
    """
    ranked = sorted(runs, key=lambda run: run["documents_per_s"])
    return {**ranked[(len(ranked) - 1) // 2],
            "runs_documents_per_s": [run["documents_per_s"] for run in runs],
            "runs_failed": [run["failed"] for run in runs]}


def ingest_median(dbs: list[str], corpus: Path) -> dict[str, Any]:
    """Ingest ``corpus`` into each database of ``dbs`` in turn (empty, on one kind of
    store), each in a process of its own: :func:`median_run` of the runs.  The last
    database is the one the caller goes on with."""
    return median_run([in_own_process("ingest", db, corpus) for db in dbs])


def sqlite_scratch(work: Path, number: int) -> str:
    """The URL of an empty SQLite file in ``work`` for one of the ingest runs not served."""
    work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work / f'ingest-{number}.db'}"
    remove_sqlite(url)
    return url


def remove_sqlite(url: str) -> None:
    """Delete a SQLite URL's file with its journal files (nothing for other databases)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for old in path.parent.glob(path.name + "*"):
            old.unlink()


def main(argv: list[str] | None = None) -> int:
    """Command line; prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("what", choices=["ingest", "graph"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--workers", type=int, default=0,
                        help="extracting processes for ingest (0: one per core, at most 8; 1: none)")
    args = parser.parse_args(argv)
    if args.what == "ingest":
        if args.corpus is None:
            parser.error("ingest needs --corpus")
        result = measure_ingest(db=args.db, corpus=args.corpus, workers=args.workers)
    else:
        result = measure_graph(db=args.db)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
