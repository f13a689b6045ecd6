"""A shortest path between two nodes, edge direction ignored, touching only what it needs.

A breadth-first search from both ends that always widens the side whose next step reads
fewer edges.  NetworkX's bidirectional search widens the side with fewer *nodes* in its
frontier: from a unit (a few dozen tasks) to a county (every task naming it, which grows
with the corpus) it widens the county, reading all its edges, though the unit's tasks
reach the county in one step.  Counting edges instead keeps a question's cost near the
degree of the nodes on and next to the path, not of the busiest end.

Neighbours are read from the graph's own successor and predecessor maps in insertion
order (which follows the store's id order), so ties break the same way every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import networkx as nx


def _neighbours(graph: nx.MultiDiGraph, node: str) -> Iterator[str]:
    return chain(graph.succ[node], graph.pred[node])


def _edges(graph: nx.MultiDiGraph, frontier: list[str]) -> int:
    """How many adjacency entries widening ``frontier`` reads."""
    return sum(len(graph.succ[n]) + len(graph.pred[n]) for n in frontier)


def _joined(met: str, forward: dict[str, str | None], backward: dict[str, str | None]
            ) -> list[str]:
    path: list[str] = []
    node: str | None = met
    while node is not None:
        path.append(node)
        node = forward[node]
    path.reverse()
    node = backward[met]
    while node is not None:
        path.append(node)
        node = backward[node]
    return path


def _widen(graph: nx.MultiDiGraph, frontier: list[str], seen: dict[str, str | None],
           other: dict[str, str | None]) -> tuple[list[str], str | None]:
    """The next frontier of one side, and the node where it meets the other (if it does)."""
    following: list[str] = []
    for node in frontier:
        for near in _neighbours(graph, node):
            if near not in seen:
                seen[near] = node
                following.append(near)
                if near in other:
                    return following, near
    return following, None


def bidirectional_path(graph: nx.MultiDiGraph, source: str, target: str) -> list[str]:
    """The node ids on a shortest path from ``source`` to ``target`` ignoring edge
    direction; ``[]`` when unconnected.

    Examples
    --------
    >>> graph = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("a", "x"),
    ...                          ("x", "y"), ("d", "hub")])
    >>> bidirectional_path(graph, "y", "hub")
    ['y', 'x', 'a', 'hub']
    >>> bidirectional_path(graph, "hub", "hub")
    ['hub']
    >>> graph.add_node("alone")
    >>> bidirectional_path(graph, "alone", "hub")
    []
    """
    if source not in graph or target not in graph:
        raise nx.NodeNotFound(f"{source} or {target} is not in the graph")
    if source == target:
        return [source]
    forward: dict[str, str | None] = {source: None}
    backward: dict[str, str | None] = {target: None}
    ahead, behind = [source], [target]
    while ahead and behind:
        if _edges(graph, ahead) <= _edges(graph, behind):
            ahead, met = _widen(graph, ahead, forward, backward)
        else:
            behind, met = _widen(graph, behind, backward, forward)
        if met is not None:
            return _joined(met, forward, backward)
    return []
