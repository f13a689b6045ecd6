"""Several ``policygraph serve`` workers on one PostgreSQL at a bench scale: their memory.

``python -m bench.pg_workers --from bench/results/work/L/policygraph.db --workers 4``
starts a PostgreSQL cluster on 127.0.0.1 (:mod:`bench.pg_cluster`), copies a database an
earlier bench run loaded into it (``policygraph db copy``, :mod:`store.transfer`: the same
rows, without ingesting twenty thousand documents again), serves it with ``policygraph
serve --workers N``, waits until every worker has built its snapshot and answers
``/healthz``, and records the resident size of each worker and of the parent: after start,
after each contract question has been asked (every worker warmed by its share), and the
sum against the machine budget (8 GB for 4 workers at L).  The record goes to
``bench/results/workers-<scale>-<stamp>.json``; ``bench/report.py`` is not involved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.contract import CONNECTIONS, CONTRACT_QUESTIONS
from bench.servers import ROOT, free_port, memory_from_status

BUDGET_BYTES = 8 * 1024**3
"""What 4 workers at L may hold together."""


def _rss(pid: int) -> dict[str, int]:
    return memory_from_status(Path(f"/proc/{pid}/status").read_text())


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def _copy(source: Path, url: str) -> float:
    """Copy ``source`` into ``url``; the source is migrated first (``db copy`` only reads
    it, and a database from an earlier bench run may be at an older schema)."""
    started = time.perf_counter()
    for command in (["db", "upgrade"], ["db", "copy", url]):
        done = subprocess.run([sys.executable, "-m", "cli.main", "--database-url",
                               f"sqlite:///{source}", *command],
                              cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"db {command[1]} failed:\n{done.stdout[-2000:]}"
                               f"{done.stderr[-2000:]}")
    return time.perf_counter() - started


def _wait_for_workers(base: str, process: subprocess.Popen[str], workers: int,
                      timeout: float) -> tuple[set[int], dict[str, Any], float]:
    """Poll ``/healthz`` on new connections until ``workers`` distinct pids answered."""
    started = time.monotonic()
    pids: set[int] = set()
    health: dict[str, Any] = {}
    while len(pids) < workers:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}")
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"only {len(pids)} of {workers} workers answered in {timeout} s")
        try:
            health = httpx.get(base + "/healthz", timeout=5).json()
            pids.add(int(health["pid"]))
        except httpx.TransportError:
            time.sleep(1.0)
        time.sleep(0.05)
    return pids, health, time.monotonic() - started


def _memory(parent: int, serving: set[int]) -> dict[str, Any]:
    """The resident size of the parent and of every child: the serving workers (those that
    answered ``/healthz``) and any helper process the server started (``serves`` false)."""
    each = {pid: _rss(pid) for pid in sorted(serving | set(_children(parent)))}
    top = _rss(parent)
    total = sum(m["rss_bytes"] for m in each.values()) + top["rss_bytes"]
    return {"workers": [m | {"pid": pid, "serves": pid in serving} for pid, m in each.items()],
            "parent": top,
            "total_rss_bytes": total, "within_budget": total <= BUDGET_BYTES}


def measure(*, source: Path, workers: int, timeout: float) -> dict[str, Any]:
    """Copy ``source`` into a fresh cluster, serve it with ``workers``, record memory."""
    from bench.pg_cluster import start_cluster

    cluster = start_cluster()
    record: dict[str, Any] = {"source": str(source), "workers": workers,
                              "budget_bytes": BUDGET_BYTES,
                              "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    try:
        url = cluster.create_database("workers")
        record["copy_seconds"] = _copy(source, url)
        port = free_port()
        env = {**os.environ, "POLICYGRAPH_RATE_LIMIT_IP": "0",
               "POLICYGRAPH_VERSION_CHECK_SECONDS": "3600"}
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "--database-url", url, "serve", "--host",
             "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            pids, health, seconds = _wait_for_workers(base, process, workers, timeout)
            record["start_seconds"] = seconds
            record["counts"] = health.get("counts", {})
            record["after_start"] = _memory(process.pid, pids)
            statuses: dict[str, list[int]] = {}
            for question in (*CONTRACT_QUESTIONS, *CONNECTIONS):
                if question.token:
                    continue
                for _ in range(workers):  # each connection may reach another worker
                    answer = httpx.post(base + "/graphql", json={"query": question.query},
                                        timeout=120)
                    statuses.setdefault(question.name, []).append(answer.status_code)
            record["statuses"] = statuses
            record["after_questions"] = _memory(process.pid, pids)
        finally:
            process.terminate()
            process.wait(timeout=60)
    finally:
        cluster.stop()
    return record


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.pg_workers --from FILE --workers 4``."""
    parser = argparse.ArgumentParser(prog="python -m bench.pg_workers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", type=Path, required=True,
                        help="a SQLite database an earlier bench run loaded (migrated in "
                             "place to this version first: pass a copy to keep it)")
    parser.add_argument("--workers", type=int, default=4, choices=range(1, 17),
                        metavar="1..16")
    parser.add_argument("--scale", default="L", help="the scale named in the result file")
    parser.add_argument("--timeout", type=float, default=3600.0,
                        help="seconds every worker may take to build its snapshot")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    record = measure(source=args.source, workers=args.workers, timeout=args.timeout)
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.results / f"workers-{args.scale}-{stamp}.json"
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    gib = 1024**3
    for when in ("after_start", "after_questions"):
        memory = record[when]
        serving = [m for m in memory["workers"] if m["serves"]]
        others = [m for m in memory["workers"] if not m["serves"]]
        print(f"{when}: {len(serving)} serving workers, "
              + ", ".join(f"{m['rss_bytes'] / gib:.2f}" for m in serving)
              + f" GiB; {len(others)} other children "
              + f"{sum(m['rss_bytes'] for m in others) / gib:.2f}"
              + f" GiB; parent {memory['parent']['rss_bytes'] / gib:.2f} GiB; total "
              f"{memory['total_rss_bytes'] / gib:.2f} GiB (budget {BUDGET_BYTES / gib:.0f})")
    bad = {k: v for k, v in record["statuses"].items() if any(s != 200 for s in v)}
    print(f"copy {record['copy_seconds']:.0f} s; all workers up {record['start_seconds']:.0f} s;"
          f" non-200 answers: {bad or 'none'}; written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
