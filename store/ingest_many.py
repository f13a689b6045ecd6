"""Ingesting many files: extracted by worker processes, stored here one after another.

Each file is stored in the order given, with the result :func:`store.ingest.ingest_file`
would give, in a transaction that holds a batch of files
(:class:`store.ingest_batch.Batch`: one failing file loses no other, results are
reported once committed); the extraction of the next files runs meanwhile in
:class:`store.extract_pool.ExtractPool`.  A file is read (and checked for being stored
already) before it is handed to a worker, and at most :func:`store.extract_pool.window`
files, and :data:`store.extract_pool.READ_AHEAD_BYTES` of their bytes, are read ahead.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from store.extract_pool import (
    READ_AHEAD_BYTES,
    ExtractPool,
    Pending,
    extract_checked,
    window,
    worker_count,
)
from store.ingest import IngestResult, default_config, failed_result
from store.ingest_batch import Batch
from store.ingest_warnings import one_line
from store.inputs import read_document, sha256_hex

#: A file read ahead: its path, digest, extraction (or result already known) and size.
Ahead = tuple[Path, str, "Pending | IngestResult", int]


def ingest_paths(
    *,
    engine: Engine,
    paths: Iterable[Path],
    progress: Callable[[IngestResult], None] | None = None,
    config: Any = None,
    force: bool = False,
    workers: int = 0,
) -> list[IngestResult]:
    """Ingest many files, a batch per transaction; report per file, in the order given.

    Parameters
    ----------
    engine
        A migrated database.
    paths
        Files to ingest, in order.
    progress
        Called with each file's result once it is committed, in the order of ``paths``.
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

    def report(done: list[IngestResult]) -> None:
        for result in done:
            results.append(result)
            if progress is not None:
                progress(result)

    batch = Batch(engine)
    # The objects already alive (the extractor's tables, SQLAlchemy's and the app's
    # modules) are set aside from the cyclic garbage collector while the folder is
    # stored: its full collections otherwise walked them all again and again, a few
    # milliseconds of the writer's time per document.  Forked workers inherit this.
    gc.freeze()
    try:
        if count <= 1 or len(files) <= 1:
            for path in files:
                report(_one(batch=batch, path=path, config=config, force=force))
        else:
            with ExtractPool(count, config) as pool:
                ahead: deque[Ahead] = deque()
                ahead_bytes = 0
                stored: set[str] = set()  # digests this ingest has stored
                for path in files:
                    ahead.append(_begin(batch=batch, pool=pool, path=path, force=force))
                    ahead_bytes += ahead[-1][3]
                    while ahead and (len(ahead) > window(count)
                                     or ahead_bytes > READ_AHEAD_BYTES
                                     or not isinstance(ahead[0][2], Pending)):
                        ahead_bytes -= ahead[0][3]
                        report(_finish(batch=batch, item=ahead.popleft(), force=force,
                                       stored=stored))
                while ahead:
                    report(_finish(batch=batch, item=ahead.popleft(), force=force,
                                   stored=stored))
        report(batch.flush())
    finally:
        batch.close()
        gc.unfreeze()
    return results


def _read(*, batch: Batch, path: Path, force: bool) -> tuple[bytes, str, IngestResult | None]:
    """A file's bytes and digest, and its ``unchanged`` result when the same bytes are
    stored (this batch included; never when ``force``)."""
    data = read_document(path)
    digest = sha256_hex(data)
    unchanged = None if force else batch.unchanged(path=path, key=path.stem, digest=digest)
    return data, digest, unchanged


def _one(*, batch: Batch, path: Path, config: Any, force: bool) -> list[IngestResult]:
    """Read, extract and store one file in this process."""
    key = path.stem
    try:
        data, digest, unchanged = _read(batch=batch, path=path, force=force)
        if unchanged is not None:
            return batch.done(unchanged)
        extraction = extract_checked(data, path.name, key, config)
    except Exception as exc:
        return batch.done(failed_result(path, key, exc))
    return batch.store(path=path, key=key, digest=digest, extraction=extraction)


def _begin(*, batch: Batch, pool: ExtractPool, path: Path, force: bool) -> Ahead:
    """Read a file and hand it to a worker, unless it is unreadable or stored already."""
    key = path.stem
    try:
        data, digest, unchanged = _read(batch=batch, path=path, force=force)
        if unchanged is not None:
            return path, digest, unchanged, 0
    except Exception as exc:
        return path, "", failed_result(path, key, exc), 0
    return path, digest, pool.submit(data, path.name, key), len(data)


def _finish(*, batch: Batch, item: Ahead, force: bool,
            stored: set[str]) -> list[IngestResult]:
    """Store a worker's extraction (waiting for it), or queue why there is none."""
    path, digest, pending, _size = item
    if isinstance(pending, IngestResult):
        return batch.done(pending)
    key = path.stem
    try:
        outcome = pending.result()
    except Exception as exc:  # the worker died (killed, out of memory)
        return batch.done(failed_result(path, key, exc))
    if isinstance(outcome, tuple):
        _, message = outcome
        return batch.done(IngestResult(path, key, "failed", message=one_line(message)))
    if digest in stored and not force:
        # the same bytes earlier in this folder, stored after this file was read ahead
        unchanged = batch.unchanged(path=path, key=key, digest=digest)
        if unchanged is not None:
            return batch.done(unchanged)
    stored.add(digest)  # a failure is not stored: the check above then finds nothing
    return batch.store(path=path, key=key, digest=digest, extraction=outcome.extraction,
                       prepared=outcome)
