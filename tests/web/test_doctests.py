"""Run the doctests of the ``web`` package (pytest collects only ``tests/`` by default)."""

from __future__ import annotations

import doctest

import web.playground


def test_playground_module_examples_hold() -> None:
    result = doctest.testmod(web.playground)
    assert result.attempted > 0
    assert result.failed == 0
