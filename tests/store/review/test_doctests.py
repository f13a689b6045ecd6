"""Run the doctests of the review queue's pure code."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import extract.bureaus
import store.review.keys
import store.review.units


@pytest.mark.parametrize("module", [store.review.keys, store.review.units, extract.bureaus],
                         ids=lambda m: m.__name__)
def test_review_doctests_pass(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
