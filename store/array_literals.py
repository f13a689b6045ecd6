"""PostgreSQL array literals written with string methods, for the bulk inserts' arrays.

:mod:`store.bulk` sends each column of a PostgreSQL insert as one array.  The driver
adapts a list element by element in Python (a type looked up, a regular expression
deciding on quotes, for each one): that was a large part of the storing process's time.
The literal PostgreSQL would have parsed from it is written here with a few string
methods instead; the server parses it into the same array.  A value of any other type
than expected goes to the driver as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Literal = Callable[[list[Any]], Any]
"""Writes one column's values as an array literal (or returns the list for the driver)."""


def text_array(values: list[Any]) -> Any:
    r"""``values`` (``str`` or ``None``) as a PostgreSQL array literal, every element
    quoted; the list itself when one is of another type or holds NUL (which the driver
    refuses with its own error).

    >>> print(text_array(['a', 'b"c', 'd\\e', '', None, 'NULL', '{,}']))
    {"a","b\"c","d\\e","",NULL,"NULL","{,}"}
    >>> text_array(['a\0b', 'c']), text_array([1, 'a'])
    (['a\x00b', 'c'], [1, 'a'])
    """
    kinds = set(map(type, values))
    if not kinds <= _TEXT:
        return values
    if type(None) in kinds:
        if any("\0" in value for value in values if value is not None):
            return values
        return "{" + ",".join("NULL" if value is None else '"' + _escaped(value) + '"'
                              for value in values) + "}"
    joined = "\0".join(values)  # NUL never reaches the server: a safe separator
    if joined.count("\0") != len(values) - 1:
        return values
    return '{"' + _escaped(joined).replace("\0", '","') + '"}'


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def integer_array(values: list[Any]) -> Any:
    """``values`` (``int`` or ``None``) as an array literal, else the list itself.

    >>> integer_array([1, None, -3]), integer_array([7, 8]), integer_array([True])
    ('{1,NULL,-3}', '{7,8}', [True])
    """
    kinds = set(map(type, values))
    if kinds == _INT:
        return "{" + ",".join(map(str, values)) + "}"
    if not kinds <= _INT_OR_NONE:
        return values
    return "{" + ",".join("NULL" if value is None else str(value) for value in values) + "}"


def boolean_array(values: list[Any]) -> Any:
    """``values`` (``bool`` or ``None``) as an array literal, else the list itself.

    >>> boolean_array([True, None, False]), boolean_array([1])
    ('{t,NULL,f}', [1])
    """
    if not set(map(type, values)) <= _BOOL_OR_NONE:
        return values
    return "{" + ",".join("NULL" if value is None else "t" if value else "f"
                          for value in values) + "}"


_TEXT = frozenset({str, type(None)})
_INT = frozenset({int})
_INT_OR_NONE = frozenset({int, type(None)})
_BOOL_OR_NONE = frozenset({bool, type(None)})
LITERALS: dict[str, Literal] = {"INTEGER": integer_array, "BIGINT": integer_array,
                                  "SMALLINT": integer_array, "BOOLEAN": boolean_array}
