"""The benchmark suite: ``python -m bench.run --scale S`` (``make bench SCALE=M``).

Generates the corpus (and refuses to go on unless every unit asked about gets more work
at each larger scale, :mod:`bench.asked`), measures ingest and graph build in their own
processes, serves the bench app with uvicorn on loopback (on SQLite, or with
``--database postgresql`` on a PostgreSQL cluster started on loopback) and loads it:
each contract query, each connection's first page and each widget (first view cold,
then under load), with the serving process's memory.  Compares the GraphQL layer with a
bare endpoint and the raw function, asks datasette-graphql the same questions, and
compares growth with the latest results of the other scales.  A run larger than S also
serves the S corpus from a second process and asks both the indexed look-ups side by
side (:mod:`bench.beside`): the growth target is judged on those.  Writes
``bench/results/<scale>-<timestamp>.json`` and prints the tables.

A contract question that errs (a non-200, a GraphQL error, a failed request) stops the
run after the contract load and makes the exit status 1; ``--allow-errors`` keeps going
(the errors are reported as "n errors of m", never as latencies or ratios).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.asked import WorkloadError, corpus_workloads
from bench.beside import BESIDE_SCALE, load_beside, lookups_served_beside
from bench.contract import CONTRACT_QUESTIONS
from bench.generate import SCALES, write_exactly
from bench.growth import growth
from bench.machine import machine, server_memory
from bench.measure import in_own_process, ingest_median, remove_sqlite, sqlite_scratch
from bench.options import layer_rounds_of, parse_options
from bench.report import contract_errors, print_report
from bench.reuse import ReuseError, reuse
from bench.servers import ROOT, free_port, policygraph_command, serving

# Requests per load run and the seconds bounding it, rounds of interleaved comparisons,
# in-process repeats: slow endpoints get fewer requests so S stays within five minutes.
# The layer questions answer in milliseconds at every scale: their runs are longer, so
# their medians (and the server's CPU per request, counted in 10 ms ticks) hold still.
# The layer comparison takes 7 rounds: near its 1.5 line one run's ratio moved by 0.5 over 3.
# Ingest runs, each into an empty database: their median is the figure (at L one).
LOAD: dict[str, dict[str, float]] = {
    "S": {"requests": 100, "layer_requests": 400, "rounds": 3, "layer_rounds": 7, "repeats": 20,
          "max_seconds": 3, "ready_seconds": 300, "ingest_runs": 3},
    "M": {"requests": 40, "layer_requests": 400, "rounds": 3, "layer_rounds": 7, "repeats": 3,
          "max_seconds": 10, "ready_seconds": 300, "ingest_runs": 3},
    # the server builds its snapshot before it listens: about 6 minutes at L on 2 cores
    "L": {"requests": 40, "layer_requests": 400, "rounds": 3, "layer_rounds": 7, "repeats": 2,
          "max_seconds": 30, "ready_seconds": 1200, "ingest_runs": 1},
}


def _viewer_token(db: str) -> str:
    """A viewer token in the bench database, for the audit trail's connection."""
    from sqlmodel import Session

    from store.db import make_engine
    from store.tokens import create_token

    engine = make_engine(db)
    try:
        with Session(engine) as session:
            _, clear = create_token(session=session, unit_id=None, role="viewer")
            session.commit()
    finally:
        engine.dispose()
    return clear


def run(*, scale: str, count: int, seed: int, results: Path, corpus: Path,
        requests: int, rounds: int, repeats: int, concurrency: int, max_seconds: float,
        with_datasette: bool, profile: bool, build_only: bool = False,
        database: str = "sqlite", allow_errors: bool = False,
        response_cache: bool = False, reuse_database: Path | None = None,
        layer_requests: int | None = None, layer_rounds: int | None = None,
        beside: tuple[str, int] | None = None, ingest_runs: int = 1) -> dict[str, Any]:
    """Run every measurement; return the record written to ``results``.

    ``database`` is ``sqlite`` (a file in the work folder) or ``postgresql`` (a cluster
    started on loopback for the run, :mod:`bench.pg_cluster`).  Unless ``allow_errors``,
    the run stops after the contract load when a contract question erred.  The server's
    response cache is off unless ``response_cache``: the load repeats its questions.
    ``reuse_database``: a SQLite file an earlier run loaded from the same corpus, served
    instead of ingesting again (:mod:`bench.reuse`).  ``layer_requests``, ``layer_rounds``:
    the layer comparison's requests per run and rounds (default ``requests``, ``rounds``).
    ``beside``: a (scale name, documents) corpus loaded into a database of its own, on the
    same kind of store, served beside this run's for the side-by-side look-ups.
    ``ingest_runs``: the corpus is ingested that many times, each into an empty database
    of the same kind (the last is served); the figure is their median.
    """
    if database == "postgresql":
        from bench.pg_cluster import start_cluster

        cluster = start_cluster()
        try:
            return _run(scale=scale, count=count, seed=seed, results=results, corpus=corpus,
                        requests=requests, rounds=rounds, repeats=repeats,
                        concurrency=concurrency, max_seconds=max_seconds,
                        with_datasette=with_datasette, profile=profile,
                        build_only=build_only, allow_errors=allow_errors,
                        response_cache=response_cache, db=cluster.create_database("bench"),
                        reuse_database=None, layer_requests=layer_requests or requests,
                        layer_rounds=layer_rounds or rounds, beside=beside,
                        beside_db=(cluster.create_database("beside")
                                   if beside and not build_only else None),
                        scratch_dbs=[cluster.create_database("ingest")
                                     for _ in range(ingest_runs - 1)])
        finally:
            cluster.stop()
    return _run(scale=scale, count=count, seed=seed, results=results, corpus=corpus,
                requests=requests, rounds=rounds, repeats=repeats, concurrency=concurrency,
                max_seconds=max_seconds, with_datasette=with_datasette, profile=profile,
                build_only=build_only, allow_errors=allow_errors,
                response_cache=response_cache, db=None, reuse_database=reuse_database,
                layer_requests=layer_requests or requests, layer_rounds=layer_rounds or rounds,
                beside=beside, beside_db=None,
                scratch_dbs=[sqlite_scratch(results / "work" / scale, number)
                             for number in range(1, ingest_runs)])


