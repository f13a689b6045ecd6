"""Run the doctested examples of the graph package (pytest collects only tests/)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.build", "graph.status", "graph.sample", "graph.agenda", "graph.names",
           "graph.obligations", "graph.obligation_types", "graph.obligation_expansion",
           "graph.shares", "graph.stored_reports",
           "graph.analysis", "graph.places", "graph.cancel", "graph.memo", "graph.sizes",
           "graph.health", "graph.successions", "graph.lineage"]


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
