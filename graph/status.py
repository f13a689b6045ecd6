"""The status of an obligation as of a date, from the progress reports known by then.

Status is a pure function of (due date, as-of date, reports, owners, rule, target).
Each owner unit reports for itself, so an obligation has one *share* per owner, each
with its own status; the obligation's own status follows a configurable rule
(:class:`graph.rules.ProgressRule`):

``lead``
    the lead owner's share decides (the default): a co-owner reporting done closes its
    own share and leaves the obligation open until the lead reports.
``all``
    the obligation is done only when every owner reported done; it is done (or done
    late) on the day the last owner reported.

A collective owner whose members are known (结对县(市、区)党委、政府 stands for the paired
counties) has one *county share* per member place, each with its own status: a report
about a county (``place``) counts for that county's share only.  The collective's own
share follows a :class:`graph.rules.CollectiveRule`: every member done (``all``, the default), or a
share of them (``share:0.8``).  A collective without known members keeps the older
reading: a report of a unit that is not itself an owner counts for it.  A report with no
unit and no county (an admin's, on nobody's behalf) and a value reaching the
obligation's quantitative target complete every share: reaching 40亿元 completes a
cumulative target, or that year's instance of a yearly one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from graph.report_reach import counts_for, for_everyone, reaches_goal
from graph.rules import ALL_MEMBERS, DEFAULT_RULE, CollectiveRule, ProgressRule

DEFAULT_DUE_SOON_DAYS = 30


class Status(StrEnum):
    """Where an obligation stands on a given day."""

    OPEN = "OPEN"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"
    DONE = "DONE"
    DONE_LATE = "DONE_LATE"


class Report(Protocol):
    """What status needs from a progress report."""

    @property
    def obligation_id(self) -> str: ...

    @property
    def reported_on(self) -> dt.date: ...

    @property
    def complete(self) -> bool: ...


@dataclass(frozen=True)
class StatusReport:
    """A unit's report on an obligation instance on a day.

    ``unit`` is the reporting Unit node (``None``: on nobody's behalf, it counts for
    every share unless it names a county); ``value`` the quantity reached, if any;
    ``place`` the member county's Place node whose share it is about.
    """

    obligation_id: str
    reported_on: dt.date
    complete: bool = True
    note: str = ""
    unit: str | None = None
    value: float | None = None
    place: str | None = None


@dataclass(frozen=True)
class CountyShare:
    """One member county's part of a collective owner's share."""

    place: str  # Place node id
    status: Status
    done_on: dt.date | None
    last_reported_on: dt.date | None


@dataclass(frozen=True)
class Share:
    """One owner's part of an obligation on a day."""

    unit: str  # Unit node id
    role: str
    status: Status
    done_on: dt.date | None
    last_reported_on: dt.date | None
    counties: tuple[CountyShare, ...] = ()  # a collective's member counties, if known


@dataclass(frozen=True)
class Judgement:
    """An obligation's status on a day, with each owner's share."""

    status: Status
    done_on: dt.date | None
    shares: tuple[Share, ...] = ()

    def share_of(self, unit: str) -> Share | None:
        """The share of the Unit node ``unit``, if it is an owner."""
        return next((s for s in self.shares if s.unit == unit), None)


def _status(done_on: dt.date | None, due: dt.date, as_of: dt.date,
            due_soon_days: int) -> Status:
    if done_on is not None:
        return Status.DONE if done_on <= due else Status.DONE_LATE
    if due < as_of:
        return Status.OVERDUE
    if (due - as_of).days <= due_soon_days:
        return Status.DUE_SOON
    return Status.OPEN


def dated_status(due: dt.date, as_of: dt.date, due_soon_days: int) -> Status:
    """Status on ``as_of`` of an instance nobody reported on: the dates alone decide
    (what :func:`judge` finds without a report, without building its judgement).

    >>> due = dt.date(2018, 7, 31)
    >>> [dated_status(due, day, 30).value
    ...  for day in (dt.date(2018, 5, 1), dt.date(2018, 7, 31), dt.date(2018, 8, 1))]
    ['OPEN', 'DUE_SOON', 'OVERDUE']
    """
    return _status(None, due, as_of, due_soon_days)


