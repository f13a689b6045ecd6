"""Helpers for storage tests: a full dump of every table, to compare before and after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import store.tables  # noqa: F401  (registers the tables)

Dump = dict[str, list[tuple[Any, ...]]]


def dump_tables(engine: Engine) -> Dump:
    """Every row of every table, ordered by primary key."""
    out: Dump = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def row_counts(engine: Engine) -> dict[str, int]:
    """How many rows each table holds."""
    return {name: len(rows) for name, rows in dump_tables(engine).items()}


@pytest.fixture
def dump() -> Callable[[Engine], Dump]:
    """The :func:`dump_tables` function."""
    return dump_tables
