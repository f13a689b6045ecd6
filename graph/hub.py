"""A server process's live updates: who subscribed to what, and what to tell them.

One :class:`LiveHub` per process (made by the server's lifespan).  It is woken when the
store changed (:mod:`store.notify`):

* by this process's own commits, at once (an in-process signal);
* on PostgreSQL, by the process's ``LISTEN`` connection (:mod:`store.listen`), so a
  report written through any other server process arrives within milliseconds;
* on SQLite, by a poll of the newest audit id and the data version every
  ``poll_seconds`` (the CLI writing beside the server), only while someone subscribes;
* when the day changes (something falls overdue with no write at all).

Woken, it reads the audit entries it has not read yet (every report and retraction
writes one in its transaction; :class:`graph.audit_feed.AuditFeed` sends nothing twice),
turns report entries into :class:`graph.live_events.ReportEvent` for the subscribers
watching that obligation, and re-judges the obligations of status subscribers whose
obligations may have moved (all of them after a correction, a re-ingest or a new day)
against the statuses each last saw.  A data version note written by another process
also rebuilds this process's graph snapshot in the background; a version this process
wrote is left to the request that follows the write (:class:`graph.own_writes.OwnWrites`).
The blocking work runs in a worker thread, never on the event loop.

Bounds: at most ``max_subscriptions`` per process (:class:`HubFull` beyond), and each
subscriber's queue holds ``queue_size`` events: a subscriber that lets it fill is
dropped and told why through its ``on_drop``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any

from sqlmodel import Session

from graph.audit_feed import AuditFeed
from graph.live_events import Event, with_path
from graph.own_writes import OwnWrites
from graph.state import GraphHolder
from graph.status import DEFAULT_DUE_SOON_DAYS, Report, Status
from graph.stored_reports import status_reports
from graph.subscribers import KINDS, Subscriber
from graph.watch import StatusChange, Watch, changes, statuses, watched
from i18n import t
from store.audit import newest_audit_id
from store.crud.documents import data_version
from store.listen import listen_forever
from store.notify import Note, add_listener
from store.progress.reports import reports_as_of

#: Above this many obligations a subscriber's reports are read whole, not by id list.
_BY_ID_LIMIT = 500
_log = logging.getLogger("policygraph.live")


class HubFull(RuntimeError):
    """The process already serves its most subscriptions."""


class LiveHub:
    """See the module docstring.

    Parameters
    ----------
    holder
        The process's graph holder (its engine and snapshots).
    max_subscriptions, queue_size
        The bounds (per process; per subscriber).
    poll_seconds
        How often the day (and, without ``listen_url``, the store) is looked at.
    due_soon_days
        The DUE_SOON window, as the queries use it.
    listen_url
        A PostgreSQL URL to ``LISTEN`` on; ``None`` polls instead.
    today
        The clock (the edge reads it; tests may pass another).
    """

    def __init__(self, holder: GraphHolder, *, max_subscriptions: int = 500,
                 queue_size: int = 100, poll_seconds: float = 1.0,
                 due_soon_days: int = DEFAULT_DUE_SOON_DAYS, listen_url: Any = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.holder = holder
        self.max_subscriptions = max_subscriptions
        self.queue_size = queue_size
        self.poll_seconds = poll_seconds
        self.due_soon_days = due_soon_days
        self.listen_url = listen_url
        self.today = today
        self.listening = asyncio.Event()  # set while the LISTEN is in place
        self._subscribers: list[Subscriber] = []
        self._wake = asyncio.Event()
        self._everything = False  # a version move or a new day: re-judge every subscriber
        self._tasks: list[asyncio.Task[None]] = []
        self._closers: set[asyncio.Task[None]] = set()
        self._remove_listener: Callable[[], None] | None = None
        self._audit = AuditFeed()
        self._look_back: int | None = None  # an id committed after newer ones were read
        self._version = 0  # the version the subscribers' statuses were judged on
        self._seen_version = 0  # the newest version the store has shown
        self._own = OwnWrites()
        self._day = today()

    # --- life cycle -------------------------------------------------------------
    async def start(self) -> None:
        """Read where the store stands and start the pump, the ticker and the listener."""
        self._audit.newest, self._version = await asyncio.to_thread(self._peek)
        await asyncio.to_thread(self._audit.seed, self.holder.engine)
        self._seen_version = self._version
        loop = asyncio.get_running_loop()

        def heard(note: Note) -> None:  # called in the committing thread
            if note.kind == "version":
                self._own.heard(note.id)
            loop.call_soon_threadsafe(self._on_note, note)
        self._remove_listener = add_listener(heard)
        self._tasks = [asyncio.create_task(self._pump(), name="live-pump"),
                       asyncio.create_task(self._tick(), name="live-tick")]
        if self.listen_url is not None:
            self._tasks.append(asyncio.create_task(
                listen_forever(self.listen_url, self._on_note, on_reconnect=self._catch_up,
                               connected=self.listening), name="live-listen"))

    async def stop(self) -> None:
        """Stop listening; subscribers' streams end when their connections close."""
        if self._remove_listener is not None:
            self._remove_listener()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        self._tasks = []

    # --- subscribers ------------------------------------------------------------
    @property
    def subscriber_count(self) -> int:
        """Subscriptions this process serves now."""
        return len(self._subscribers)

    async def subscribe(self, watch: Watch, *, kind: str,
                        on_drop: Callable[[str], Awaitable[None]] | None = None) -> Subscriber:
        """Register a subscription; its baseline (what it sees now) is judged first.

        Raises
        ------
        HubFull
            ``max_subscriptions`` are already served.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if len(self._subscribers) >= self.max_subscriptions:
            raise HubFull(str(self.max_subscriptions))
        subscriber = Subscriber(watch, kind, asyncio.Queue(maxsize=self.queue_size), on_drop)
        self._subscribers.append(subscriber)  # counted at once: the bound holds under a burst
        try:
            await asyncio.to_thread(self._look, subscriber, self.today(), None)
        except BaseException:
            self.unsubscribe(subscriber)
            raise
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """Forget a subscription (its stream ended)."""
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    async def events(self, subscriber: Subscriber) -> AsyncIterator[Event]:
        """The subscriber's events as they come; unsubscribes when the stream ends."""
        try:
            while subscriber.dropped is None:
                yield await subscriber.queue.get()
        finally:
            self.unsubscribe(subscriber)

    def _offer(self, subscriber: Subscriber, event: Event) -> None:
        if subscriber.dropped is not None:
            return
        try:
            subscriber.queue.put_nowait(event)
        except asyncio.QueueFull:
            subscriber.dropped = t("live.slow_consumer", most=self.queue_size)
            self.unsubscribe(subscriber)
            _log.warning("live subscriber dropped: %s", subscriber.dropped)
            if subscriber.on_drop is not None:  # kept referenced until it has closed
                task = asyncio.get_running_loop().create_task(
                    _closing(subscriber.on_drop, subscriber.dropped))
                self._closers.add(task)
                task.add_done_callback(self._closers.discard)

    # --- wake-ups ---------------------------------------------------------------
    def _on_note(self, note: Note) -> None:
        if note.kind == "version" and note.id != self._version:
            self._everything = True
        if note.kind == "audit" and note.id <= self._audit.newest:
            # committed after a later id was read (PostgreSQL ids are not commit order)
            self._look_back = min(note.id, self._look_back or note.id)
        self._wake.set()

    def _catch_up(self) -> None:
        """After a lost connection: notes may be lost, so look at everything again."""
        self._everything = True
        self._wake.set()

    def _peek(self) -> tuple[int, int]:
        with Session(self.holder.engine) as session:
            return newest_audit_id(session=session), data_version(session=session)

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                if self.today() != self._day or self._seen_version != self._version:
                    self._everything = True
                    self._wake.set()
                if self.listen_url is None and self._subscribers:
                    audit_id, version = await asyncio.to_thread(self._peek)
                    if version != self._version:
                        self._everything = True
                    if audit_id != self._audit.newest or version != self._version:
                        self._wake.set()
            except Exception:  # a failed poll is retried next tick
                _log.exception("live poll failed")

    async def _pump(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            everything, self._everything = self._everything, False
            look_back, self._look_back = self._look_back, None
            try:
                found = await asyncio.to_thread(self._collect, list(self._subscribers),
                                                everything, look_back)
            except Exception:
                _log.exception("live updates could not be read; retrying at the next change")
                continue
            for subscriber, event in found:
                self._offer(subscriber, event)

    # --- the blocking part (a worker thread) ---------------------------------------
    def _collect(self, subscribers: list[Subscriber], everything: bool,
                 look_back: int | None = None) -> list[tuple[Subscriber, Event]]:
        with Session(self.holder.engine) as session:
            reports, other_writes = self._audit.read(session, look_back)
            version = data_version(session=session)
        self._seen_version = version
        if version != self._version:
            snapshot = self._own.snapshot_for(self.holder, version)
            if snapshot.version == version:
                self._version = version
                self._own.forget_through(version)
                everything = True
            # else: not rebuilt yet; the ticker wakes the pump again
        day = self.today()
        if day != self._day:
            self._day, everything = day, True
        found: list[tuple[Subscriber, Event]] = []
        touched = {r.obligation_id for r in reports}
        for subscriber in subscribers:
            if subscriber.kind == "report":
                if everything:
                    self._look(subscriber, day, None)
                found += [(subscriber, with_path(r, subscriber.paths[r.obligation_id]))
                          for r in reports if r.obligation_id in subscriber.paths]
            elif everything or other_writes or touched & subscriber.paths.keys():
                found += [(subscriber, c) for c in self._look(subscriber, day, subscriber.last)]
        return found

    def _look(self, subscriber: Subscriber, day: dt.date,
              before: dict[str, Status] | None) -> list[StatusChange]:
        """Judge what the subscriber watches on ``day``; its changes since ``before``."""
        graph = self.holder.current().graph
        if subscriber.kind == "report":  # only which obligations: no reports needed
            assessed = watched(graph, subscriber.watch, as_of=day,
                               due_soon_days=self.due_soon_days)
        else:
            assessed = watched(graph, subscriber.watch, as_of=day, reports=self._reports(day),
                               due_soon_days=self.due_soon_days)
        subscriber.paths = {a.obligation.id: a.obligation.path for a in assessed}
        found = [] if before is None else changes(before, assessed, on=day)
        if subscriber.kind == "status":
            subscriber.last = statuses(assessed)
        return found

    def _reports(self, day: dt.date) -> Callable[[list[str]], Iterable[Report]]:
        def read(ids: list[str]) -> Iterable[Report]:
            with Session(self.holder.engine) as session:
                rows = reports_as_of(session=session, as_of=day,
                                     obligation_ids=ids if len(ids) <= _BY_ID_LIMIT else None)
                return status_reports(rows)
        return read


async def _closing(on_drop: Callable[[str], Awaitable[None]], reason: str) -> None:
    try:
        await on_drop(reason)
    except Exception:  # the connection may be gone already
        _log.debug("closing a dropped subscriber failed", exc_info=True)
