"""Run the doctests of the store package's modules."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import store.crud.units
import store.fingerprint
import store.labels
import store.migrations.receiver_backfill
import store.migrations.unit_backfill
import store.reference
import store.search
import store.writers


@pytest.mark.parametrize("module", [store.fingerprint, store.labels, store.reference,
                                    store.writers, store.crud.units, store.search,
                                    store.migrations.unit_backfill,
                                    store.migrations.receiver_backfill], ids=lambda m: m.__name__)
def test_store_doctests_pass(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
