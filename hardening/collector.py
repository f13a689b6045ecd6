"""The cyclic garbage collector's youngest generation, sized for a GraphQL server.

A GraphQL answer allocates many small containers (execution contexts, extension hooks,
result dictionaries, futures); with CPython's default threshold of 700 the collector
ran after every request or two, and what had not died yet by then (the request still
running) was promoted towards the oldest generation, so every few hundred requests a
full collection walked the whole heap: measured at the bench's scale S, 1 in 300 pages of
100 obligations paid ≈ 270 ms for it (≈ 0.9 ms a request on average, 30 times what
the bare endpoint paid), landing as a p99 spike on whichever request was allocating.
With a young generation of :data:`YOUNG_OBJECTS`, a request's temporaries are freed by
reference counting before the collector looks, few survive to be promoted, and full
collections become rare.  Cycles are still collected (later, a bounded number of
objects later), so memory stays bounded: at most :data:`YOUNG_OBJECTS` more objects
wait for a collection.

Examples
--------
>>> import gc
>>> before = gc.get_threshold()
>>> previous = tune_collector(young=30_000)
>>> previous == before, gc.get_threshold()[0]
(True, 30000)
>>> tune_collector(young=10) == (30000, *before[1:])  # never lowered
True
>>> gc.get_threshold()[0]
30000
>>> restore_collector(previous)
>>> gc.get_threshold() == before
True
"""

from __future__ import annotations

import gc

YOUNG_OBJECTS = 20_000
"""Net new container objects between two young collections in a serving process
(CPython's default: 700)."""


def tune_collector(*, young: int = YOUNG_OBJECTS) -> tuple[int, int, int]:
    """Raise the youngest generation's threshold to ``young`` (never lower it); return
    the thresholds before, for :func:`restore_collector`."""
    previous: tuple[int, int, int] = gc.get_threshold()
    gc.set_threshold(max(young, previous[0]), previous[1], previous[2])
    return previous


def restore_collector(previous: tuple[int, int, int]) -> None:
    """Put back the thresholds :func:`tune_collector` returned."""
    gc.set_threshold(*previous)
