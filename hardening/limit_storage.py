"""Where the rate limits count: in this process, or in the database every process shares.

The limits are the ``limits`` library's sliding-window counters
(``SlidingWindowCounterRateLimiter``: this minute's count plus the previous minute's
weighted by how much of it still overlaps the last 60 s).  On SQLite there is one
server process (one writer), so the counters live in its memory (``MemoryStorage``).
On PostgreSQL several processes serve one database, so the counters are rows of the
``rate_limit_counter`` table (:mod:`store.rate_limits`) through
:class:`DatabaseStorage`, a ``limits.storage.Storage`` of our own: ``limits`` ships
no SQL storage.  A client's N+1th request in a minute is refused whichever process it
reaches.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from limits.storage import MemoryStorage, Storage
from limits.storage.base import SlidingWindowCounterSupport, TimestampedSlidingWindow
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from store import rate_limits

#: Seconds between two deletions of expired counters by one process.
CLEANUP_SECONDS = 60.0


class DatabaseStorage(Storage, SlidingWindowCounterSupport, TimestampedSlidingWindow):
    """``limits`` counters as rows of the database (see :mod:`store.rate_limits`).

    Every call is one short transaction, so call it off the event loop.  A process
    deletes expired counters at most every :data:`CLEANUP_SECONDS`, a bounded batch
    at a time.

    Parameters
    ----------
    engine
        The database every server process shares.
    clock
        Seconds since the epoch; every process must read the same clock (``time.time``).
    """

    STORAGE_SCHEME = None

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.engine, self.clock = engine, clock
        self._cleaned = 0.0
        self._lock = threading.Lock()

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def _cleanup(self, now: float) -> None:
        with self._lock:
            if now - self._cleaned < CLEANUP_SECONDS:
                return
            self._cleaned = now
        with Session(self.engine) as session:
            rate_limits.delete_expired(session=session, now=now)
            session.commit()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = self.clock()
        with Session(self.engine) as session:
            count = rate_limits.increment(session=session, key=key, amount=amount,
                                          expiry=expiry, now=now)
            session.commit()
        self._cleanup(now)
        return count

    def decr(self, key: str, amount: int = 1) -> None:
        with Session(self.engine) as session:
            rate_limits.decrement(session=session, key=key, amount=amount, now=self.clock())
            session.commit()

    def get(self, key: str) -> int:
        with Session(self.engine) as session:
            found = rate_limits.live_counts(session=session, keys=[key], now=self.clock())
        return found[key][0] if key in found else 0

    def get_expiry(self, key: str) -> float:
        now = self.clock()
        with Session(self.engine) as session:
            found = rate_limits.live_counts(session=session, keys=[key], now=now)
        return found[key][1] if key in found else now

    def check(self) -> bool:
        try:
            with Session(self.engine) as session:
                rate_limits.live_counts(session=session, keys=[], now=self.clock())
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with Session(self.engine) as session:
            gone = rate_limits.clear(session=session)
            session.commit()
        return gone

    def clear(self, key: str) -> None:
        with Session(self.engine) as session:
            rate_limits.clear(session=session, keys=[key])
            session.commit()

    # the sliding window counter: as limits' MemoryStorage does it, over the rows above
    def _window(self, session: Session, key: str, expiry: int,
                now: float) -> tuple[int, float, int, float]:
        previous_key, current_key = self.sliding_window_keys(key, expiry, now)
        found = rate_limits.live_counts(session=session, keys=[previous_key, current_key],
                                        now=now)
        previous = found.get(previous_key, (0, now))[0]
        current = found.get(current_key, (0, now))[0]
        previous_ttl = (1 - (((now - expiry) / expiry) % 1)) * expiry if previous else 0.0
        current_ttl = (1 - ((now / expiry) % 1)) * expiry + expiry
        return previous, previous_ttl, current, current_ttl

    def acquire_sliding_window_entry(self, key: str, limit: int, expiry: int,
                                     amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = self.clock()
        _, current_key = self.sliding_window_keys(key, expiry, now)
        with Session(self.engine) as session:  # one connection, one commit per hit
            previous, previous_ttl, current, _ = self._window(session, key, expiry, now)
            if int(previous * previous_ttl / expiry + current) + amount > limit:
                return False
            # count first, then look: of two processes racing for the last request, the
            # one that counted past the limit takes its hit back (the upsert's row lock
            # orders them)
            current = rate_limits.increment(session=session, key=current_key, amount=amount,
                                            expiry=2 * expiry, now=now)
            allowed = int(previous * previous_ttl / expiry + current) <= limit
            if not allowed:
                rate_limits.decrement(session=session, key=current_key, amount=amount, now=now)
            session.commit()
        self._cleanup(now)
        return allowed

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        with Session(self.engine) as session:
            return self._window(session, key, expiry, self.clock())

    def clear_sliding_window(self, key: str, expiry: int) -> None:
        previous_key, current_key = self.sliding_window_keys(key, expiry, self.clock())
        with Session(self.engine) as session:
            rate_limits.clear(session=session, keys=[previous_key, current_key])
            session.commit()


def storage_for(engine: Engine | None) -> Storage:
    """The database's shared counters on PostgreSQL; this process's memory otherwise
    (SQLite, or no engine yet).

    >>> type(storage_for(None)).__name__
    'MemoryStorage'
    """
    if engine is not None and engine.dialect.name == "postgresql":
        return DatabaseStorage(engine)
    return MemoryStorage()


def shared(storage: Storage) -> bool:
    """Whether ``storage`` is read over the network (and must be called off the event
    loop)."""
    return isinstance(storage, DatabaseStorage)
