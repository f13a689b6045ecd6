"""The largest ``first`` a request may ask: every ``first`` argument of a document, literal
or through a variable, found once per query text.

The places of a document's ``first`` arguments depend only on its text, so the walk
through its fields and fragments is remembered (bounded, by text); the variables' values
are read on every request, so ``first: $n`` cannot slip by.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from cachetools import LRUCache
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)


def _selections(selection_set: SelectionSetNode | None,
                fragments: dict[str, FragmentDefinitionNode],
                seen: frozenset[str] = frozenset()) -> Iterator[FieldNode]:
    """Every field under ``selection_set``, through fragments (each fragment once a path)."""
    if selection_set is None:
        return
    for node in selection_set.selections:
        if isinstance(node, FieldNode):
            yield node
            yield from _selections(node.selection_set, fragments, seen)
        elif isinstance(node, InlineFragmentNode):
            yield from _selections(node.selection_set, fragments, seen)
        elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                yield from _selections(fragment.selection_set, fragments,
                                       seen | {node.name.value})


FirstArgument = tuple[str, int | None, str | None]
"""A ``first`` argument of a document: the field's name, its literal value or the name of
the variable giving it (an argument of another kind is no page size and is left out)."""


def first_arguments(document: Any) -> tuple[FirstArgument, ...]:
    """Every ``first`` argument of ``document``'s operations, through fragments, in order.

    >>> from graphql import parse
    >>> first_arguments(parse('query($n: Int) { a(first: 3) { b(first: $n) } } '))
    (('a', 3, None), ('b', None, 'n'))
    """
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    found: list[FirstArgument] = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        for field in _selections(definition.selection_set, fragments):
            for argument in field.arguments or ():
                if argument.name.value != "first":
                    continue
                if isinstance(argument.value, IntValueNode):
                    found.append((field.name.value, int(argument.value.value), None))
                elif isinstance(argument.value, VariableNode):
                    found.append((field.name.value, None, argument.value.name.value))
    return tuple(found)


#: Query texts whose ``first`` arguments are remembered (the document of a text is always
#: the same, so its walk through fields and fragments need not run again per request;
#: the variables' values are still read every time).
FIRST_ARGUMENT_TEXTS = 256
#: The longest query text remembered (characters); a longer one is walked every time.
FIRST_ARGUMENT_CHARS = 20_000
_firsts: LRUCache[str, tuple[FirstArgument, ...]] = LRUCache(maxsize=FIRST_ARGUMENT_TEXTS)
_firsts_lock = threading.Lock()


def first_arguments_of(query: object, document: Any) -> tuple[FirstArgument, ...]:
    """:func:`first_arguments` of ``document``, remembered by its text ``query``.

    >>> from graphql import parse
    >>> text = '{ a(first: 7) { b } }'
    >>> first_arguments_of(text, parse(text)) == first_arguments_of(text, None)
    True
    """
    if not isinstance(query, str) or len(query) > FIRST_ARGUMENT_CHARS:
        return first_arguments(document)
    with _firsts_lock:
        found = _firsts.get(query)
    if found is None:
        found = first_arguments(document)
        with _firsts_lock:
            _firsts[query] = found
    return found


def oversized_first(document: Any, variables: dict[str, Any] | None,
                    max_first: int, *, query: object = None) -> tuple[str, int] | None:
    """The first field whose ``first`` argument exceeds ``max_first``, with that value.

    Literal arguments and variables are both checked, so ``first: $n`` cannot slip by.
    With ``query``, the text ``document`` was parsed from, the arguments' places are
    remembered for the next request asking it (:func:`first_arguments_of`).

    >>> from graphql import parse
    >>> text = 'query($n: Int) { a(first: 3) { b(first: $n) } }'
    >>> oversized_first(parse(text), {"n": 900}, 500, query=text)
    ('b', 900)
    >>> oversized_first(parse(text), {"n": 9}, 500, query=text) is None
    True
    """
    arguments = (first_arguments(document) if query is None
                 else first_arguments_of(query, document))
    for field, literal, variable in arguments:
        value: Any = literal if variable is None else (variables or {}).get(variable)
        if isinstance(value, int) and value > max_first:
            return field, value
    return None
