"""Where a serving process's resident memory goes: live objects by owner, and free memory
the allocators hold but cannot give back.

:mod:`bench.memory` reads these after a snapshot is published (``--breakdown``):

* :func:`c_heap`: glibc's own account (``mallinfo2``): the ``brk`` heap, ``mmap``-ed
  blocks, bytes in use and free bytes inside the heap (free, but below a live block, so
  ``malloc_trim`` cannot return them);
* :func:`small_blocks`: Python's allocator (pymalloc, objects up to 512 bytes, in 1 MiB
  arenas of 16 KiB pools of one size class): its arenas, the bytes in live and in free
  blocks, and the size classes holding most free blocks.  A free block can only be
  reused by an object of its own size class, and an arena goes back to the system only
  when nothing in it lives;
* :func:`owners`: what the snapshot's objects weigh (``sys.getsizeof``, each object
  counted once, for the first owner met in the order listed).

Examples
--------
>>> stats = small_blocks()
>>> stats["arenas"] >= 1 and stats["live_mb"] > 0
True
>>> c_heap() is None or c_heap()["in_use_mb"] > 0
True
"""

from __future__ import annotations

import collections
import ctypes
import os
import re
import sys
import tempfile
from typing import Any

import networkx as nx

_FIELDS = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
           "uordblks", "fordblks", "keepcost")


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in _FIELDS]


def c_heap() -> dict[str, float] | None:
    """glibc's heap now, in MB (``None`` without ``mallinfo2``): ``heap_mb`` (the ``brk``
    heap), ``mmap_mb`` (large blocks mapped on their own), ``in_use_mb`` and ``free_mb``
    (free chunks inside the heap), ``top_mb`` (the free top ``malloc_trim`` can cut)."""
    call = getattr(ctypes.CDLL(None), "mallinfo2", None)
    if call is None:
        return None
    call.restype = _Mallinfo2
    info = call()
    return {"heap_mb": info.arena / 1e6, "mmap_mb": info.hblkhd / 1e6,
            "in_use_mb": info.uordblks / 1e6, "free_mb": info.fordblks / 1e6,
            "top_mb": info.keepcost / 1e6}


def _debug_text() -> str:
    """``sys._debugmallocstats()``'s report (written to the C stream, not ``sys.stderr``)."""
    with tempfile.TemporaryFile() as out:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        return out.read().decode("ascii", "replace")


def small_blocks(top: int = 6) -> dict[str, Any]:
    """Python's small-object allocator now: ``arenas`` (1 MiB each), ``live_mb`` (bytes
    in live blocks), ``free_blocks_mb`` (free blocks in used pools), ``free_pools_mb``
    (empty pools of arenas still held) and ``free_by_size`` (the size classes with most
    free bytes, ``{block size: MB}``)."""
    text = _debug_text()

    def number(label: str) -> int:
        found = re.search(rf"{re.escape(label)}\s*=\s*([\d,]+)", text)
        return int(found.group(1).replace(",", "")) if found else 0

    unused = re.search(r"(\d+) unused pools \* (\d+) bytes", text)
    free_by_size: collections.Counter[int] = collections.Counter()
    for size, _pools, _used, avail in re.findall(
            r"^\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", text, re.MULTILINE):
        free_by_size[int(size)] = int(size) * int(avail)
    return {"arenas": number("# arenas allocated current"),
            "live_mb": number("# bytes in allocated blocks") / 1e6,
            "free_blocks_mb": number("# bytes in available blocks") / 1e6,
            "free_pools_mb": int(unused.group(1)) * int(unused.group(2)) / 1e6 if unused else 0.0,
            "free_by_size": {size: round(b / 1e6, 2) for size, b in free_by_size.most_common(top)}}


def owners(graph: nx.MultiDiGraph) -> dict[str, float]:
    """MB of the snapshot's objects by owner, each object counted once (for the first
    owner listed): the three id-keyed tables, node attribute dicts, node ids, neighbour
    mappings, key dicts, edge data, strings by attribute, other values, then what
    ``graph.graph`` holds (agenda index, the rest) walked through the collector.

    >>> from graph.sample import sample_graph
    >>> found = owners(sample_graph())
    >>> found["node ids"] > 0 and found["node attribute dicts"] > 0
    True
    """
    seen: set[int] = set()
    sizes: collections.Counter[str] = collections.Counter()

    def count(owner: str, obj: object) -> None:
        if id(obj) not in seen:
            seen.add(id(obj))
            sizes[owner] += sys.getsizeof(obj)

    for table in (graph._node, graph._succ, graph._pred):
        count("id-keyed tables (_node, _succ, _pred)", table)
    for node, attrs in graph._node.items():
        count("node ids", node)
        count("node attribute dicts", attrs)
    for adjacency in (graph._succ, graph._pred):
        for neighbours in adjacency.values():
            count("neighbour mappings", neighbours)
            for v, keydict in neighbours.items():
                count("node ids (other copies)", v)
                count("key dicts", keydict)
                for key, data in keydict.items():
                    count("edge keys", key)
                    count("edge data", data)
                    for name, value in data.items():
                        count(f"edge {name}" if isinstance(value, str) else "edge values", value)
    for attrs in graph._node.values():
        for name, value in attrs.items():
            count(f"node {name}" if isinstance(value, str) else "node values", value)
    for name, value in graph.graph.items():
        owner = "agenda index" if name == "agenda_index" else "graph.graph: rest"
        stack = [value]
        while stack:
            obj = stack.pop()
            if id(obj) in seen or isinstance(obj, type) or (callable(obj) and not isinstance(obj, dict)):
                continue
            count(owner, obj)
            stack.extend(gc_referents(obj))
    return {owner: b / 1e6 for owner, b in sizes.most_common()}


def gc_referents(obj: object) -> list[object]:
    """What ``obj`` refers to, a dict's (uncollected) str keys included."""
    import gc

    found = list(gc.get_referents(obj))
    if isinstance(obj, dict):
        found.extend(obj.keys())
    return found
