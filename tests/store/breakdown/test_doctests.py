"""Run the doctests of store.breakdown's pure modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["store.breakdown.read", "store.breakdown.cells", "store.breakdown.rows",
           "store.breakdown.match", "store.breakdown.diff", "store.breakdown.importer"]


@pytest.mark.parametrize("name", MODULES)
def test_breakdown_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no doctest examples"
    assert result.failed == 0
