"""Ingesting many files: extracted by worker processes, stored here one after another.

Each file is still its own transaction, stored in the order given, with the result
:func:`store.ingest.ingest_file` would give; the extraction of the next files runs
meanwhile in :class:`store.extract_pool.ExtractPool`.  A file is read (and checked for
being stored already) before it is handed to a worker, and at most
:func:`store.extract_pool.window` files are read ahead.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from extract.model import Extraction
from store.extract_pool import ExtractPool, Failure, window, worker_count
from store.ingest import (
    IngestResult,
    default_config,
    failed_result,
    ingest_file,
    read_unless_stored,
    store_extraction,
    unchanged_result,
)
from store.ingest_warnings import one_line

Pending = tuple[Path, str, "Future[Extraction | Failure] | IngestResult"]


def ingest_paths(
    *,
    engine: Engine,
    paths: Iterable[Path],
    progress: Callable[[IngestResult], None] | None = None,
    config: Any = None,
    force: bool = False,
    workers: int = 0,
) -> list[IngestResult]:
    """Ingest many files, each in its own transaction; report per file, in the order given.

    Parameters
    ----------
    engine
        A migrated database.
    paths
        Files to ingest, in order.
    progress
        Called with each file's result as soon as it is known, in the order of ``paths``.
    config
        Passed to the extractor.
    force
        Re-extract and rewrite files whose bytes are stored already.
    workers
        Processes that extract while this one stores (:mod:`store.extract_pool`): 0 one
        per core (at most 8), 1 none (this process extracts too).  A single file is
        always read here.
    """
    config = config if config is not None else default_config()  # read once, not per file
    files = [Path(p) for p in paths]
    count = worker_count(workers)
    results: list[IngestResult] = []
    if count <= 1 or len(files) <= 1:
        for path in files:
            results.append(ingest_file(engine=engine, path=path, config=config, force=force))
            if progress is not None:
                progress(results[-1])
        return results
    with ExtractPool(count, config) as pool:
        ahead: deque[Pending] = deque()
        stored: set[str] = set()  # digests this batch has stored
        for path in files:
            ahead.append(_begin(engine=engine, pool=pool, path=path, force=force))
            while ahead and (len(ahead) > window(count)
                             or not isinstance(ahead[0][2], Future)):
                results.append(_finish(engine=engine, item=ahead.popleft(), force=force,
                                       stored=stored))
                if progress is not None:
                    progress(results[-1])
        while ahead:
            results.append(_finish(engine=engine, item=ahead.popleft(), force=force,
                                   stored=stored))
            if progress is not None:
                progress(results[-1])
    return results


def _begin(*, engine: Engine, pool: ExtractPool, path: Path, force: bool) -> Pending:
    """Read a file and hand it to a worker, unless it is unreadable or stored already."""
    key = path.stem
    try:
        data, digest, unchanged = read_unless_stored(engine=engine, path=path, force=force)
        if unchanged is not None:
            return path, digest, unchanged
    except Exception as exc:
        return path, "", failed_result(path, key, exc)
    return path, digest, pool.submit(data, path.name, key)


def _finish(*, engine: Engine, item: Pending, force: bool, stored: set[str]) -> IngestResult:
    """Store a worker's extraction (waiting for it), or report why there is none."""
    path, digest, pending = item
    if isinstance(pending, IngestResult):
        return pending
    key = path.stem
    try:
        outcome = pending.result()
    except Exception as exc:  # the worker died (killed, out of memory)
        return failed_result(path, key, exc)
    if isinstance(outcome, tuple):
        _, message = outcome
        return IngestResult(path, key, "failed", message=one_line(message))
    if digest in stored and not force:
        # the same bytes earlier in this folder, stored after this file was read ahead
        unchanged = unchanged_result(engine=engine, path=path, key=key, digest=digest)
        if unchanged is not None:
            return unchanged
    result = store_extraction(engine=engine, path=path, key=key, digest=digest, extraction=outcome)
    if result.ok:
        stored.add(digest)
    return result
