"""A document's cost estimate is remembered per snapshot: asked again without variables
it is not walked again, a new snapshot (new sizes) estimates anew, and variables always
estimate anew (their values may change the page sizes)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from graphql import parse

from graph.sample import sample_graph
from graph.sizes import Sizes, sizes_of
from hardening import limits
from hardening.cost import estimate
from hardening.limits import remembered_estimate
from schema.query import schema

SIZES = sizes_of(sample_graph())
PAGE = '{ obligations(asOf: "2019-06-30", first: 100) { nodes { path dueDate status } } }'
VARIABLE_PAGE = ('query($n: Int!) { obligations(asOf: "2019-06-30", first: $n) '
                 '{ nodes { path } } }')


@pytest.fixture(autouse=True)
def _nothing_remembered() -> None:
    limits._estimates.clear()


def _execution(query: str, variables: dict[str, Any] | None = None) -> Any:
    return SimpleNamespace(query=query, schema=schema, graphql_document=parse(query),
                           operation_name=None, variables=variables)


def _walked(monkeypatch: Any) -> list[int]:
    """Count the walks the estimate makes."""
    walks: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> int:
        walks.append(1)
        return estimate(*args, **kwargs)

    monkeypatch.setattr(limits, "estimate", counted)
    return walks


def test_a_document_asked_again_on_the_same_snapshot_is_not_walked_again(monkeypatch):
    walks = _walked(monkeypatch)
    first = remembered_estimate(_execution(PAGE), SIZES, 500)
    again = remembered_estimate(_execution(PAGE), SIZES, 500)
    assert first == again == estimate(schema._schema, parse(PAGE), SIZES)
    assert len(walks) == 1


def test_a_new_snapshot_estimates_the_document_anew(monkeypatch):
    walks = _walked(monkeypatch)
    remembered_estimate(_execution(PAGE), SIZES, 500)
    bigger = Sizes({**SIZES.counts, "Obligation": 60_000}, SIZES.links, SIZES.squares)
    remembered_estimate(_execution(PAGE), bigger, 500)
    assert len(walks) == 2


def test_a_document_with_variables_is_estimated_every_time(monkeypatch):
    walks = _walked(monkeypatch)
    small = remembered_estimate(_execution(VARIABLE_PAGE, {"n": 1}), SIZES, 500)
    large = remembered_estimate(_execution(VARIABLE_PAGE, {"n": 400}), SIZES, 500)
    assert len(walks) == 2
    assert large > small


def test_the_remembered_estimates_are_bounded():
    for i in range(limits.REMEMBERED_ESTIMATES + 10):
        remembered_estimate(_execution(f'{{ units(first: {i + 1}) {{ name }} }}'), SIZES, 500)
    assert len(limits._estimates) == limits.REMEMBERED_ESTIMATES
