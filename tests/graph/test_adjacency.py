"""The build's neighbour tables are small mappings from the first edge on, keyed by the
nodes' own id objects (graph.adjacency): it never makes a per-node dict or a per-edge id
copy for graph.compact to replace, which freed among the snapshot's objects left blocks
the process could not give back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

import graph.build as build
from graph.neighbours import MANY, Many, One, Two
from graph.shared_values import BUILD_SHARE, NOBODY
from store.db import make_engine
from store.ingest import load_bundled


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('adjacency')}/corpus.db")
    load_bundled(engine=engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def uncompacted(corpus: Engine) -> Any:
    """The graph as the build leaves it before graph.compact."""
    with pytest.MonkeyPatch.context() as patch, Session(corpus) as session:
        patch.setattr(build, "compact", lambda graph, share: None)
        return build.build_graph(session)


def test_the_build_never_makes_a_neighbour_dict_it_could_hold_in_a_small_mapping(uncompacted: Any) -> None:
    kinds: dict[str, int] = {}
    for adjacency in (uncompacted._succ, uncompacted._pred):
        for nbrs in adjacency.values():
            if nbrs is NOBODY:
                kinds["nobody"] = kinds.get("nobody", 0) + 1
            elif type(nbrs) in (One, Two, Many):
                assert len(nbrs) <= MANY
                kinds["small"] = kinds.get("small", 0) + 1
            else:
                assert type(nbrs) is dict and len(nbrs) > MANY, (type(nbrs), len(nbrs))
                kinds["dict"] = kinds.get("dict", 0) + 1
    assert kinds["nobody"] > 0 and kinds["small"] > kinds.get("dict", 0) > 0


def test_the_build_keys_neighbours_by_the_nodes_own_id_objects(uncompacted: Any) -> None:
    own = {id(n) for n in uncompacted._node}
    for adjacency in (uncompacted._succ, uncompacted._pred):
        assert all(id(v) in own for nbrs in adjacency.values() for v in nbrs)


def test_a_built_graph_keeps_no_sharing_table_of_its_build(corpus: Engine,
                                                           uncompacted: Any) -> None:
    with Session(corpus) as session:
        assert BUILD_SHARE not in build.build_graph(session).graph
    assert BUILD_SHARE not in uncompacted.graph
