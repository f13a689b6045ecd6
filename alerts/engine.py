"""One alert run: collect what is owed, one digest per receiver, outbox, dispatch.

:func:`run_alerts` is safe to start from cron every few minutes, also while another run
is still going:

* the run holds a database-wide write lock while it decides and enqueues (PostgreSQL:
  a transaction-level advisory lock; SQLite: the database write lock), so a second run
  waits and then sees the first one's dedup state;
* the dedup state (``alert_state``) and the outbox rows are written in ONE transaction,
  so an alert is either recorded and queued, or neither;
* a digest's id is derived from its content, and the outbox keeps one row per
  (channel, digest id), so a rerun that owes the same thing enqueues nothing;
* delivery is :func:`alerts.outbox_dispatch.dispatch_due`, whose atomic claims mean two
  dispatchers never send one message twice, and whose retries survive a restart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.channels import Channel
from alerts.collect import Candidate, collect_alerts
from alerts.digest import KIND_ORDER, Digest
from alerts.outbox_dispatch import DispatchReport, RetryPolicy, dispatch_due, enqueue
from alerts.rules import AlertRules
from graph.build import build_graph
from settings import GraphSettings
from store.outbox import lock_alert_runs, record_alert_sent


@dataclass
class RunReport:
    """What one alert run did."""

    as_of: dt.date
    dry_run: bool
    digests: list[Digest] = field(default_factory=list)  # one per receiver owed something
    enqueued: list[tuple[str, str]] = field(default_factory=list)  # (channel, receiver) new rows
    unrouted: list[str] = field(default_factory=list)  # receivers with no channel in the rules
    silenced: int = 0
    repeats: int = 0  # alerts held back because they were sent within the repeat interval
    unowned: int = 0  # obligation instances with no owner unit (nobody to alert)
    unsupervised: int = 0  # overdue long enough to escalate, but no supervisor configured
    dispatch: DispatchReport | None = None


def take_run_lock(session: Session) -> None:
    """Serialise alert runs on this database until ``session``'s transaction ends."""
    lock_alert_runs(session=session)


def _order(c: Candidate) -> tuple[int, dt.date, tuple[str, int], str]:
    return (KIND_ORDER.index(c.item.kind), c.item.due, c.position, c.item.obligation_id)


def group_digests(candidates: list[Candidate], *, as_of: dt.date) -> list[Digest]:
    """One digest per receiver, items most urgent first; receivers in name order.

    Parameters
    ----------
    candidates
        The alerts owed in this run.
    as_of
        The run's day (part of each digest's id).

    Returns
    -------
    list of Digest
    """
    by_receiver: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_receiver[c.receiver].append(c)
    return [
        Digest.build(receiver_unit=receiver, as_of=as_of,
                     items=tuple(c.item for c in sorted(items, key=_order)))
        for receiver, items in sorted(by_receiver.items())
    ]


def run_alerts(
    *,
    engine: Engine,
    as_of: dt.date,
    rules: AlertRules,
    dry_run: bool = False,
    channels: Mapping[str, Channel] | None = None,
    graph: nx.MultiDiGraph | None = None,
    now: dt.datetime | None = None,
    policy: RetryPolicy | None = None,
    time_rules: GraphSettings | None = None,
) -> RunReport:
    """Run the alert rules as of a day and deliver the digests.

    Parameters
    ----------
    engine
        The database with the facts, progress reports, silences and the outbox.
    as_of
        The day the obligations are judged on (cron: today).
    rules
        The alert rules (:func:`alerts.rules.load_rules`).
    dry_run
        Work out the digests but record, enqueue and send nothing.
    channels
        Channel objects by the names the rules use; ``None`` enqueues only (another
        process, e.g. ``policygraph alerts serve``, dispatches).
    graph
        A graph already built (the server's snapshot); built from ``engine`` if omitted.
    now
        The current time (aware), against which repeats and retries are timed.
    policy
        Retry policy for the dispatch.
    time_rules
        The settings a graph built here is judged with (the command's; defaults if omitted).

    Returns
    -------
    RunReport
        The digests, what was enqueued, and the dispatch outcome.
    """
    moment = now or dt.datetime.now(dt.UTC)
    if graph is None:
        with Session(engine) as session:
            graph = build_graph(session, rules=time_rules)
    report = RunReport(as_of=as_of, dry_run=dry_run)
    with Session(engine) as session:
        if not dry_run:
            take_run_lock(session)
        collected = collect_alerts(graph, session=session, as_of=as_of, rules=rules, now=moment)
        report.silenced, report.repeats = len(collected.silenced), collected.repeats
        report.unowned = len(collected.unowned)
        report.unsupervised = len(collected.unsupervised)
        report.digests = group_digests(collected.candidates, as_of=as_of)
        if dry_run:
            return report
        for digest in report.digests:
            names = rules.channels_for(digest.receiver_unit,
                                       collected.short_names.get(digest.receiver_unit))
            if not names:  # nowhere to send: keep it owed rather than record it as sent
                report.unrouted.append(digest.receiver_unit)
                continue
            for name in names:
                if enqueue(session=session, channel=name, digest=digest, now=moment) is not None:
                    report.enqueued.append((name, digest.receiver_unit))
            for c in collected.candidates:
                if c.receiver == digest.receiver_unit:
                    record_alert_sent(session=session, obligation_id=c.item.obligation_id,
                                      receiver=c.receiver, kind=c.state_kind, now=moment)
        session.commit()
    if channels is not None:
        report.dispatch = dispatch_due(engine=engine, channels=channels, now=moment, policy=policy)
    return report
