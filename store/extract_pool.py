"""Extracting a folder's documents in worker processes while one process stores them.

Extraction is pure (bytes → :class:`extract.model.Extraction`) and takes about half of an
ingest's time, so for a folder it runs in worker processes (:class:`ExtractPool`) while
the calling process stores the finished ones, one transaction each, in the order the
files were given: there is still one writer, and the results read exactly as a
one-process ingest gives them.  A worker hands over the extraction with what the writer
derives from it alone (:mod:`store.ingest_prepare`), so the one writer does less.  At
most :func:`window` documents, and :data:`READ_AHEAD_BYTES` of their bytes, are read
ahead, so a folder of any size holds only that many files' bytes and extractions in
memory.

Workers are forked where the platform can (Linux): they start at once with the
extractor's tables already read by the parent, which a new interpreter would spend most
of a small folder's time reading again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
from collections import deque
from multiprocessing.connection import Connection
from typing import Any

from extract.errors import ExtractError
from extract.model import Extraction
from store.ingest_prepare import Prepared, prepare
from store.inputs import InputError

# A long real document has a few hundred headings; ten thousand is a generated file or an
# outline dump, and would make every path-based view unreadable.
MAX_SECTIONS = 2000
#: The most extracting processes a setting may ask for.
MAX_WORKERS = 64
#: The most the automatic choice (a setting of 0) takes: one per core up to this.
AUTO_WORKERS = 8
#: How much lower the extracting processes' scheduling priority is than the writer's.
#: The one storing process is the pipeline's serial part: with as many extracting
#: processes as cores, fair sharing gave it about 3/4 of a core and it waited for its
#: turn while the extractions it needed were already done.
WORKER_NICENESS = 10

#: ``(kind, message)`` of a document that could not be extracted: ``input`` for bad
#: input (its message is the reason), ``error`` for anything else (a bug).
Failure = tuple[str, str]


def worker_count(setting: int, cores: int | None = None) -> int:
    """The extracting processes a ``setting`` asks for: itself, or for 0 one per core the
    process may use, at most :data:`AUTO_WORKERS`.

    >>> worker_count(3), worker_count(0, cores=2), worker_count(0, cores=32), worker_count(0, cores=1)
    (3, 2, 8, 1)
    """
    if setting > 0:
        return min(setting, MAX_WORKERS)
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
    return max(1, min(cores, AUTO_WORKERS))


def window(workers: int) -> int:
    """How many documents may be read ahead of the one being stored: enough to keep every
    worker busy while the writer stores, and commits (a batch's commit and search-index
    fill take as long as a dozen extractions on each worker: with fewer ahead the workers
    stood idle through it), few enough to bound memory (with :data:`READ_AHEAD_BYTES`).

    >>> window(1), window(2), window(4)
    (32, 48, 80)
    """
    return 16 * workers + 16


#: The most bytes of files read ahead of the one being stored, whatever :func:`window`
#: allows: a folder of large files holds no more than this (and their extractions) in
#: memory.  A file larger than this alone is still read, one at a time.
READ_AHEAD_BYTES = 64 * 1024 * 1024


def extract_checked(data: bytes, name: str, key: str, config: Any) -> Extraction:
    """Extract a file's bytes, refusing a document no policy document resembles.

    Raises
    ------
    InputError, ExtractError
        For input that cannot be read as a policy document (the message says why).
    """
    from extract.pipeline import extract_bytes

    extraction = extract_bytes(data, name, key=key, config=config)
    if len(extraction.sections) > MAX_SECTIONS:
        raise InputError(f"too many headings ({len(extraction.sections)}; limit {MAX_SECTIONS}):"
                         " not a policy document of this genre")
    return extraction


def _extract(data: bytes, name: str, key: str, config: Any) -> Prepared | Failure:
    """A worker's job: the extraction with what the writer derives from it alone
    (:mod:`store.ingest_prepare`), or why there is none (never raises, so one bad file is
    reported by its name and the others go on)."""
    try:
        return prepare(extract_checked(data, name, key, config))
    except (InputError, ExtractError) as exc:
        return ("input", str(exc))
    except Exception as exc:  # a bug must not stop the batch
        return ("error", f"{type(exc).__name__}: {exc}")


def _serve(jobs: Connection, results: Connection, config: Any) -> None:
    """A worker process: at a lower priority, :func:`_extract_each`."""
    with contextlib.suppress(OSError):  # a platform without niceness just shares fairly
        os.nice(WORKER_NICENESS)
    _extract_each(jobs, results, config)


def _extract_each(jobs: Connection, results: Connection, config: Any) -> None:
    """Extract each job in the order received and send each result back, until the jobs
    end (``None`` or the pipe closed) and every result is sent.

    A thread takes the jobs off the pipe as they come, so the writer's send never waits
    for this process to finish a document (it might be waiting, in turn, for the writer
    to read a result: two full pipes would stop both).  Another sends the results: a pipe
    holds about two documents' results, and while the writer stored and committed
    without reading them, a worker that sent its own stood still with its next jobs
    waiting (an eighth of a two-core machine's time, at M).  What it holds unsent is
    bounded by the jobs it was given (:func:`window`).
    """
    queued: queue.SimpleQueue[tuple[bytes, str, str] | None] = queue.SimpleQueue()
    done: queue.SimpleQueue[Prepared | Failure | None] = queue.SimpleQueue()

    def take() -> None:
        while True:
            try:
                job = jobs.recv()
            except EOFError:
                job = None
            queued.put(job)
            if job is None:
                return

    def give() -> None:
        while (result := done.get()) is not None:
            try:
                results.send(result)
            except OSError:  # the writer is gone: nothing left to send to
                return

    threading.Thread(target=take, daemon=True).start()
    sender = threading.Thread(target=give, daemon=True)
    sender.start()
    while (job := queued.get()) is not None and sender.is_alive():
        done.put(_extract(*job, config))
    done.put(None)
    sender.join()


class Pending:
    """A submitted document's extraction, read from its worker when asked for."""

    __slots__ = ("_done", "_error", "_value", "_worker")

    def __init__(self, worker: _Worker | None) -> None:
        self._worker = worker
        self._done = False
        self._value: Prepared | Failure | None = None
        self._error: BaseException | None = None

    def result(self) -> Prepared | Failure:
        """The extraction (waiting for it); raises when the worker died."""
        while not self._done and self._worker is not None:
            self._worker.receive()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value

    def _set(self, value: Prepared | Failure | None, error: BaseException | None) -> None:
        self._value, self._error, self._done = value, error, True


class _Worker:
    """One extracting process, its two pipes and the documents it has not answered yet."""

    def __init__(self, context: Any, config: Any) -> None:
        jobs_in, self._jobs = context.Pipe(duplex=False)
        self._results, results_out = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(jobs_in, results_out, config),
                                       daemon=True)
        self.process.start()
        jobs_in.close()  # the child's ends: a dead child then reads as end of file here
        results_out.close()
        self.waiting: deque[Pending] = deque()
        self.alive = True

    def submit(self, job: tuple[bytes, str, str]) -> bool:
        """Send a job; ``False`` (and marked dead) when the process is gone."""
        try:
            self._jobs.send(job)
        except OSError:
            self.alive = False
            return False
        return True

    def receive(self) -> None:
        """Read the oldest unanswered document's result (waiting for it)."""
        pending = self.waiting.popleft()
        try:
            pending._set(self._results.recv(), None)
        except (EOFError, OSError) as exc:  # killed, out of memory
            self.alive = False
            pending._set(None, RuntimeError(f"the extracting process died ({exc!r})"))

    def receive_ready(self) -> None:
        """Read the results already sent, without waiting."""
        while self.waiting and self.alive and self._results.poll():
            self.receive()

    def stop(self) -> None:
        if self.waiting:  # leaving early: the documents still queued are dropped
            self.process.terminate()
        else:
            with contextlib.suppress(OSError):
                self._jobs.send(None)
        self.process.join()
        self._jobs.close()
        self._results.close()


