"""Which alerts a run owes, to whom: rules applied to obligations, silences and dedup.

For each obligation instance (status judged with the stored progress reports):

Each owner reports for itself: only owners whose own share is still open are reminded
or chased (a co-owner that reported done is left alone while the obligation stays open
for the lead under the ``lead`` rule, or for the others under ``all``).  A collective
owner with member counties (结对县(市、区)党委、政府) is not a receiver itself: each member
county whose share is open is reminded or chased through its own government unit
(泰顺县人民政府), and told when its share is done; one county's alerts never go to the
others.  Receivers are units, not names (:mod:`alerts.receivers`).

* DUE_SOON: each owner unit gets a reminder at the shortest configured lead time the
  due date falls within (30, then 7 days); each lead time fires once (``due_soon:30``).
* OVERDUE: each owner unit is chased (``overdue``), again every ``repeat_interval``;
  after ``escalation.after_days`` days the supervising unit of the obligation's
  jurisdiction (or its nearest ancestor's) also gets an ``escalation`` (instead of a
  plain ``overdue`` when it is an owner itself); with no supervisor configured there,
  the obligation is listed as unsupervised and nobody is escalated to.
* DONE / DONE_LATE: every receiver alerted about it since its last resolved notice
  gets a ``resolved`` notice.

A collective owner without known members (各县(市、区)人民政府) is a receiver itself; the
rules' ``channels`` decide where its digest goes.  Obligations without an owner have
nobody to tell and are only counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx
from sqlmodel import Session

from alerts.digest import AlertItem, AlertKind
from alerts.receivers import Receivers
from alerts.rules import AlertRules
from graph.agenda import Assessed
from graph.judged import assess_with_reports, section_heading, stored_reports
from graph.shares import collective_members, judge_obligation
from graph.status import Status, StatusReport
from store.outbox import alert_states, should_alert
from store.silences import is_silenced
from store.tokens import aware

RESOLVED = "resolved"
Owed = tuple[str, str | None]  # (receiver, member county Place node or None)


@dataclass(frozen=True)
class Candidate:
    """One alert owed to one receiver, and the dedup key it is recorded under."""

    receiver: str
    item: AlertItem
    state_kind: str  # due_soon:30 / due_soon:7 / overdue / escalation / resolved
    position: tuple[str, int] = ("", 0)  # (document, offset): digest order follows the text
    place_id: int | None = None  # the member county whose share it is about


@dataclass
class Collected:
    """The outcome of :func:`collect_alerts`."""

    candidates: list[Candidate] = field(default_factory=list)
    silenced: list[Candidate] = field(default_factory=list)
    repeats: int = 0  # alerts held back by dedup (already sent recently)
    unowned: list[str] = field(default_factory=list)  # obligation ids with no owner unit
    unsupervised: list[str] = field(default_factory=list)  # due escalations with no supervisor
    short_names: dict[str, str] = field(default_factory=dict)  # receiver → its unique short name


def needs_resolved_notice(*, session: Session, obligation_id: str, receiver: str) -> bool:
    """Whether ``receiver`` was alerted about the obligation after its last resolved notice.

    Parameters
    ----------
    session
        An open session.
    obligation_id, receiver
        The obligation and the receiver (:mod:`alerts.receivers`).

    Returns
    -------
    bool
        False when it was never alerted, or already told it is resolved since.
    """
    rows = alert_states(session=session, obligation_id=obligation_id, receiver=receiver)
    alerted = [aware(r.last_sent_at) for r in rows if r.kind != RESOLVED]
    resolved = [aware(r.last_sent_at) for r in rows if r.kind == RESOLVED]
    if not alerted:
        return False
    return not resolved or max(alerted) > max(resolved)


class _Collector:
    def __init__(self, graph: nx.MultiDiGraph, session: Session, as_of: dt.date,
                 rules: AlertRules, now: dt.datetime) -> None:
        self.graph, self.session, self.as_of, self.rules, self.now = graph, session, as_of, rules, now
        self.receivers = Receivers.of(graph)
        self.members = collective_members(graph)
        self.result = Collected(short_names=self.receivers.short)
        self.owed: set[tuple[str, str, str]] = set()
        self.reports: dict[str, list[StatusReport]] = {}
        for report in stored_reports(session=session, as_of=as_of):
            self.reports.setdefault(report.obligation_id, []).append(report)

    def shares(self, a: Assessed) -> tuple[list[Owed], list[Owed]]:
        """Who owes ``a`` still, and whose part of it is done: (receiver, county) pairs;
        a member county's part goes to its government (else to the collective)."""
        ob = a.obligation
        judged = judge_obligation(self.graph, ob, as_of=self.as_of,
                                  reports=self.reports.get(ob.id, ()))
        open_: list[Owed] = []
        done: list[Owed] = []
        for owner, share in zip(ob.owners, judged.shares, strict=True):
            collective = self.receivers.of_unit(owner.unit)
            for county in share.counties:
                receiver = self.receivers.county_government(county.place) or collective
                finished = county.status in (Status.DONE, Status.DONE_LATE)
                (done if finished else open_).append((receiver, county.place))
            if not share.counties:
                finished = share.status in (Status.DONE, Status.DONE_LATE)
                (done if finished else open_).append((collective, None))
        return list(dict.fromkeys(open_)), list(dict.fromkeys(done))

    def item(self, a: Assessed, kind: AlertKind, days: int, county: str | None = None) -> AlertItem:
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
            county=self.graph.nodes[county].get("full_name") if county else None,
        )

    def owe(self, receiver: str, a: Assessed, kind: AlertKind, days: int, state_kind: str,
            county: str | None = None) -> None:
        if (receiver, a.obligation.id, state_kind) in self.owed:
            return  # two counties falling back to one collective receiver: one alert
        self.owed.add((receiver, a.obligation.id, state_kind))
        place_id = int(self.graph.nodes[county]["db_id"]) if county else None
        candidate = Candidate(receiver, self.item(a, kind, days, county), state_kind,
                              (a.obligation.document, a.obligation.start), place_id)
        if is_silenced(session=self.session, on=self.as_of, obligation_id=a.obligation.id,
                       unit_id=self.receivers.unit_ids.get(receiver), place_id=place_id):
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
        if not ob.owners:
            self.result.unowned.append(ob.id)
            return
        open_, done = self.shares(a)
        escalation = rules.escalation
        supervisor = self.receivers.supervisor(ob.document, escalation) if escalation else None
        if a.status is Status.OVERDUE:
            late = (self.as_of - ob.due).days
            escalate = escalation is not None and late >= escalation.after_days
            if escalate and supervisor is None:
                self.result.unsupervised.append(ob.id)
            if rules.overdue:
                for receiver, county in open_:
                    if not (escalate and receiver == supervisor):
                        self.owe(receiver, a, "overdue", late, "overdue", county)
            if escalate and supervisor:
                self.owe(supervisor, a, "escalation", late, "escalation")
        elif a.status is Status.DUE_SOON and rules.due_soon_days:
            left = (ob.due - self.as_of).days
            leads = [lead for lead in rules.due_soon_days if left <= lead]
            if leads:
                for receiver, county in open_:
                    self.owe(receiver, a, "due_soon", left, f"due_soon:{min(leads)}", county)
        if rules.resolved_notice:
            settled = a.status in (Status.DONE, Status.DONE_LATE)
            # a county told its share is done, even while others still owe theirs
            told = [*done, *(open_ if settled else [])]
            if settled and supervisor:
                told.append((supervisor, None))
            for receiver, county in dict.fromkeys(told):
                if county is not None or settled:
                    self.owe(receiver, a, "resolved", 0, RESOLVED, county)


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
