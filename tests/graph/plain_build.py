"""The graph read from the store with NetworkX's own dicts and nothing shared: the
reference the snapshot (small neighbour mappings from the first edge, shared values,
data and key dicts: graph.adjacency, graph.compact) is compared with."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

import graph.build as build
import graph.document_nodes as document_nodes
import graph.obligation_ids as obligation_ids


def _add_edge(graph: nx.MultiDiGraph, u: str, v: str, kind: str, *,
              share: object = None, **attrs: object) -> None:
    graph.add_edge(u, v, key=kind, type=kind, **attrs)


def _add_node(graph: nx.MultiDiGraph, share: object, node: str, **attrs: object) -> None:
    graph.add_node(node, **attrs)


def plain_build(engine: Engine) -> Any:
    """``build_graph`` of ``engine``'s store as NetworkX alone makes it."""
    with pytest.MonkeyPatch.context() as patch, Session(engine) as session:
        patch.setattr(build, "compact", lambda graph, share: None)
        patch.setattr(build, "add_edge", _add_edge)
        patch.setattr(build, "add_shared_node", _add_node)
        patch.setattr(document_nodes, "add_edge", _add_edge)
        patch.setattr(document_nodes, "add_shared_node", _add_node)
        patch.setattr(obligation_ids, "add_edge", _add_edge)
        graph = build.build_graph(session)
    assert all(type(nbrs) is dict for nbrs in graph._succ.values())  # nothing of ours
    return graph
