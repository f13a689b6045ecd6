"""The document measures behind the refusals: shape (depth, aliases, fragment spreads)
and cost, on the real schema; both visit each fragment once."""

from __future__ import annotations

from typing import Any

from graphql import parse, validate
from strawberry.extensions.query_depth_limiter import create_validator

from graph.sample import sample_graph
from graph.sizes import Sizes, sizes_of
from hardening.cost import estimate
from hardening.shape import measure
from schema.query import schema
from tests.hardening.conftest import post
from tests.hardening.test_operations import NESTED, aliased, doubling_fragments

GRAPHQL = schema._schema
SIZES = sizes_of(sample_graph())


def cost(query: str, **variables: object) -> int:
    return estimate(GRAPHQL, parse(query), SIZES, variables=variables)


def test_depth_is_counted_as_strawberrys_validator_counts_it() -> None:
    for levels in range(8, 14):
        query = ('{ place(name: "x") { ' + "pairedWith { " * levels + "name"
                 + " }" * levels + " } }")
        theirs = bool(validate(GRAPHQL, parse(query), [create_validator(12, None)]))
        assert (measure(parse(query)).depth > 12) == theirs, levels


def test_doubling_fragments_are_measured_without_expanding_them() -> None:
    shape = measure(parse(doubling_fragments(200)))
    assert shape.spreads == 2 ** 201 - 1  # counted, never walked
    assert cost(doubling_fragments(200)) > 2 ** 200


def test_fragments_chained_beyond_the_interpreters_recursion_are_refused(live: Any) -> None:
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(1500))
    query = f"{{ ...F0 }} {chain} fragment F1500 on Query {{ __typename }}"
    with live(max_tokens=100_000) as base:  # let the parser accept it
        response = post(base, query)
    assert response.status_code == 400, response.text[:300]
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_FRAGMENT_SPREADS"


def test_cyclic_fragments_end() -> None:
    document = parse("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A units "
                     "{ name } }")
    assert measure(document).spreads >= 2
    assert cost("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A units "
                "{ name } }") > 0


def test_a_fragment_costs_what_its_fields_written_inline_cost() -> None:
    inline = "{ units { name tasks { path owners { name } } } }"
    spread = ("{ units { ...U } } fragment U on Unit { name tasks { ...T } } "
              "fragment T on Task { path owners { name } }")
    assert cost(inline) == cost(spread)


def test_aliases_multiply_the_cost() -> None:
    assert cost(aliased(30)) == 30 * cost(aliased(1))
    assert cost(aliased(1)) > cost("{ units { tasks { owners { unit { name } } } } }")


def test_first_on_a_connection_bounds_the_cost_of_a_page() -> None:
    small = cost('{ obligations(asOf: "2019-01-01", first: 1) { nodes { key owners { name } } } }')
    page = cost('query($n: Int) { obligations(asOf: "2019-01-01", first: $n) '
                '{ nodes { key owners { name } } } }', n=2)
    everything = cost('{ obligations(asOf: "2019-01-01") { nodes { key owners { name } } } }')
    assert small < page < everything


def test_a_root_list_bounded_by_first_costs_a_page_not_every_instance() -> None:
    # a province-sized snapshot: 60,000 obligation instances; the list answers at most 500
    big = Sizes({**SIZES.counts, "Obligation": 60_000}, SIZES.links, SIZES.squares)

    def priced(query: str) -> int:
        return estimate(GRAPHQL, parse(query), big)

    fields = "{ path dueDate owners { name } }"
    whole = priced('{ overdue(asOf: "2019-01-01") ' + fields + " }")
    ten = priced('{ overdue(asOf: "2019-01-01", first: 10) ' + fields + " }")
    per_item = ten // 10
    # the default page is the maximum, 500: bounded by it, not by 60,000 instances
    assert whole <= 501 * per_item + 1
    assert ten < whole


def test_the_nested_query_of_the_report_costs_far_more_than_an_ordinary_one() -> None:
    assert NESTED.startswith("units")
    ordinary = cost("{ units { name tasks { path targets { value owners { name role } } } } }")
    assert cost(aliased(30)) > 100 * ordinary
