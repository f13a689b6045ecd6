"""A piece of application state made by the lifespan, or once on first use without it.

Applications built in tests (or by hand) may skip the lifespan; the admission and the
response cache are then made on the first request that needs them, once, under one lock.

Examples
--------
>>> class State: pass
>>> state = State()
>>> made = once_on(state, "cache", lambda: object())
>>> once_on(state, "cache", lambda: object()) is made
True
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_LOCK = threading.Lock()


def once_on(state: Any, name: str, make: Callable[[], T]) -> T:
    """``state.<name>``, made with ``make()`` and kept there when it is missing."""
    found: T | None = getattr(state, name, None)
    if found is None:
        with _LOCK:
            found = getattr(state, name, None)
            if found is None:
                found = make()
                setattr(state, name, found)
    return found
