"""Validation results remembered by the parsed document's identity.

The parser cache hands back the very ``DocumentNode`` it made for a query text, so a
validation is remembered by that object (with the schema and the rules), not looked
up by the document's hash: graphql-core hashes a document by walking all its nodes,
20–30 µs for the bench's small queries on every request, which a lookup keyed by the
document paid each time.  Each entry holds its document and schema, so their ids are
never reused while it lives; bounded like the parser cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from cachetools import LRUCache
from graphql import DocumentNode, GraphQLError, GraphQLSchema

REMEMBERED = 256
"""Validation results kept (as many as the parser cache keeps documents)."""

Rules = tuple[type, ...]
_validated: LRUCache[tuple[int, int, Rules],
                     tuple[GraphQLSchema, DocumentNode, list[GraphQLError]]] = LRUCache(
    maxsize=REMEMBERED)
_lock = threading.Lock()


def validated(schema: GraphQLSchema, document: DocumentNode, rules: Rules,
              validate: Callable[..., Any]) -> list[GraphQLError]:
    """``validate(schema, document, rules)``, remembered for this very document.

    >>> from graphql import build_schema, parse
    >>> calls = []
    >>> def counting(schema, document, rules):
    ...     calls.append(document)
    ...     return []
    >>> schema, document = build_schema("type Query { a: Int }"), parse("{ a }")
    >>> validated(schema, document, (), counting), validated(schema, document, (), counting)
    ([], [])
    >>> len(calls), validated(schema, parse("{ a }"), (), counting), len(calls)
    (1, [], 2)
    """
    key = (id(schema), id(document), rules)
    with _lock:
        found = _validated.get(key)
    if found is not None and found[0] is schema and found[1] is document:
        return found[2]
    errors: list[GraphQLError] = validate(schema, document, rules)
    with _lock:
        _validated[key] = (schema, document, errors)
    return errors
