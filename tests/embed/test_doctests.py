"""Run the doctests of the embed package's modules (pytest collects only tests/ by default)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["embed.security", "embed.reading", "embed.oembed", "embed.render",
           "embed.svg.style", "embed.svg.timeline", "embed.svg.network",
           "embed.views.rows", "embed.exports.formats"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no doctest examples"
    assert result.failed == 0
