"""The store's one clock: every timestamp a row keeps is timezone-aware UTC.

The store is an edge (it writes what happens now), so it may read the clock; pure code
in graph/ takes its day as an argument instead.
"""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC.

    >>> utcnow().tzinfo is dt.UTC
    True
    """
    return dt.datetime.now(dt.UTC)