def _run(*, scale: str, count: int, seed: int, results: Path, corpus: Path,
         requests: int, rounds: int, repeats: int, concurrency: int, max_seconds: float,
         with_datasette: bool, profile: bool, build_only: bool, allow_errors: bool,
         response_cache: bool, db: str | None,
         reuse_database: Path | None, layer_requests: int, layer_rounds: int,
         beside: tuple[str, int] | None, beside_db: str | None,
         scratch_dbs: list[str]) -> dict[str, Any]:
    from sqlmodel import Session

    from bench.export import export_sqlite
    from bench.layers import measure_layers
    from bench.loadtests import cold_widgets, contract_load, datasette_load, layer_load
    from graph.build import build_graph
    from store.db import make_engine

    started = time.perf_counter()
    work = results / "work" / scale
    work.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {"scale": scale, "documents": count, "seed": seed,
                              "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              "machine": machine(),
                              "load": {"requests": requests,
                                       "layer_requests": layer_requests, "rounds": rounds,
                                       "layer_rounds": layer_rounds, "concurrency": concurrency,
                                       "repeats": repeats, "max_seconds": max_seconds},
                              "database": "postgresql" if db else "sqlite",
                              "response_cache": response_cache, "notes": []}
    write_exactly(out=corpus, seed=seed, count=count)
    record["asked_units"] = corpus_workloads(corpus, seed=seed, count=count)
    if db is None:
        for old in work.glob("policygraph.db*"):
            old.unlink()
        db = f"sqlite:///{work / 'policygraph.db'}"
    if reuse_database is not None:
        record["ingest"] = reuse(reuse_database, work / "policygraph.db", db=db, expected=count)
        record["notes"].append(f"database reused from {reuse_database}: ingest not measured")
    else:
        record["ingest"] = ingest_median([*scratch_dbs, db], corpus)
        for scratch in scratch_dbs:  # their figures are kept; their files are not
            remove_sqlite(scratch)
    record["graph"] = in_own_process("graph", db)
    if build_only:  # ingest and graph figures alone (M and L when queries are too slow)
        record["notes"].append("--build-only: no export, layer or load measurements")
        return _finish(record, results, started)

    if beside is not None:  # loaded now, while nothing else runs
        beside_db = load_beside(beside, beside_db, seed=seed, work=work,
                                corpus=corpus.parent / f"beside-{beside[0]}")
        record["notes"].append(f"look-ups measured side by side with {beside[0]} "
                               f"({beside[1]} documents) served from a second process")
    engine = make_engine(db)
    with Session(engine) as session:
        graph = build_graph(session)
    export = work / "export.db"
    record["export"] = export_sqlite(graph, export)
    del graph
    record["layers_in_process"] = measure_layers(engine, repeats=repeats)
    if profile:
        from bench.profiling import profile_ingest, profile_query

        record["profiles"] = {
            "overdue query": profile_query(engine, next(
                q.query for q in CONTRACT_QUESTIONS if q.name == "overdueUnit")),
            "ingest 10 documents": profile_ingest(sorted(corpus.glob("syn_*.txt"))[:10]),
        }

    port = free_port()
    # The load comes from one client IP: the per-IP rate limit would turn most
    # requests into 429s.  The load repeats a few questions, so the response cache would
    # answer nearly all of them from memory and the comparison with the bare endpoint
    # would measure the cache: off unless asked for.  Everything else (time budget,
    # access log) stays as deployed.
    env = {"DATABASE_URL": db, "POLICYGRAPH_VERSION_CHECK_SECONDS": "3600",
           "POLICYGRAPH_RATE_LIMIT_IP": "0", "POLICYGRAPH_RATE_LIMIT_TOKEN": "0",
           "POLICYGRAPH_RESPONSE_CACHE_ENTRIES": "1024" if response_cache else "0"}
    token = _viewer_token(db)
    tasks = int(record["graph"]["tasks"])
    with serving(policygraph_command(sys.executable, port), port=port, ready_path="/healthz",
                 env=env, log=work / "server.log",
                 timeout=LOAD[scale]["ready_seconds"]) as served:
        url = served.url
        record["server_ready_seconds"] = served.ready_seconds
        record["server_memory"] = {"after_start": server_memory(served, tasks)}
        load: dict[str, Any] = {"requests": requests, "concurrency": concurrency,
                                "max_seconds": max_seconds}
        record["widgets_cold"] = cold_widgets(url)
        record["contract"] = contract_load(url, token=token, **load)
        record["server_memory"]["after_contract_load"] = server_memory(served, tasks)
        if contract_errors(record) and not allow_errors:
            record["notes"].append("stopped after the contract load: a contract question "
                                   "erred (--allow-errors keeps going)")
            engine.dispose()
            return _finish(record, results, started)
        record["layers_http"] = layer_load(url, rounds=layer_rounds, cpu=served.cpu_seconds,
                                           **{**load, "requests": layer_requests})
        record["datasette"] = []
        if with_datasette:
            from bench.datasette import datasette_command, ensure_venv

            executable, note = ensure_venv()
            record["notes"].append(note)
            if executable is not None:
                their_port = free_port()
                with serving(datasette_command(executable, export, their_port),
                             port=their_port, ready_path="/-/versions.json",
                             log=work / "datasette.log") as theirs:
                    record["datasette"] = datasette_load(url, theirs.url, rounds=rounds,
                                                         **load)
        else:
            record["notes"].append("datasette comparison skipped (--no-datasette)")
        if beside is not None and beside_db is not None:
            record["lookups_beside"] = lookups_served_beside(
                url, beside, beside_db, env=env, log=work / f"beside-{beside[0]}.log",
                ready_seconds=LOAD[scale]["ready_seconds"],
                load={**load, "requests": layer_requests, "rounds": rounds})
        record["server_memory"]["after_load"] = server_memory(served, tasks)
    engine.dispose()
    return _finish(record, results, started)


