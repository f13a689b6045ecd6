"""The largest ``first``: found once per query text, the variables read every request."""

from __future__ import annotations

from graphql import parse

from hardening import page_sizes
from hardening.page_sizes import first_arguments_of, oversized_first
from hardening.stack import schema_extensions

PAGE = 'query($n: Int) { obligations(first: $n) { nodes { path } } }'
FRAGMENT = ('query { ...A } fragment A on Query { obligations(first: 900) { nodes { path } } }')


def test_a_variable_first_over_the_maximum_is_refused_after_the_text_was_remembered():
    document = parse(PAGE)
    assert oversized_first(document, {"n": 10}, 500, query=PAGE) is None
    assert oversized_first(document, {"n": 501}, 500, query=PAGE) == ("obligations", 501)


def test_a_literal_first_inside_a_fragment_is_refused_every_time():
    document = parse(FRAGMENT)
    for _ in range(2):
        assert oversized_first(document, None, 500, query=FRAGMENT) == ("obligations", 900)


def test_a_remembered_text_is_not_walked_again():
    text = '{ units(first: 3) { name } }'
    first_arguments_of(text, parse(text))
    # the document is no longer needed: the text alone answers
    assert first_arguments_of(text, None) == (("units", 3, None),)


def test_the_remembered_texts_are_bounded():
    for i in range(page_sizes.FIRST_ARGUMENT_TEXTS + 20):
        text = f'{{ units(first: {i}) {{ name }} }}'
        first_arguments_of(text, parse(text))
    assert len(page_sizes._firsts) == page_sizes.FIRST_ARGUMENT_TEXTS


def test_a_text_too_long_to_remember_is_walked_each_time():
    text = '{ units(first: 3) { name } }' + " " * page_sizes.FIRST_ARGUMENT_CHARS
    assert first_arguments_of(text, parse(text)) == (("units", 3, None),)
    assert text not in page_sizes._firsts


def test_the_server_adds_one_extension_that_limits_parses_and_validates():
    (limits,) = schema_extensions()
    hooks = {"on_operation", "on_parse", "on_validate", "on_execute"}
    assert all(name in vars(limits) for name in hooks)
