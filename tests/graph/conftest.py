"""Fixtures shared by the graph tests."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from sqlmodel import Session

from graph.build import build_graph
from store.db import make_engine
from tests.alerts.corpus_copy import corpus_template  # noqa: F401


@pytest.fixture(scope="module")
def corpus_graph(corpus_template: Path) -> nx.MultiDiGraph:  # noqa: F811
    """The graph of the bundled corpus (a module's own ``corpus_graph`` takes precedence)."""
    engine = make_engine(f"sqlite:///{corpus_template}")
    try:
        with Session(engine) as session:
            return build_graph(session)
    finally:
        engine.dispose()
