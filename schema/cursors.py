"""Cursors of the lists read by key (:mod:`schema.keyed_pages`): opaque to clients.

A cursor is base64 of ``<list>:<key as JSON>`` (``reviewQueue:[12,345]``), so it is
valid in any server process and at any later time, and it names its list: the cursor
of another list is refused.  The lists read by key used to page by position
(``arrayconnection:<n>``, Strawberry's); such a cursor is refused with
:class:`OutdatedCursor`, so a client holding one starts again from the first page
instead of getting a page that is not the one after its last.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from strawberry.relay.types import PREFIX
from strawberry.relay.utils import from_base64, to_base64

Key = tuple[Any, ...]

#: What a key value may be (a timestamp travels as aware ISO 8601).
KEY_TYPES = (int, str, dt.datetime)


class OutdatedCursor(ValueError):
    """A cursor of the earlier paging by position."""


def encode_cursor(name: str, key: Sequence[Any]) -> str:
    """The opaque cursor of the item with ``key`` in the list ``name``.

    >>> encode_cursor("reviewQueue", (12, 345))
    'cmV2aWV3UXVldWU6WzEyLDM0NV0='
    >>> decode_cursor(encode_cursor("x", ("a", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))), "x",
    ...               (str, dt.datetime))
    ('a', datetime.datetime(2026, 1, 2, 0, 0, tzinfo=datetime.timezone.utc))
    """
    values = [v.isoformat() if isinstance(v, dt.datetime) else v for v in key]
    return to_base64(name, json.dumps(values, ensure_ascii=False, separators=(",", ":")))


def decode_cursor(cursor: str, name: str, types: Sequence[type]) -> Key:
    """The key a cursor of the list ``name`` holds, its values of ``types``.

    Raises
    ------
    OutdatedCursor
        A cursor of the earlier paging by position.
    ValueError
        Anything else this API did not give for this list.

    >>> decode_cursor(encode_cursor("reviewQueue", (12, 345)), "reviewQueue", (int, int))
    (12, 345)
    >>> decode_cursor(encode_cursor("auditTrail", (12, 345)), "reviewQueue", (int, int))
    Traceback (most recent call last):
    ...
    ValueError: not a cursor of reviewQueue
    >>> decode_cursor("YXJyYXljb25uZWN0aW9uOjk5", "reviewQueue", (int, int))
    Traceback (most recent call last):
    ...
    schema.cursors.OutdatedCursor: a cursor of the earlier paging by position
    """
    try:
        kind, raw = from_base64(cursor)
    except (TypeError, ValueError) as error:  # not base64, not UTF-8, no colon
        raise ValueError("not a cursor") from error
    if kind == PREFIX:
        raise OutdatedCursor("a cursor of the earlier paging by position")
    if kind != name:
        raise ValueError(f"not a cursor of {name}")
    try:
        values = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError("not a cursor") from error
    if not isinstance(values, list) or len(values) != len(types):
        raise ValueError("not a cursor")
    return tuple(_value(v, kind_of) for v, kind_of in zip(values, types, strict=True))


def _value(value: Any, kind: type) -> Any:
    if kind is dt.datetime:
        if not isinstance(value, str):
            raise ValueError("not a cursor")
        moment = dt.datetime.fromisoformat(value)
        if moment.utcoffset() is None:
            raise ValueError("not a cursor")
        return moment
    if kind not in KEY_TYPES or type(value) is not kind:  # bool is no int here
        raise ValueError("not a cursor")
    return value
