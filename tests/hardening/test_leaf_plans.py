"""A selection's plan is kept between operations (bounded), a nested selection whose
collection may depend on the variables is planned per operation, and rows are planned
only for the type they become."""

from __future__ import annotations

from typing import Any

from hardening.leaf_plans import PlanCache, rows_of, selection_key
from hardening.leaves import _fields
from schema.obligation_rows import ObligationViews
from schema.query import schema


def obligation_type() -> Any:
    return schema._schema.type_map["Obligation"]


def test_the_same_selection_is_planned_once() -> None:
    cache, made = PlanCache(), []
    selection = _fields("path dueDate status")
    for _ in range(3):
        plan, _rows = cache.plans(obligation_type(), selection, None,
                                  _reached, lambda: made.append(1) or ("plan",))
        assert plan == ("plan",)
    assert made == [1]


def test_another_document_of_the_same_text_is_another_selection() -> None:
    cache = PlanCache()
    for _ in range(2):
        cache.plans(obligation_type(), _fields("path"), None, _reached, lambda: ("plan",))
    assert len(cache) == 2  # keyed by the parsed nodes, which the parser cache shares


def test_the_kept_plans_are_bounded() -> None:
    cache = PlanCache(most=2)
    for _ in range(5):
        cache.plans(obligation_type(), _fields("path"), None, _reached, lambda: ("plan",))
    assert len(cache) == 2


def _reached() -> None:
    """The hook a plan calls before each object (none here)."""


def test_a_nested_selection_is_kept_unless_the_variables_may_change_it() -> None:
    assert selection_key(obligation_type(), _fields("path status"), None) is not None
    assert selection_key(obligation_type(), _fields("path owners { name }"), None) is not None
    assert selection_key(obligation_type(),
                         _fields("path owners { name @include(if: $x) }"), None) is None
    assert selection_key(obligation_type(), _fields("path owners { ...named }"), None) is None


def test_plans_for_another_hook_are_other_plans() -> None:
    cache, selection = PlanCache(), _fields("path")
    cache.plans(obligation_type(), selection, None, _reached, lambda: ("plan",))
    cache.plans(obligation_type(), selection, None, lambda: None, lambda: ("plan",))
    assert len(cache) == 2


def test_rows_are_read_only_for_the_type_the_list_builds() -> None:
    views = ObligationViews(info=None, rows=["row"], as_of=None)  # type: ignore[arg-type]
    assert rows_of(views, obligation_type()) == ["row"]
    assert rows_of(views, schema._schema.type_map["Unit"]) is None
    assert rows_of(["row"], obligation_type()) is None
