"""Run the doctests of the i18n package's modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["i18n", "i18n.asgi", "i18n.jsonio"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no doctest examples"
    assert result.failed == 0
