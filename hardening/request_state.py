"""What the request path left on a request's state, read without raising.

Starlette's ``request.state`` answers a missing name by raising ``AttributeError`` (after
a ``KeyError``), so ``getattr(request.state, name, default)`` costs about 2 µs when the
name is absent, which it is on most requests for the markers the view leaves only
sometimes (a response-cache key, an abandoned operation).  The state lives in the ASGI
scope's ``state`` dict (every ``Request`` of one request shares it), read here directly.

Examples
--------
>>> from starlette.requests import Request
>>> request = Request({"type": "http", "headers": []})
>>> request.state.marker = 1
>>> request_value(request, "marker"), request_value(request, "missing", False)
(1, False)
>>> class Bare: pass  # not a Starlette request: its attributes, as getattr reads them
>>> request_value(Bare(), "marker") is None
True
"""

from __future__ import annotations

from typing import Any


def request_value(request: Any, name: str, default: Any = None) -> Any:
    """``request.state.<name>``, or ``default`` when it was never set."""
    scope = getattr(request, "scope", None)
    stored = scope.get("state") if isinstance(scope, dict) else None
    if isinstance(stored, dict):
        return stored.get(name, default)
    return getattr(getattr(request, "state", None), name, default)