class ExtractPool:
    """Worker processes extracting documents with one configuration.

    Each document goes to the worker with the fewest unanswered ones, over a pipe of its
    own; results are read by the writer's own thread when it asks for them (an executor's
    helper threads, taking the interpreter lock from the writer for every message, cost the
    writer more than the unpickling itself).

    Parameters
    ----------
    workers
        How many processes (:func:`worker_count`).
    config
        The ``extract.config.ExtractConfig`` every document is read with.
    """

    def __init__(self, workers: int, config: Any) -> None:
        # imported (its tables read) here, once, so forked workers start with it
        import extract.pipeline  # noqa: F401

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self._workers.append(_Worker(context, config))
        except BaseException:
            self.close()
            raise

    def submit(self, data: bytes, name: str, key: str) -> Pending:
        """Start extracting one file's bytes; its result never raises for bad input."""
        for worker in self._workers:
            worker.receive_ready()
        # a dead worker (killed, out of memory) is left out: the others take its share
        for worker in sorted((w for w in self._workers if w.alive), key=lambda w: len(w.waiting)):
            if worker.submit((data, name, key)):
                pending = Pending(worker)
                worker.waiting.append(pending)
                return pending
        pending = Pending(None)
        pending._set(None, RuntimeError("no extracting process is left"))
        return pending

    def close(self) -> None:
        """Stop the workers (the documents still queued are dropped)."""
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
