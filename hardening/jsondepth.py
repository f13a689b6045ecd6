"""Refuse JSON nested deeper than any real request needs, before anything parses it.

Python's JSON parser recurses once per level: a 1 MiB body of ``[[[[…`` raises
``RecursionError``, which nothing maps to a client error.  A GraphQL request nests a
handful of levels (variables holding input objects); :data:`MAX_JSON_DEPTH` is far above
that.  Deeper bodies, and deeper ``variables``/``extensions`` in a GET query string, get
a 400 ``BAD_REQUEST`` (the body is already bounded and kept by :mod:`hardening.body`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from hardening.body import BODY_KEY, send_json_error
from i18n import t

MAX_JSON_DEPTH = 64
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def nested_deeper(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``data`` nests arrays and objects more than ``limit`` levels (brackets
    inside strings ignored); cheap when the text holds few brackets.

    >>> nested_deeper(b'{"a": [1, {"b": "[[[["}]}', limit=3)
    False
    >>> nested_deeper(b'{"a": [1, {"b": [[]]}]}', limit=3)
    True
    >>> nested_deeper(b"[" * 100_000 + b"]" * 100_000)
    True
    """
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', data)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        if depth > limit:
            return True
    return False


def _too_deep(scope: dict[str, Any]) -> bool:
    headers = dict(scope.get("headers") or [])
    if b"json" in headers.get(b"content-type", b"").lower():
        if nested_deeper(scope.get(BODY_KEY) or b""):
            return True
    query = scope.get("query_string") or b""
    if b"%5b" in query.lower() or b"%7b" in query.lower() or b"[" in query or b"{" in query:
        for _, value in parse_qsl(query.decode("latin-1")):
            if nested_deeper(value.encode("utf-8", "surrogatepass")):
                return True
    return False


class JsonDepth:
    """ASGI middleware: 400 for JSON bodies or parameters nested past the limit."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and _too_deep(scope):
            await send_json_error(send, 400, t("error.json_too_deep", limit=MAX_JSON_DEPTH), "BAD_REQUEST",
                                  maxDepth=MAX_JSON_DEPTH)
            return
        await self.app(scope, receive, send)
