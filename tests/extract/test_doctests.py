"""Run the doctests written in the extractor's modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["extract.fold", "extract.furniture", "extract.numerals", "extract.numbers",
           "extract.replaces", "extract.sentences", "extract.unit_names",
           "extract.deadline_readings", "extract.divisions", "extract.division_names", "extract.jurisdictions",
           "extract.bureaus", "extract.header"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