def _finish(record: dict[str, Any], results: Path, started: float) -> dict[str, Any]:
    """Add the growth comparison and the duration; write the JSON file."""
    record["growth"] = growth(record, results)
    record["seconds"] = time.perf_counter() - started
    results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = results / f"{record['scale']}-{stamp}.json"
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    record["file"] = str(out)
    return record


def exit_status(record: dict[str, Any], *, allow_errors: bool) -> int:
    """1 when a contract question, connection or widget erred and errors are not allowed."""
    return 1 if contract_errors(record) and not allow_errors else 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.run --scale S`` (:mod:`bench.options`)."""
    args = parse_options(argv, description=__doc__)
    load = LOAD[args.scale]
    count = args.count or SCALES[args.scale]
    beside = (None if args.no_beside or args.build_only or count <= SCALES[BESIDE_SCALE]
              else (BESIDE_SCALE, SCALES[BESIDE_SCALE]))
    try:
        record = run(scale=args.scale, count=count, seed=args.seed,
                     results=args.results,
                     corpus=args.corpus or ROOT / "bench" / "corpus" / args.scale,
                     requests=int(args.requests or load["requests"]),
                     layer_requests=int(args.layer_requests or args.requests
                                        or load["layer_requests"]),
                     rounds=int(args.rounds or load["rounds"]),
                     layer_rounds=layer_rounds_of(args, int(load["layer_rounds"])),
                     repeats=int(args.repeats or load["repeats"]),
                     max_seconds=args.max_seconds or load["max_seconds"],
                     concurrency=args.concurrency, with_datasette=not args.no_datasette,
                     profile=not args.no_profile, build_only=args.build_only,
                     database=args.database, allow_errors=args.allow_errors,
                     response_cache=args.response_cache,
                     reuse_database=args.reuse_database, beside=beside,
                     ingest_runs=int(args.ingest_runs or load["ingest_runs"]))
    except WorkloadError as error:  # fail loudly, before any figure is measured
        print(f"the asked units' work does not grow with the scale: {error}", file=sys.stderr)
        return 2
    except ReuseError as error:
        print(f"--reuse-database: {error}", file=sys.stderr)
        return 2
    print_report(record)
    status = exit_status(record, allow_errors=args.allow_errors)
    if status:
        print(f"contract questions erred: {'; '.join(contract_errors(record))}",
              file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
