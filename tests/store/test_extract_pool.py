"""The extracting processes: results in order, bad input reported, a dead worker's share
taken by the others.

Expected values come from extracting the same bytes in this process, never from the pool
alone.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from typing import Any

import pytest

import store.extract_pool as extract_pool
from bench.generate import generate_documents
from extract.config import ExtractConfig
from store.extract_pool import ExtractPool, _extract, _extract_each
from store.ingest_prepare import Prepared


def _documents(count: int) -> list[tuple[bytes, str, str]]:
    return [(data, name, name.rsplit(".", 1)[0])
            for name, data, _ in generate_documents(seed=5, count=count)]


def test_each_result_is_the_extraction_of_its_own_document_in_this_process() -> None:
    config = ExtractConfig()
    documents = _documents(5)
    with ExtractPool(2, config) as pool:
        pending = [pool.submit(*document) for document in documents]
        pending.insert(2, pool.submit(b"", "empty.txt", "empty"))
        results = [p.result() for p in pending]
    expected = [_extract(*document, config) for document in documents]
    expected.insert(2, _extract(b"", "empty.txt", "empty", config))
    assert results == expected
    assert isinstance(results[2], tuple) and results[2][0] == "input"  # reported, not raised
    assert all(isinstance(r, Prepared) for i, r in enumerate(results) if i != 2)


def test_a_killed_worker_is_left_out_and_the_others_extract_the_rest() -> None:
    config = ExtractConfig()
    documents = _documents(4)
    with ExtractPool(2, config) as pool:
        victim = pool._workers[0].process
        assert victim.pid is not None
        os.kill(victim.pid, signal.SIGKILL)
        victim.join()
        results = [pool.submit(*document).result() for document in documents]
    assert results == [_extract(*document, config) for document in documents]


def test_with_every_worker_dead_each_document_fails_and_nothing_waits() -> None:
    config = ExtractConfig()
    (document,) = _documents(1)
    with ExtractPool(1, config) as pool:
        victim = pool._workers[0].process
        assert victim.pid is not None
        os.kill(victim.pid, signal.SIGKILL)
        victim.join()
        pending = pool.submit(*document)
    try:
        pending.result()
    except RuntimeError as exc:
        assert "process" in str(exc)
    else:
        raise AssertionError("a document no process extracted has no result")


def test_workers_run_at_a_lower_priority_than_the_storing_process() -> None:
    config = ExtractConfig()
    documents = _documents(2)
    with ExtractPool(2, config) as pool:
        for pending in [pool.submit(*document) for document in documents]:
            pending.result()  # one document each: both workers have started serving
        pids = [worker.process.pid for worker in pool._workers]
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        theirs = [os.getpriority(os.PRIO_PROCESS, pid) for pid in pids if pid is not None]
    assert len(theirs) == 2
    assert all(nice > mine for nice in theirs)


def test_a_worker_goes_on_extracting_while_its_results_wait_to_be_read(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Each result is larger than a pipe holds: a worker sending its own results stops at
    # the first until the writer reads, so all five are extracted before any is read
    # only if the sending waits apart from the extracting.
    extracted: list[str] = []

    def large(data: bytes, name: str, key: str, config: Any) -> tuple[str, str]:
        extracted.append(key)
        return ("input", key * 200_000)

    monkeypatch.setattr(extract_pool, "_extract", large)
    jobs_out, jobs_in = multiprocessing.Pipe(duplex=False)
    results_out, results_in = multiprocessing.Pipe(duplex=False)
    worker = threading.Thread(target=_extract_each, args=(jobs_out, results_in, None),
                              daemon=True)
    worker.start()
    keys = [f"k{i}" for i in range(5)]
    for key in keys:
        jobs_in.send((b"", f"{key}.txt", key))
    jobs_in.send(None)
    deadline = time.monotonic() + 30
    while len(extracted) < len(keys) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert extracted == keys  # none read yet
    assert [results_out.recv() for _ in keys] == [("input", key * 200_000) for key in keys]
    worker.join(timeout=30)
    assert not worker.is_alive()  # every result sent, the jobs' end reached
