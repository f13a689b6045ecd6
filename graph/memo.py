"""A bounded, thread-safe cache of per-year results kept on a snapshot's graph.

A snapshot keeps its expansion through the planning year for its whole life (every
ordinary question shares it); a question about a later year needs an expansion of its
own, and each one of those used to be kept forever: thirty aliases asking thirty years
kept 83 MB a request.  :class:`YearCache` pins the planning year's entry and keeps only
the ``extra`` most recently used other years (a :class:`cachetools.LRUCache`).

Examples
--------
>>> cache = YearCache(extra=2)
>>> cache.put(2030, "planning", pin=True)
>>> for year in (2040, 2050, 2060):
...     cache.put(year, f"far {year}")
>>> sorted(cache), len(cache)  # 2040 was the least recently used: dropped
([2030, 2050, 2060], 3)
>>> cache.get(2030), cache.get(2040)
('planning', None)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Generic, TypeVar

import networkx as nx
from cachetools import LRUCache

V = TypeVar("V")

EXTRA_YEARS = 4
"""Expansions kept per snapshot for years beyond its planning year."""


class YearCache(Generic[V]):
    """Pinned entries plus an LRU of at most ``extra`` others; every access is locked
    (request threads share a snapshot, and an LRU reorders itself on reads)."""

    def __init__(self, extra: int = EXTRA_YEARS) -> None:
        self._pinned: dict[int, V] = {}
        self._recent: LRUCache[int, V] = LRUCache(maxsize=max(1, extra))
        self._lock = threading.Lock()

    def get(self, year: int) -> V | None:
        """The entry for ``year``, or ``None``."""
        with self._lock:
            if year in self._pinned:
                return self._pinned[year]
            return self._recent.get(year)

    def put(self, year: int, value: V, *, pin: bool = False) -> None:
        """Keep ``value`` for ``year``; a pinned entry is never evicted."""
        with self._lock:
            if pin:
                self._pinned[year] = value
                self._recent.pop(year, None)
            elif year not in self._pinned:
                self._recent[year] = value

    def values(self) -> list[V]:
        """Every entry kept now."""
        with self._lock:
            return [*self._pinned.values(), *self._recent.values()]

    def __contains__(self, year: object) -> bool:
        with self._lock:
            return year in self._pinned or year in self._recent

    def __iter__(self) -> Iterator[int]:
        with self._lock:
            return iter([*self._pinned, *self._recent])

    def __len__(self) -> int:
        with self._lock:
            return len(self._pinned) + len(self._recent)


_MAKING = threading.Lock()


def year_cache(graph: nx.MultiDiGraph, name: str) -> YearCache[V]:
    """The graph's cache called ``name``, made on first use."""
    cache: YearCache[V] | None = graph.graph.get(name)
    if cache is None:
        with _MAKING:
            cache = graph.graph.get(name)
            if cache is None:
                cache = graph.graph[name] = YearCache()
    return cache
