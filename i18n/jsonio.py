"""JSON answers as UTF-8 text: Chinese stays readable, never ``\\uXXXX``.

>>> dumps({"unit": "市规划局"})
'{"unit":"市规划局"}'
>>> dumps({"a": 1}, indent=2)
'{\\n  "a": 1\\n}'
"""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON without ASCII escapes (compact unless ``indent``)."""
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)


def encode(value: Any) -> bytes:
    """:func:`dumps` as UTF-8 bytes, for response bodies."""
    return dumps(value).encode("utf-8")
