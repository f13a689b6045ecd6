"""A live subscription as the hub keeps it: what it watches, its queue, what it last saw.

A ``report`` subscriber is sent each progress report on the obligations it watches; a
``status`` subscriber each change of their statuses against the ones it last saw
(:class:`graph.hub.LiveHub` judges and sends both).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from graph.live_events import Event
from graph.status import Status
from graph.watch import Watch

KINDS = ("report", "status")


@dataclass(eq=False)
class Subscriber:
    """One subscription: what it watches, its queue, and what it last saw."""

    watch: Watch
    kind: str
    queue: asyncio.Queue[Event]
    on_drop: Callable[[str], Awaitable[None]] | None = None
    paths: dict[str, str] = field(default_factory=dict)  # watched obligation id → path
    last: dict[str, Status] = field(default_factory=dict)
    dropped: str | None = None
