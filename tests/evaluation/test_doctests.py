"""Run the doctests written in the evaluation's pure modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["evaluation.normalize", "evaluation.facts", "evaluation.gold", "evaluation.score",
           "evaluation.report", "evaluation.run"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