def _earliest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def judge(obligation_id: str, due: dt.date, *, as_of: dt.date,
          reports: Iterable[Report] = (), owners: Sequence[tuple[str, str]] = (),
          rule: ProgressRule = DEFAULT_RULE, goals: Sequence[float] = (),
          collectives: Collection[str] = (),
          members: Mapping[str, Sequence[str]] | None = None,
          collective_rule: CollectiveRule = ALL_MEMBERS,
          due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Judgement:
    """Status of one obligation instance on ``as_of``, and of each owner's share.

    Parameters
    ----------
    obligation_id
        The instance id; reports for other ids are ignored.
    due
        The instance's due date.
    as_of
        The day asked about: only reports dated on or before it count.
    reports
        Progress reports; ``unit`` and ``value`` are read when present.
    owners
        ``(unit node, role)`` pairs, lead first; without owners any done report counts.
    rule
        Whose reports close the obligation (see the module docstring).
    goals
        The values that complete the instance (its quantitative targets): a reported
        value is measured against the one nearest its magnitude
        (:func:`graph.report_reach.goal_for`).
    collectives
        Owner Unit nodes that are collectives: non-owners' reports count for them.
    members
        A collective Unit node's member Place nodes: it then has one share per member,
        and reports count for the member county they name (``place``).
    collective_rule
        How many members must be done for the collective's share to be done.
    due_soon_days
        An open obligation due within this many days of ``as_of`` is DUE_SOON.

    Returns
    -------
    Judgement

    Examples
    --------
    >>> due = dt.date(2018, 12, 31)
    >>> owners = [("unit:1", "lead"), ("unit:2", "co")]
    >>> co_done = [StatusReport("d", dt.date(2018, 10, 1), unit="unit:2")]
    >>> j = judge("d", due, as_of=dt.date(2018, 11, 1), reports=co_done, owners=owners)
    >>> j.status.value, [(s.unit, s.status.value) for s in j.shares]
    ('OPEN', [('unit:1', 'OPEN'), ('unit:2', 'DONE')])
    >>> both = [*co_done, StatusReport("d", dt.date(2018, 11, 5), unit="unit:1")]
    >>> judge("d", due, as_of=dt.date(2018, 12, 1), reports=both, owners=owners).status.value
    'DONE'
    >>> lead_only = [StatusReport("d", dt.date(2018, 11, 5), unit="unit:1")]
    >>> judge("d", due, as_of=dt.date(2018, 12, 1), reports=lead_only, owners=owners,
    ...       rule=ProgressRule.ALL).status.value
    'DUE_SOON'
    >>> judge("d", due, as_of=dt.date(2019, 2, 1), reports=both, owners=owners,
    ...       rule=ProgressRule.ALL).done_on
    datetime.date(2018, 11, 5)
    >>> reached = [StatusReport("d", dt.date(2018, 12, 20), complete=False, unit="unit:2",
    ...                           value=41.2)]
    >>> judge("d", due, as_of=dt.date(2018, 12, 21), reports=reached, owners=owners,
    ...       goals=[1.0, 40.0, 65.0]).status.value
    'DONE'

    A collective owner with two member counties, one of which reported done:

    >>> members = {"unit:9": ["place:1", "place:2"]}
    >>> one = [StatusReport("d", dt.date(2018, 12, 1), unit="unit:7", place="place:1")]
    >>> j = judge("d", due, as_of=dt.date(2019, 1, 2), reports=one, owners=[("unit:9", "lead")],
    ...           collectives={"unit:9"}, members=members)
    >>> j.status.value, [(c.place, c.status.value) for c in j.shares[0].counties]
    ('OVERDUE', [('place:1', 'DONE'), ('place:2', 'OVERDUE')])
    >>> judge("d", due, as_of=dt.date(2019, 1, 2), reports=one, owners=[("unit:9", "lead")],
    ...       collectives={"unit:9"}, members=members,
    ...       collective_rule=CollectiveRule(0.5)).status.value
    'DONE'
    """
    members = members or {}
    mine = [r for r in reports if r.obligation_id == obligation_id and r.reported_on <= as_of]
    if not mine:  # most obligations on most days: no report, every share alike
        status = _status(None, due, as_of, due_soon_days)
        return Judgement(status, None, tuple(
            Share(u, role, status, None, None,
                  tuple(CountyShare(p, status, None, None) for p in members.get(u, ())))
            for u, role in owners))
    if not owners:
        done_on = _earliest(*(r.reported_on for r in mine
                              if r.complete or reaches_goal(r, goals)))
        return Judgement(_status(done_on, due, as_of, due_soon_days), done_on)
    owner_units = {unit for unit, _ in owners}
    # Reports that complete every share: on nobody's behalf, or reaching the goal.
    # A county's report is about its share only, whatever value it carries.
    whole = _earliest(*(r.reported_on for r in mine if getattr(r, "place", None) is None
                        and ((r.complete and for_everyone(r, owner_units, collectives))
                             or reaches_goal(r, goals))))
    shares = []
    for unit, role in owners:
        if members.get(unit):
            # The collective's own done report (an admin's in its name) covers every member.
            everyone = _earliest(whole, *(r.reported_on for r in mine if r.complete
                                          and getattr(r, "unit", None) == unit
                                          and getattr(r, "place", None) is None))
            counties = tuple(_county_share(place, mine, everyone, due, as_of, due_soon_days)
                             for place in members[unit])
            done_on = _earliest(everyone,
                                collective_rule.done_on([c.done_on for c in counties]))
            last = max((c.last_reported_on for c in counties if c.last_reported_on),
                       default=None)
            shares.append(Share(unit, role, _status(done_on, due, as_of, due_soon_days),
                                done_on, last, counties))
            continue
        counted = [r for r in mine if counts_for(r, unit, owner_units, collectives)]
        own = _earliest(*(r.reported_on for r in counted if r.complete))
        done_on = _earliest(whole, own)
        last = max((r.reported_on for r in counted), default=None)
        shares.append(Share(unit, role, _status(done_on, due, as_of, due_soon_days),
                            done_on, last))
    deciding = shares if rule is ProgressRule.ALL else (
        [s for s in shares if s.role == "lead"] or shares[:1])
    dates = [s.done_on for s in deciding]
    done = max(d for d in dates if d is not None) if None not in dates else None
    return Judgement(_status(done, due, as_of, due_soon_days), done, tuple(shares))


def _county_share(place: str, reports: Sequence[Report], whole: dt.date | None, due: dt.date,
                  as_of: dt.date, due_soon_days: int) -> CountyShare:
    counted = [r for r in reports if getattr(r, "place", None) == place]
    done_on = _earliest(whole, *(r.reported_on for r in counted if r.complete))
    return CountyShare(place, _status(done_on, due, as_of, due_soon_days), done_on,
                       max((r.reported_on for r in counted), default=None))


def status_of(obligation_id: str, due: dt.date, *, as_of: dt.date,
              reports: Iterable[Report] = (),
              due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Status:
    """Status of one obligation instance on ``as_of``, whoever reported.

    Only reports dated on or before ``as_of`` count, so the question can be asked of any
    past or future day.  The due date itself is still on time: an obligation due on
    2018-07-31 is OVERDUE from 2018-08-01.  :func:`judge` applies owners and the rule.

    Examples
    --------
    >>> due = dt.date(2018, 7, 31)
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 7, 31)).value
    'DUE_SOON'
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 8, 1)).value
    'OVERDUE'
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 5, 1)).value
    'OPEN'
    >>> late = [StatusReport("deadline:1", dt.date(2018, 9, 1))]
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 8, 15), reports=late).value
    'OVERDUE'
    >>> status_of("deadline:1", due, as_of=dt.date(2019, 1, 1), reports=late).value
    'DONE_LATE'
    >>> status_of("deadline:1", due, as_of=dt.date(2019, 1, 1),
    ...           reports=[StatusReport("deadline:1", dt.date(2018, 7, 1))]).value
    'DONE'
    """
    return judge(obligation_id, due, as_of=as_of, reports=reports,
                 due_soon_days=due_soon_days).status
