"""A handful of generated documents, shared by the generator's tests."""

from __future__ import annotations

from typing import Any

import pytest

from bench.generate import generate_documents

SEED = 7
COUNT = 16


@pytest.fixture(scope="module")
def documents() -> list[tuple[str, dict[str, Any]]]:
    """Sixteen documents of seed 7, as ``(text, manifest record)``, all UTF-8."""
    return [(data.decode("utf-8"), record)
            for _, data, record in generate_documents(seed=SEED, count=COUNT)]
