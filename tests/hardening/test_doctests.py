"""Run the doctests of the hardening package (pytest collects doctests under tests/ only)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["hardening.accesslog", "hardening.view",
           "hardening.admission", "hardening.shape", "hardening.cost", "hardening.redact"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no doctest"
    assert result.failed == 0
