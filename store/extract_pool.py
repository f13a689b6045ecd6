"""Extracting a folder's documents in worker processes while one process stores them.

Extraction is pure (bytes → :class:`extract.model.Extraction`) and takes about half of an
ingest's time, so for a folder it runs in a :class:`concurrent.futures.ProcessPoolExecutor`
while the calling process stores the finished ones, one transaction each, in the order
the files were given: there is still one writer, and the results read exactly as a
one-process ingest gives them.  A worker hands over the extraction with what the writer
derives from it alone (:mod:`store.ingest_prepare`), so the one writer does less.  At
most :func:`window` documents are read ahead, so a folder of any size holds only that
many files' bytes and extractions in memory.

Workers are forked where the platform can (Linux): they start at once with the
extractor's tables already read by the parent, which a new interpreter would spend most
of a small folder's time reading again.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
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
    worker busy while the writer stores, few enough to bound memory.

    >>> window(1), window(4)
    (4, 10)
    """
    return 2 * workers + 2


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


_config: Any = None  # the extractor's configuration, set once in each worker


def _start_worker(config: Any) -> None:
    global _config
    _config = config


def _extract(data: bytes, name: str, key: str) -> Prepared | Failure:
    """A worker's job: the extraction with what the writer derives from it alone
    (:mod:`store.ingest_prepare`), or why there is none (never raises, so one bad file is
    reported by its name and the others go on)."""
    try:
        return prepare(extract_checked(data, name, key, _config))
    except (InputError, ExtractError) as exc:
        return ("input", str(exc))
    except Exception as exc:  # a bug must not stop the batch
        return ("error", f"{type(exc).__name__}: {exc}")


class ExtractPool:
    """Worker processes extracting documents with one configuration.

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
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                         initializer=_start_worker, initargs=(config,))

    def submit(self, data: bytes, name: str, key: str) -> Future[Prepared | Failure]:
        """Start extracting one file's bytes; the future never raises for bad input."""
        return self._pool.submit(_extract, data, name, key)

    def close(self) -> None:
        """Stop the workers (the documents still queued are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
