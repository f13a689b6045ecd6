"""What a serving process's snapshot retains, and how fast its hot paths answer.

Run in a fresh process per measurement (``ru_maxrss`` and ``tracemalloc`` are about
that one job); the JSON result goes to stdout, the breakdown (``--breakdown``) to
stderr::

    python -m bench.generate --scale S --count 500 --out /tmp/c500 --quiet
    python -m bench.measure ingest --db sqlite:////tmp/c500.db --corpus /tmp/c500
    python -m bench.memory --db sqlite:////tmp/c500.db --breakdown

One process builds the graph and its agenda index under :mod:`tracemalloc` (retained
bytes of each, grouped by file and line and, walking what the snapshot references, by
object type); another, never traced, times the build and reads its resident set after
it, then times a page of 100 obligations (the first and one from the middle of the
list), the busiest unit's page, a count of every instance and judging every instance
(best of several rounds).  Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from typing import Any

from sqlmodel import Session

PAGE = 100
"""Obligations in the timed page."""
AS_OF = dt.date(2020, 6, 30)
"""The day the hot paths are asked about (inside the generated corpus's years)."""


def resident_mb() -> float:
    """This process's resident set now (``VmRSS``), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return 0.0


def by_type(roots: list[object], seen: set[int]) -> collections.Counter[str]:
    """Bytes (``sys.getsizeof``) of every object reachable from ``roots`` not in
    ``seen``, by type name; classes, modules and functions are not followed."""
    sizes: collections.Counter[str] = collections.Counter()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type) or (callable(obj) and not isinstance(obj, dict)):
            continue
        seen.add(id(obj))
        sizes[type(obj).__name__] += sys.getsizeof(obj)
        stack.extend(gc.get_referents(obj))
        if isinstance(obj, dict):  # the collector does not visit a dict's str keys
            stack.extend(obj.keys())
    return sizes


def _lines(stats: list[Any], top: int) -> list[str]:
    out = []
    for stat in stats[:top]:
        frame = stat.traceback[0]
        size = getattr(stat, "size_diff", stat.size)
        out.append(f"{size / 1e6:8.2f} MB  {'/'.join(frame.filename.split('/')[-2:])}:{frame.lineno}")
    return out


def sizes(db: str, *, breakdown: bool) -> dict[str, Any]:
    """What a built graph and its agenda index retain (traced build)."""
    from graph.agenda_index import agenda_index, warm
    from graph.build import build_graph
    from store.db import make_engine

    engine = make_engine(db)
    tracemalloc.start()
    with Session(engine) as session:
        graph = build_graph(session)
    gc.collect()
    after_graph = tracemalloc.get_traced_memory()[0]
    built = set(graph.graph)  # what graph.graph holds before the index and its caches
    graph_snapshot = tracemalloc.take_snapshot() if breakdown else None
    warm(graph)
    gc.collect()
    after_index = tracemalloc.get_traced_memory()[0]
    index_snapshot = tracemalloc.take_snapshot() if breakdown else None
    tracemalloc.stop()
    tasks = sum(1 for _, kind in graph.nodes(data="kind") if kind == "Task")
    instances = len(agenda_index(graph).expanded)
    if breakdown and graph_snapshot is not None and index_snapshot is not None:
        print("-- graph, by line", *_lines(graph_snapshot.statistics("lineno"), 15),
              "-- index, by line", *_lines(index_snapshot.compare_to(graph_snapshot, "lineno"), 12),
              sep="\n", file=sys.stderr)
        seen: set[int] = set()
        kept = [graph._node, graph._succ, graph._pred, *(graph.graph[k] for k in built)]
        for name, roots in (("graph", kept), ("index", [graph.graph["agenda_index"]])):
            print(f"-- {name}, by type", file=sys.stderr)
            for kind, size in by_type(roots, seen).most_common(10):
                print(f"{size / 1e6:8.2f} MB  {kind}", file=sys.stderr)
    graph_bytes, index_bytes = after_graph, after_index - after_graph
    return {"tasks": tasks, "instances": instances,
            "graph_mb": graph_bytes / 1e6, "index_mb": index_bytes / 1e6,
            "graph_kb_per_task": graph_bytes / tasks / 1e3 if tasks else 0.0,
            "index_kb_per_task": index_bytes / tasks / 1e3 if tasks else 0.0,
            "gb_per_100k_tasks": after_index / tasks * 100_000 / 1e9 if tasks else 0.0}


def speed(db: str, *, breakdown: bool = False) -> dict[str, Any]:
    """Build time, the process's resident set after it, and the hot paths (untraced).

    The build is followed by what a serving process does before publishing a snapshot
    (:mod:`graph.state`): the agenda index and the warm-up's derived data, a full
    collection and ``malloc_trim``; the resident set is read after that, beside the
    allocators' free memory (:mod:`bench.heap`) and, with ``breakdown``, the snapshot's
    objects by owner (on stderr)."""
    from bench.heap import c_heap, owners, small_blocks
    from graph.agenda import assess
    from graph.agenda_index import agenda_index, warm
    from graph.build import build_graph
    from graph.counts import count
    from graph.pages import Wanted, page
    from graph.state import return_free_heap
    from graph.unit_index import unit_index
    from graph.warmup import warm_derived
    from store.db import make_engine

    engine = make_engine(db)
    gc.collect()
    return_free_heap()
    baseline = resident_mb()  # the interpreter, the libraries and the engine
    started = time.perf_counter()
    with Session(engine) as session:
        graph = build_graph(session)
    warm(graph)
    warm_derived(graph)
    build_seconds = time.perf_counter() - started
    gc.collect()
    return_free_heap()
    rss = resident_mb()
    heap, blocks = c_heap(), small_blocks()
    if breakdown:
        print("-- snapshot by owner (MB)",
              *(f"{mb:8.2f}  {owner}" for owner, mb in list(owners(graph).items())[:24]),
              "-- C heap (MB)", json.dumps(heap), "-- small blocks", json.dumps(blocks),
              sep="\n", file=sys.stderr)
    tasks = sum(1 for _, kind in graph.nodes(data="kind") if kind == "Task")

    def best(job: Any, rounds: int) -> float:
        times = []
        for _ in range(rounds):
            began = time.perf_counter()
            job()
            times.append(time.perf_counter() - began)
        return min(times) * 1000

    instances = len(agenda_index(graph).expanded)
    page_ms = best(lambda: page(graph, Wanted(as_of=AS_OF), offset=0, limit=PAGE), 50)
    deep_ms = best(lambda: page(graph, Wanted(as_of=AS_OF), offset=instances // 2, limit=PAGE), 20)
    judge_ms = best(lambda: assess(graph, as_of=AS_OF), 10)
    # a unit's look-up: its card's list position, task count and page of obligations
    units = unit_index(graph)
    busiest = max(units.ordered, key=lambda d: units.task_counts[int(d["db_id"])])
    node = f"unit:{busiest['db_id']}"

    def look_up() -> None:
        unit_index(graph).of_jurisdiction(busiest.get("jurisdiction_id"))
        page(graph, Wanted(as_of=AS_OF, units=(node,)), offset=0, limit=PAGE)

    unit_ms = best(look_up, 50)
    count_ms = best(lambda: count(graph, Wanted(as_of=AS_OF)), 20)
    # malloc_trim gives back the whole free pages inside glibc's heap too (they stay in
    # its free_mb): what the process keeps is Python's free blocks and empty pools
    free = blocks["free_blocks_mb"] + blocks["free_pools_mb"]
    return {"rss_after_build_mb": rss, "rss_mb_per_100k_tasks": rss / tasks * 100_000,
            "rss_before_build_mb": baseline, "small_blocks_free_mb": free,
            "small_blocks_live_mb": blocks["live_mb"], "c_heap_free_mb": (heap or {}).get("free_mb"),
            "build_seconds": build_seconds,
            "page_of_100_ms": page_ms, "deep_page_of_100_ms": deep_ms,
            "unit_page_of_100_ms": unit_ms, "count_ms": count_ms,
            "judge_every_instance_ms": judge_ms}


def main(argv: list[str] | None = None) -> int:
    """Command line; prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--db", required=True)
    parser.add_argument("--breakdown", action="store_true",
                        help="retained bytes by file/line and by object type, on stderr")
    parser.add_argument("--only", choices=["sizes", "speed"],
                        help="one half in this process (default: each in a fresh one)")
    args = parser.parse_args(argv)
    if args.only == "sizes":
        result = sizes(args.db, breakdown=args.breakdown)
    elif args.only == "speed":
        result = speed(args.db, breakdown=args.breakdown)
    else:  # tracing fragments the heap: the resident set is read in a process never traced
        result = {}
        for half in ("sizes", "speed"):
            command = [sys.executable, "-m", "bench.memory", "--db", args.db, "--only", half]
            command += ["--breakdown"] if args.breakdown else []
            done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
            result.update(json.loads(done.stdout))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
