"""One PostgreSQL ``LISTEN`` connection per server process, kept up with backoff.

:func:`listen_forever` holds its own psycopg 3 asynchronous connection (outside the
SQLAlchemy pool, in autocommit: ``LISTEN`` only takes effect outside a transaction) on
:data:`store.notify.CHANNEL`, and calls ``on_note`` for every note another process (or
this one) committed.  When the connection drops it reconnects after 0.5 s, then 1, 2 …
up to ``max_backoff`` seconds, and calls ``on_reconnect`` once it is back: notes sent
while it was away are lost, so the caller catches up from the store (the audit ids).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.engine import URL, make_url

from store.notify import CHANNEL, Note, decode

_log = logging.getLogger("policygraph.listen")


def conninfo(url: str | URL) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL (driver part dropped).

    >>> conninfo("postgresql+psycopg://postgres@127.0.0.1:5433/pg")
    'postgresql://postgres@127.0.0.1:5433/pg'
    """
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def backoff(attempt: int, *, first: float = 0.5, most: float = 30.0) -> float:
    """Seconds to wait before reconnection ``attempt`` (0-based): doubling, capped.

    >>> [backoff(n, most=4.0) for n in range(5)]
    [0.5, 1.0, 2.0, 4.0, 4.0]
    """
    return min(most, first * 2 ** min(attempt, 16))


async def listen_forever(url: str | URL, on_note: Callable[[Note], None], *,
                         on_reconnect: Callable[[], None] = lambda: None,
                         max_backoff: float = 30.0,
                         connected: asyncio.Event | None = None) -> None:
    """Listen on :data:`CHANNEL` until cancelled; see the module docstring.

    ``connected`` is set each time the ``LISTEN`` is in place (tests wait on it).
    """
    # imported here: a process serving SQLite never listens, and psycopg weighs ~8 MB
    import psycopg

    attempt = 0
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo(url),
                                                             autocommit=True) as conn:
                await conn.execute(f"LISTEN {CHANNEL}")
                if attempt:
                    _log.info("listening again on %s after %d attempts", CHANNEL, attempt)
                    on_reconnect()
                attempt = 0
                if connected is not None:
                    connected.set()
                async for notify in conn.notifies():
                    note = decode(notify.payload)
                    if note is not None:
                        on_note(note)
        except asyncio.CancelledError:
            raise
        except (psycopg.Error, OSError) as error:
            if connected is not None:
                connected.clear()
            wait = backoff(attempt, most=max_backoff)
            _log.warning("change listener lost its connection (%s); retrying in %.1f s",
                         type(error).__name__, wait)
            attempt += 1
            await asyncio.sleep(wait)
