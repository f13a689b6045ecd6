"""A list bound as one parameter answers like ``IN (…)`` on every backend, whatever its length."""

from __future__ import annotations

import doctest

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.engine import Engine

import store.lists
from store.lists import among, for_dialect, listed, per_dialect

_NUMBERS = Table("listed_numbers", MetaData(), Column("n", Integer, primary_key=True))
_ASKED = per_dialect(lambda dialect: select(_NUMBERS.c.n).where(among(_NUMBERS.c.n, "ns", dialect))
                     .order_by(_NUMBERS.c.n))


@pytest.mark.parametrize("asked", [[], [7], [3, 1, 3], list(range(0, 6000, 2))])
def test_the_rows_among_a_list_are_those_whose_value_it_holds(engine: Engine,
                                                               asked: list[int]) -> None:
    _NUMBERS.create(engine)
    try:
        with engine.begin() as connection:
            connection.execute(insert(_NUMBERS), [{"n": n} for n in range(3000)])
            dialect = connection.dialect.name
            found = connection.execute(for_dialect(_ASKED, dialect),
                                       {"ns": listed(dialect, asked)}).scalars().all()
        assert found == sorted({n for n in asked if n < 3000})
    finally:
        _NUMBERS.drop(engine)


def test_doctests_of_the_list_parameter_pass() -> None:
    result = doctest.testmod(store.lists)
    assert result.attempted > 0 and result.failed == 0
