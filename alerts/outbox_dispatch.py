"""Deliver the alert outbox: claim due messages, send them, acknowledge or retry.

The engine's run writes digests into the outbox (:func:`enqueue`) in the same
transaction as its dedup state; :func:`dispatch_due` then delivers them.  All state
lives in the database, so a dispatcher can crash or be restarted at any point:

* a message is claimed by one guarded ``UPDATE … WHERE status = 'pending'`` whose
  row count only one dispatcher can win, so two dispatchers never send it twice;
* a sent message is marked ``sent`` and is never selected again;
* a failed send goes back to ``pending`` with exponential backoff (capped), and after
  ``max_attempts`` (or a non-retryable failure) ends ``failed`` for a person to look at.

A message of an urge (催办, ``{"urge": id}``) is rendered from the stored urge when it is
sent (:func:`alerts.urge.urge_digest`), with the graph the caller passes or, when it
passes none, one built once per call.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import networkx as nx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.channels.base import Channel, DeliveryResult
from alerts.digest import AlertItem, Digest, digest_to_json
from alerts.urge import urge_digest
from graph.build import build_graph
from store import outbox
from store.outbox import OutboxMessage
from store.urges import urge_of_payload

GraphSource: TypeAlias = nx.MultiDiGraph | Callable[[], nx.MultiDiGraph] | None
"""The graph urges are rendered with: a graph, a function giving the current one (the
server's snapshot), or ``None`` to build one from the database when first needed."""


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``base * 2**(attempts-1)``, at most ``cap``, ``max_attempts`` tries.

    >>> p = RetryPolicy(base=dt.timedelta(seconds=30), cap=dt.timedelta(minutes=5), max_attempts=6)
    >>> [p.delay(n).total_seconds() for n in (1, 2, 3, 4, 5)]
    [30.0, 60.0, 120.0, 240.0, 300.0]
    """

    base: dt.timedelta = dt.timedelta(minutes=1)
    cap: dt.timedelta = dt.timedelta(hours=1)
    max_attempts: int = 10
    stale_claim: dt.timedelta = dt.timedelta(minutes=10)

    def delay(self, attempts: int) -> dt.timedelta:
        """The wait after the ``attempts``-th failed attempt."""
        return min(self.cap, self.base * (2 ** max(0, attempts - 1)))


@dataclass
class DispatchReport:
    """What one :func:`dispatch_due` call did, by message id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    lost_claims: list[int] = field(default_factory=list)  # another dispatcher won them
    no_channel: list[int] = field(default_factory=list)  # channel not configured here
    released: int = 0  # stale claims put back to pending


def digest_from_json(data: Mapping[str, Any]) -> Digest:
    """Rebuild a :class:`Digest` from :func:`alerts.digest.digest_to_json` output."""
    items = tuple(
        AlertItem(
            obligation_id=i["obligation_id"],
            kind=i["kind"],
            path=i["path"],
            document_number=i.get("document_number"),
            summary=i["summary"],
            due=dt.date.fromisoformat(i["due"]),
            days=int(i["days"]),
            owners=tuple(i["owners"]),
            quote=i["quote"],
            county=i.get("county"),  # absent from digests queued before counties had shares
        )
        for i in data["items"]
    )
    return Digest(
        receiver_unit=data["receiver_unit"],
        as_of=dt.date.fromisoformat(data["as_of"]),
        items=items,
        digest_id=data["digest_id"],
    )


def enqueue(
    *, session: Session, channel: str | Channel, digest: Digest, now: dt.datetime | None = None
) -> OutboxMessage | None:
    """Queue ``digest`` for delivery through ``channel``; a repeat is a no-op.

    Parameters
    ----------
    session
        An open session; the message is committed with the caller's transaction.
    channel
        The channel or its name (the key it has in ``dispatch_due``'s ``channels``).
    digest
        The digest to deliver.
    now
        When it becomes due; defaults to now.

    Returns
    -------
    OutboxMessage | None
        The queued row, or ``None`` when this digest was already queued on this channel.
    """
    name = channel if isinstance(channel, str) else channel.name
    return outbox.add_message(
        session=session,
        channel=name,
        receiver=digest.receiver_unit,
        digest_id=digest.digest_id,
        payload=digest_to_json(digest),
        now=now,
    )


def _send(channel: Channel, digest: Digest) -> DeliveryResult:
    # Channels promise not to raise, but one bug must not strand a claimed message.
    try:
        return channel.send(digest)
    except Exception as exc:
        return DeliveryResult(False, True, None, f"{type(exc).__name__}: {exc}")


class _Graphs:
    """The graph for urges, fetched or built at most once per dispatch."""

    def __init__(self, source: GraphSource) -> None:
        self.source = source
        self.graph: nx.MultiDiGraph | None = source if isinstance(source, nx.MultiDiGraph) else None

    def get(self, session: Session) -> nx.MultiDiGraph:
        if self.graph is None:
            fetch = self.source
            self.graph = fetch() if callable(fetch) else build_graph(session)
        return self.graph


def _digest_of(session: Session, payload: dict[str, Any], graphs: _Graphs) -> Digest | None:
    urge_id = urge_of_payload(payload)
    if urge_id is None:
        return digest_from_json(payload)
    return urge_digest(session=session, graph=graphs.get(session), urge_id=urge_id)


def _deliver_one(
    *,
    engine: Engine,
    message_id: int,
    channels: Mapping[str, Channel],
    now: dt.datetime,
    policy: RetryPolicy,
    report: DispatchReport,
    graphs: _Graphs,
) -> None:
    with Session(engine) as session:
        message = outbox.get_message(session=session, message_id=message_id)
        if message is None or message.status != outbox.PENDING:
            report.lost_claims.append(message_id)
            return
        channel = channels.get(message.channel)
        if channel is None:  # left pending: another dispatcher may have this channel
            report.no_channel.append(message_id)
            return
        won = outbox.claim(session=session, message_id=message_id, now=now)
        session.commit()
        if not won:
            report.lost_claims.append(message_id)
            return
        session.refresh(message)
        digest = _digest_of(session, _loads(message.payload), graphs)
        attempts = message.attempts
    result = (_send(channel, digest) if digest is not None
              else DeliveryResult(False, False, None, "the urge of this message is gone"))
    with Session(engine) as session:
        if result.ok:
            outbox.mark_sent(session=session, message_id=message_id, now=now)
            report.sent.append(message_id)
        else:
            give_up = not result.retryable or attempts >= policy.max_attempts
            retry_at = None if give_up else now + policy.delay(attempts)
            error = result.detail or f"status {result.status}"
            outbox.mark_unsent(session=session, message_id=message_id, error=error, retry_at=retry_at)
            (report.failed if give_up else report.retrying).append(message_id)
        session.commit()


def _loads(payload: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(payload)
    return data


def dispatch_due(
    *,
    engine: Engine,
    channels: Mapping[str, Channel],
    now: dt.datetime | None = None,
    policy: RetryPolicy | None = None,
    limit: int = 100,
    graph: GraphSource = None,
) -> DispatchReport:
    """Send every outbox message due at ``now`` through its channel.

    Parameters
    ----------
    engine
        The database holding the outbox (each step runs in its own short transaction).
    channels
        Channel objects by the name messages were enqueued under.
    now
        The current time (aware); defaults to now.  Tests pass it to step time.
    policy
        Backoff and attempt limits.
    limit
        At most this many messages per call.
    graph
        The graph urges are rendered with (see :data:`GraphSource`).

    Returns
    -------
    DispatchReport
        Message ids sent, scheduled for retry, failed for good, lost to another
        dispatcher, or skipped for want of a configured channel.
    """
    policy = policy or RetryPolicy()
    moment = now or dt.datetime.now(dt.UTC)
    report = DispatchReport()
    graphs = _Graphs(graph)
    with Session(engine) as session:
        report.released = outbox.release_stale_claims(
            session=session, older_than=moment - policy.stale_claim
        )
        session.commit()
        due = outbox.due_message_ids(session=session, now=moment, limit=limit)
    for message_id in due:
        _deliver_one(
            engine=engine,
            message_id=message_id,
            channels=channels,
            now=moment,
            policy=policy,
            report=report,
            graphs=graphs,
        )
    return report
