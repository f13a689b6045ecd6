"""The live graph of a server process, rebuilt when the store's data version moves.

Several processes may serve one PostgreSQL database, so the truth is the
:class:`store.tables.DataVersion` row, bumped by every ingest in the same transaction.
Each process keeps a :class:`GraphHolder`; before answering it asks for
:meth:`GraphHolder.current`, which checks the version (one primary-key ``SELECT``, at
most every ``check_interval`` seconds) and, if it moved, builds a new graph off to the
side and swaps the reference.  A reader holds a :class:`Snapshot` for its whole request
and never sees a half-built graph.

Two things happen at build time so that no request pays for them: the agenda index
(every obligation instance in due order, per unit and per task) is built, and, for a
large graph, the heap is frozen (:func:`gc.freeze`): the cyclic garbage collector
otherwise walks every object of the snapshot on each full collection, which measured
300–500 ms at scale M and several seconds at L, landing on whichever request happened
to allocate at the time.  Then the C heap's free pages go back to the system
(:func:`return_free_heap`): strings longer than 512 bytes (task texts, quotes) live
there, not in Python's arenas, and the rows a build read and the snapshot it replaced
leave free pages the process would otherwise keep (8.5 MB at scale M).

The first snapshot, built before the process serves anything, is built with the cyclic
collector paused (:func:`collector_paused`): the build makes millions of objects and
almost no garbage, and each full collection the collector set off on the way walked
every object made so far (a fifth of the build at scale M).  The collection of
:meth:`GraphHolder._settle` follows it.  With the collector paused, nothing empties the
interpreter's free lists either (up to 2,000 freed tuples of each length, and lists,
dicts and floats, kept for reuse): the build and the agenda index leave them full, and
emptied only at the end their blocks stay free among the snapshot's for good (about
5 MB at scale M).  So a large first snapshot's free lists are emptied
(:func:`empty_free_lists`) after the build and after the agenda index, and the next
step's objects fill those blocks.  A rebuild leaves the collector alone: other
requests are answered meanwhile, and their cycles must not wait for it.
"""

from __future__ import annotations

import ctypes
import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import networkx as nx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.agenda_index import warm
from graph.build import build_graph
from graph.warmup import warm_derived
from settings import GraphSettings
from store.crud.documents import data_version
from store.db import consistent_read


@dataclass(frozen=True)
class Snapshot:
    """A built graph and the data version it was built from.

    Neither is ever replaced in place (a new data version makes a new snapshot) and the
    graph is frozen (:func:`graph.build.build_graph`); only its ``graph.graph`` caches
    fill on first use.
    """

    graph: nx.MultiDiGraph
    version: int
    built_at: float


def return_free_heap() -> bool:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``);
    ``False`` where the C library has no such call (it is then left alone).

    >>> return_free_heap() in (True, False)
    True
    """
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is None:
        return False
    trim(0)
    return True


def empty_free_lists() -> None:
    """Hand the interpreter's free lists (freed tuples, lists, dicts and floats it keeps
    for reuse) back to its allocator, so objects of any type can use their blocks: a
    full collection is the only call that empties them."""
    gc.collect()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, on again after it if it was.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_version(session: Session) -> int:
    """The store's data version (0 when nothing was ever ingested)."""
    return data_version(session=session)


class GraphHolder:
    """Holds the current :class:`Snapshot`; swaps it atomically after a rebuild.

    Parameters
    ----------
    engine
        Where the facts live.
    check_interval
        Seconds between two version checks (0 checks on every request).
    freeze_from_nodes
        Freeze the heap after building a graph of at least this many nodes (see the
        module docstring); small graphs are not worth a full collection per build.
    rules
        The time rules every graph is built with (:func:`graph.build.build_graph`).
    """

    def __init__(self, engine: Engine, *, check_interval: float = 2.0,
                 freeze_from_nodes: int = 50_000, rules: GraphSettings | None = None) -> None:
        self.engine = engine
        self.rules = rules
        self.check_interval = check_interval
        self.freeze_from_nodes = freeze_from_nodes
        self._lock = threading.Lock()
        with collector_paused():  # nothing is served yet (module docstring)
            self._snapshot = self._build(first=True)
        self._settle()
        self._checked_at = time.monotonic()

    def _build(self, *, first: bool = False) -> Snapshot:
        # One read transaction: the version and every table as of one moment, so an
        # ingest committing meanwhile is either wholly in this graph or wholly in the next.
        with consistent_read(self.engine) as session:
            version = read_version(session)
            graph = build_graph(session, rules=self.rules)
        # a rebuild runs beside requests, whose collections empty the free lists anyway
        tidy = first and graph.number_of_nodes() >= self.freeze_from_nodes
        if tidy:
            empty_free_lists()
        warm(graph)
        if tidy:
            empty_free_lists()
        warm_derived(graph)
        return Snapshot(graph=graph, version=version, built_at=time.time())

    def _settle(self) -> None:
        """After a swap: let the old snapshot's cycles be collected, then freeze the new one."""
        if self._snapshot.graph.number_of_nodes() >= self.freeze_from_nodes:
            gc.unfreeze()
            gc.collect()
            return_free_heap()
            gc.freeze()

    @property
    def snapshot(self) -> Snapshot:
        """The current snapshot, without checking the store."""
        return self._snapshot

    def current(self) -> Snapshot:
        """The snapshot to answer with, rebuilt first if the store's version moved."""
        if time.monotonic() - self._checked_at < self.check_interval:
            return self._snapshot
        # One check (and rebuild) at a time; while it runs, other requests answer from the
        # snapshot they have instead of waiting (a rebuild takes a minute at province scale).
        if not self._lock.acquire(blocking=False):
            return self._snapshot
        try:
            if time.monotonic() - self._checked_at >= self.check_interval:
                with Session(self.engine) as session:
                    version = read_version(session)
                if version != self._snapshot.version:
                    self._snapshot = self._build()
                    self._settle()
                self._checked_at = time.monotonic()
        finally:
            self._lock.release()
        return self._snapshot

    def check(self) -> Snapshot:
        """Check the version now, whatever the interval, and rebuild if it moved; for a
        background thread told that the data changed (:mod:`graph.hub`): requests keep
        answering from the old snapshot meanwhile."""
        with self._lock:
            with Session(self.engine) as session:
                version = read_version(session)
            if version != self._snapshot.version:
                self._snapshot = self._build()
                self._settle()
            self._checked_at = time.monotonic()
        return self._snapshot

    def refresh(self) -> Snapshot:
        """Rebuild now, whatever the version (after an ingest in this process)."""
        with self._lock:
            self._snapshot = self._build()
            self._settle()
            self._checked_at = time.monotonic()
        return self._snapshot
