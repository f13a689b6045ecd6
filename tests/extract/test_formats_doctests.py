"""Run the doctests written in the format readers."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["extract.formats.tables", "extract.formats.htmlpage", "extract.formats.pdf",
           "extract.formats.pdf_tables",
           "extract.formats.numbering"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
