"""Run the examples in the alerts modules' docstrings (pytest collects tests/ only)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "alerts.digest",
    "alerts.splitting",
    "alerts.channels",
    "alerts.channels.base",
    "alerts.channels.transport",
    "alerts.channels.wecom",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
