"""The bytes of a GraphQL answer: orjson where it writes exactly what :mod:`json` writes.

Encoding a large answer with :func:`json.dumps` is a visible part of a request (500
obligations: about half a millisecond).  orjson writes the same bytes as
``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` for strings (every
character, escapes included), integers of 64 bits, booleans, ``null``, lists and objects
with string keys, in the same order; it differs on floats (``1e-05`` becomes
``0.00001``, ``NaN`` becomes ``null``) and refuses what it cannot write (a larger
integer, a key that is not a string, a lone surrogate).  So an answer is written by
orjson only when the operation selects no value that may be a float (:func:`float_free`:
every leaf is a ``String``, ``ID``, ``Int``, ``Boolean``, ``Date`` or an enum), and by
:func:`i18n.jsonio.dumps` whenever orjson refuses it or the operation may answer a float.

Examples
--------
>>> answer_bytes({"data": {"unit": {"name": "市规划局"}}}, plain=True)
b'{"data":{"unit":{"name":"\\xe5\\xb8\\x82\\xe8\\xa7\\x84\\xe5\\x88\\x92\\xe5\\xb1\\x80"}}}'
>>> answer_bytes({"data": {"value": 1e-05}}, plain=False)  # json's float, as ever
b'{"data":{"value":1e-05}}'
>>> answer_bytes({"data": {"big": 2 ** 70}}, plain=True)  # orjson refuses: json writes it
b'{"data":{"big":1180591620717411303424}}'
"""

from __future__ import annotations

from threading import Lock
from typing import Any

import orjson
from cachetools import LRUCache
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_leaf_type,
    visit,
)

from i18n.jsonio import encode

#: Leaf types whose values JSON writes without a float: what orjson writes as json does.
PLAIN_LEAVES = frozenset({"String", "ID", "Int", "Boolean", "Date"})
#: Query texts whose answer to :class:`FloatFree` is remembered.
REMEMBERED = 256
#: Longer query texts are not remembered (their answers are written by json): the memory
#: stays under ``REMEMBERED * LONGEST`` characters.
LONGEST = 4096


def answer_bytes(value: Any, *, plain: bool) -> bytes:
    """``value`` as UTF-8 JSON, compact, Chinese unescaped: by orjson when ``plain`` (the
    answer holds no float) and orjson can write it, else by :func:`i18n.jsonio.encode`;
    the same bytes either way."""
    if plain:
        try:
            return orjson.dumps(value)
        except TypeError:  # a key that is not a string, a huge integer, a lone surrogate
            pass
    return encode(value)


class _LeafCheck(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.plain = True

    def enter_field(self, node: FieldNode, *_args: Any) -> Any:
        field_type = self.type_info.get_type()
        if field_type is None:  # a field the schema lacks: the answer is an error
            self.plain = False
            return self.BREAK
        named = get_named_type(field_type)
        if is_leaf_type(named) and not (isinstance(named, GraphQLEnumType)
                                        or named.name in PLAIN_LEAVES):
            self.plain = False
            return self.BREAK
        return None


def selects_only_plain_leaves(schema: GraphQLSchema, document: DocumentNode) -> bool:
    """Whether every field ``document`` selects (fragments included) is an object or a
    leaf of :data:`PLAIN_LEAVES` or an enum: its answer's data hold no float.

    >>> from graphql import build_schema, parse
    >>> schema = build_schema("scalar Date type Query { a: String b: Float d: Date }")
    >>> selects_only_plain_leaves(schema, parse("{ a d }"))
    True
    >>> selects_only_plain_leaves(schema, parse("{ a b }"))
    False
    >>> selects_only_plain_leaves(schema, parse("{ nowhere }"))
    False
    """
    type_info = TypeInfo(schema)
    check = _LeafCheck(type_info)
    visit(document, TypeInfoVisitor(type_info, check))
    return check.plain


class FloatFree:
    """:func:`selects_only_plain_leaves` of a query text, remembered for the last
    :data:`REMEMBERED` texts (an LRU shared by the workers); ``False`` for a text longer
    than :data:`LONGEST` or one that does not parse.

    ``parse`` is the parser the operation ran through (the server's cache, with its token
    limit): a text is asked about only after it ran without errors.

    >>> from graphql import build_schema, parse
    >>> plain = FloatFree(build_schema("type Query { a: String b: Float }"), parse)
    >>> plain("{ a }"), plain("{ a b }"), plain("{ a }"), plain(None)
    (True, False, True, False)
    """

    def __init__(self, schema: GraphQLSchema, parse: Any, size: int = REMEMBERED) -> None:
        self.schema, self.parse, self.size = schema, parse, size
        self._known: LRUCache[str, bool] = LRUCache(maxsize=size)
        self._lock = Lock()

    def __call__(self, query: Any) -> bool:
        if not isinstance(query, str) or len(query) > LONGEST:
            return False
        with self._lock:
            known = self._known.get(query)
        if known is not None:
            return known
        try:
            plain = selects_only_plain_leaves(self.schema, self.parse(query))
        except Exception:  # a document that does not parse: its answer is an error
            plain = False
        with self._lock:
            self._known[query] = plain
        return plain
