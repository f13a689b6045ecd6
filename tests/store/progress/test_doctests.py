"""Run the doctests of the progress modules (pytest collects doctests under tests/ only)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "store.audit",
    "store.progress.reports",
    "store.tokens",
    "store.progress.cells",
    "store.progress.plausible",
    "alerts.outbox_dispatch",
    "alerts.rules",
]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
