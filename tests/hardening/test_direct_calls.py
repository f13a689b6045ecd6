"""Direct calls: a compiled root field with literal arguments calls its resolver with the
arguments converted once, through its extensions' chain; variables, list or input
arguments keep strawberry's wrapper.  (That the answers are the full path's byte for byte
is checked over the corpus by ``test_compiled``.)"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo, parse
from graphql.pyutils import Path

from hardening.compiled import compile_query
from hardening.direct_calls import direct_call
from schema.query import schema

CORE = schema._schema


def root_node(query: str) -> Any:
    return parse(query).definitions[0].selection_set.selections[0]


def test_literal_arguments_are_converted_once_with_their_defaults() -> None:
    call = direct_call(CORE, CORE.query_type.fields["unit"],
                       root_node('{ unit(name: "市招商局") { name } }'))
    assert call is not None
    assert call.arguments == {"name": "市招商局", "jurisdiction": None, "as_of": None}
    assert call.chain is None  # no field extension: the function itself


def test_an_argument_read_from_a_variable_keeps_the_wrapper() -> None:
    node = root_node('query($first: Int) { obligations(asOf: "2020-06-01", first: $first) '
                     '{ nodes { path } } }')
    assert direct_call(CORE, CORE.query_type.fields["obligations"], node) is None


def test_a_list_argument_keeps_the_wrapper_as_its_value_could_be_changed() -> None:
    node = root_node('{ nodes(ids: ["a"]) { id } }')
    assert direct_call(CORE, CORE.query_type.fields["nodes"], node) is None


def test_an_argument_converted_to_a_changeable_value_keeps_the_wrapper(
        monkeypatch: Any) -> None:
    import hardening.direct_calls as direct_calls

    monkeypatch.setattr(direct_calls, "convert_arguments",
                        lambda raw, *_: {**raw, "name": ["a", "list"]})
    node = root_node('{ unit(name: "市招商局") { name } }')
    assert direct_call(CORE, CORE.query_type.fields["unit"], node) is None


def test_a_connection_runs_through_its_extension_with_converted_arguments() -> None:
    call = direct_call(CORE, CORE.query_type.fields["obligations"],
                       root_node('{ obligations(asOf: "2020-06-01", first: 3) '
                                 '{ nodes { path } } }'))
    assert call is not None and call.chain is not None
    assert call.arguments["first"] == 3 and str(call.arguments["as_of"]) == "2020-06-01"


def test_a_call_hands_the_resolver_a_fresh_info_over_the_requests_own() -> None:
    seen: list[Any] = []
    call = direct_call(CORE, CORE.query_type.fields["unit"],
                       root_node('{ unit(name: "市招商局") { name } }'))
    assert call is not None
    field = call.field

    class Recording:
        def get_result(self, source: Any, *, info: Any, args: list[Any],
                       kwargs: dict[str, Any]) -> str:
            seen.append((source, info, args, dict(kwargs)))
            return "answered"

    recording = type(call)(Recording(), call.arguments, call.info_class, call.self_source,
                           call.source_names, call.info_name)
    raw = GraphQLResolveInfo("unit", [], CORE.query_type.fields["unit"].type,
                             CORE.query_type, Path(None, "unit", "Query"), CORE, {}, None,
                             None, None, {"caller": 1}, None, None, None)
    assert recording(None, raw) == "answered"
    assert recording(None, raw) == "answered"
    first, second = seen
    assert first[1] is not second[1]  # an Info per call
    assert first[1].context == {"caller": 1}
    assert first[3]["name"] == "市招商局" and first[3]["info"] is first[1]
    assert "info" not in call.arguments  # the shared arguments are never written into
    assert field is call.field


def test_compiled_root_fields_carry_their_direct_call() -> None:
    compiled = compile_query(CORE, parse('{ a: unit(name: "市招商局") { name } '
                                         'b: unit(name: "市商务局") { level } }'), None)
    assert compiled is not None
    assert [f.call.arguments["name"] for f in compiled.fields] == ["市招商局", "市商务局"]
