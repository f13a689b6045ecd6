"""Which alerts a run owes, to whom: rules applied to obligations, silences and dedup.

For each obligation instance (status judged with the stored progress reports):

Each owner reports for itself: only owners whose own share is still open are reminded
or chased (a co-owner that reported done is left alone while the obligation stays open
for the lead under the ``lead`` rule, or for the others under ``all``).

* DUE_SOON: each owner unit gets a reminder at the shortest configured lead time the
  due date falls within (30, then 7 days); each lead time fires once (``due_soon:30``).
* OVERDUE: each owner unit is chased (``overdue``), again every ``repeat_interval``;
  after ``escalation.after_days`` days the supervising unit also gets an ``escalation``
  (instead of a plain ``overdue`` when it is an owner itself).
* DONE / DONE_LATE: every receiver alerted about it since its last resolved notice
  gets a ``resolved`` notice.

A collective owner (结对县(市、区)党委、政府) is a receiver under its own name; the rules'
``channels`` decide where its digest goes.  Obligations without an owner have nobody
to tell and are only counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx
from sqlmodel import Session, select

from alerts.assessment import assess_with_reports, section_heading, stored_reports
from alerts.digest import AlertItem, AlertKind
from alerts.rules import AlertRules
from graph.agenda import Assessed
from graph.shares import judge_obligation
from graph.status import ProgressReport, Status
from store.progress.outbox import should_alert
from store.progress.silences import is_silenced
from store.progress.tables import AlertState

RESOLVED = "resolved"


@dataclass(frozen=True)
class Candidate:
    """One alert owed to one receiver, and the dedup key it is recorded under."""

    receiver: str
    item: AlertItem
    state_kind: str  # due_soon:30 / due_soon:7 / overdue / escalation / resolved
    position: tuple[str, int] = ("", 0)  # (document, offset): digest order follows the text


@dataclass
class Collected:
    """The outcome of :func:`collect_alerts`."""

    candidates: list[Candidate] = field(default_factory=list)
    silenced: list[Candidate] = field(default_factory=list)
    repeats: int = 0  # alerts held back by dedup (already sent recently)
    unowned: list[str] = field(default_factory=list)  # obligation ids with no owner unit


def _unit_ids(graph: nx.MultiDiGraph) -> dict[str, int]:
    return {d["name"]: d["db_id"] for _, d in graph.nodes(data=True) if d["kind"] == "Unit"}


def needs_resolved_notice(*, session: Session, obligation_id: str, receiver: str) -> bool:
    """Whether ``receiver`` was alerted about the obligation after its last resolved notice.

    Parameters
    ----------
    session
        An open session.
    obligation_id, receiver
        The obligation and the receiving unit's name.

    Returns
    -------
    bool
        False when it was never alerted, or already told it is resolved since.
    """
    rows = session.exec(
        select(AlertState)
        .where(AlertState.obligation_id == obligation_id)
        .where(AlertState.receiver == receiver)
    ).all()
    alerted = [_aware(r.last_sent_at) for r in rows if r.kind != RESOLVED]
    resolved = [_aware(r.last_sent_at) for r in rows if r.kind == RESOLVED]
    if not alerted:
        return False
    return not resolved or max(alerted) > max(resolved)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every stored timestamp is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class _Collector:
    def __init__(self, graph: nx.MultiDiGraph, session: Session, as_of: dt.date,
                 rules: AlertRules, now: dt.datetime) -> None:
        self.graph, self.session, self.as_of, self.rules, self.now = graph, session, as_of, rules, now
        self.unit_ids = _unit_ids(graph)
        self.result = Collected()
        self.reports: dict[str, list[ProgressReport]] = {}
        for report in stored_reports(session=session, as_of=as_of):
            self.reports.setdefault(report.obligation_id, []).append(report)

    def open_owners(self, a: Assessed) -> list[str]:
        """The owners whose own share of ``a`` is not done (each reports for itself)."""
        ob = a.obligation
        if ob.id not in self.reports:
            return list(dict.fromkeys(o.name for o in ob.owners))
        judged = judge_obligation(self.graph, ob, as_of=self.as_of,
                                  reports=self.reports[ob.id])
        done = {s.unit for s in judged.shares if s.status in (Status.DONE, Status.DONE_LATE)}
        return list(dict.fromkeys(o.name for o in ob.owners if o.unit not in done))

    def item(self, a: Assessed, kind: AlertKind, days: int) -> AlertItem:
        ob = a.obligation
        return AlertItem(
            obligation_id=ob.id,
            kind=kind,
            path=ob.path,
            # the name people know it by: its number, else its title or first line
            document_number=self.graph.nodes[ob.document].get("label"),
            summary=section_heading(self.graph, document=ob.document, path=ob.path),
            due=ob.due,
            days=days,
            owners=tuple(dict.fromkeys(o.name for o in ob.owners)),
            quote=ob.text,
        )

    def owe(self, receiver: str, a: Assessed, item: AlertItem, state_kind: str) -> None:
        candidate = Candidate(receiver, item, state_kind, (a.obligation.document, a.obligation.start))
        if is_silenced(session=self.session, on=self.as_of, obligation_id=item.obligation_id,
                       unit_id=self.unit_ids.get(receiver)):
            self.result.silenced.append(candidate)
            return
        if not self.is_new(candidate):
            self.result.repeats += 1
            return
        self.result.candidates.append(candidate)

    def is_new(self, c: Candidate) -> bool:
        ob = c.item.obligation_id
        if c.state_kind == RESOLVED:
            return needs_resolved_notice(session=self.session, obligation_id=ob, receiver=c.receiver)
        # A reminder at a lead time fires once; chasing repeats every repeat_interval.
        interval = dt.timedelta.max if c.state_kind.startswith("due_soon") else self.rules.repeat_interval
        return should_alert(session=self.session, obligation_id=ob, receiver=c.receiver,
                            kind=c.state_kind, now=self.now, repeat_interval=interval)

    def visit(self, a: Assessed) -> None:
        ob, rules = a.obligation, self.rules
        owners = list(dict.fromkeys(o.name for o in ob.owners))
        if not owners:
            self.result.unowned.append(ob.id)
            return
        supervisor = rules.escalation.supervisor if rules.escalation else None
        if a.status is Status.OVERDUE:
            late = (self.as_of - ob.due).days
            escalate = rules.escalation is not None and late >= rules.escalation.after_days
            if rules.overdue:
                for owner in self.open_owners(a):
                    if not (escalate and owner == supervisor):
                        self.owe(owner, a, self.item(a, "overdue", late), "overdue")
            if escalate and supervisor:
                self.owe(supervisor, a, self.item(a, "escalation", late), "escalation")
        elif a.status is Status.DUE_SOON and rules.due_soon_days:
            left = (ob.due - self.as_of).days
            leads = [lead for lead in rules.due_soon_days if left <= lead]
            if leads:
                for owner in self.open_owners(a):
                    self.owe(owner, a, self.item(a, "due_soon", left), f"due_soon:{min(leads)}")
        elif a.status in (Status.DONE, Status.DONE_LATE) and rules.resolved_notice:
            receivers = owners + ([supervisor] if supervisor and supervisor not in owners else [])
            for receiver in receivers:
                self.owe(receiver, a, self.item(a, "resolved", 0), RESOLVED)


def collect_alerts(graph: nx.MultiDiGraph, *, session: Session, as_of: dt.date,
                   rules: AlertRules, now: dt.datetime) -> Collected:
    """The alerts owed on ``as_of`` under ``rules``, silences and dedup applied.

    Parameters
    ----------
    graph
        A built graph.
    session
        Reads progress reports, silences and dedup state (writes nothing).
    as_of
        The day of the run.
    rules
        Lead times, escalation, repeat interval, resolved notices.
    now
        The current time, which the repeat interval is measured against.

    Returns
    -------
    Collected
        Alerts to send, alerts silenced, the number held back as repeats, and the
        obligations nobody owns.
    """
    lead = max(rules.due_soon_days, default=0)
    through = (as_of + dt.timedelta(days=lead)).year  # reminders may reach into next year
    collector = _Collector(graph, session, as_of, rules, now)
    for a in assess_with_reports(graph, session=session, as_of=as_of, due_soon_days=lead,
                                 through_year=through):
        collector.visit(a)
    return collector.result
