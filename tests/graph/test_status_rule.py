"""The status rule: each owner's share, the lead's or every owner's reports, reached goals."""

from __future__ import annotations

import datetime as dt

from graph.rules import ProgressRule
from graph.status import Status, StatusReport, judge

DUE = dt.date(2018, 12, 31)
OWNERS = [("unit:lead", "lead"), ("unit:co", "co"), ("unit:pair", "co")]
COLLECTIVES = {"unit:pair"}


def done(unit: str | None, day: str, **more: object) -> StatusReport:
    return StatusReport("ob", dt.date.fromisoformat(day), unit=unit, **more)  # type: ignore[arg-type]


def status(reports: list[StatusReport], rule: ProgressRule, day: str = "2019-02-01",
           goals: tuple[float, ...] = ()) -> Status:
    return judge("ob", DUE, as_of=dt.date.fromisoformat(day), reports=reports, owners=OWNERS,
                 rule=rule, goals=goals, collectives=COLLECTIVES).status


def test_a_co_owners_report_closes_only_its_share_under_either_rule() -> None:
    reports = [done("unit:co", "2018-12-01")]
    assert status(reports, ProgressRule.LEAD) is Status.OVERDUE
    assert status(reports, ProgressRule.ALL) is Status.OVERDUE
    shares = judge("ob", DUE, as_of=dt.date(2019, 2, 1), reports=reports, owners=OWNERS).shares
    assert [s.status for s in shares] == [Status.OVERDUE, Status.DONE, Status.OVERDUE]


def test_the_lead_decides_under_lead_and_the_last_owner_under_all() -> None:
    reports = [done("unit:lead", "2018-12-01"), done("unit:co", "2018-12-02")]
    assert status(reports, ProgressRule.LEAD) is Status.DONE
    assert status(reports, ProgressRule.ALL) is Status.OVERDUE
    late = [*reports, done("unit:pair", "2019-01-10")]
    assert status(late, ProgressRule.ALL) is Status.DONE_LATE
    assert status(late, ProgressRule.ALL, day="2019-01-09") is Status.OVERDUE


def test_a_member_countys_report_counts_for_the_collective_share() -> None:
    reports = [done("unit:lead", "2018-12-01"), done("unit:co", "2018-12-01"),
               done("unit:taishun", "2018-12-05")]  # no owner: a member of the collective
    assert status(reports, ProgressRule.ALL) is Status.DONE


def test_a_report_on_nobodys_behalf_closes_every_share() -> None:
    assert status([done(None, "2018-12-01")], ProgressRule.ALL) is Status.DONE


def test_reaching_the_goal_completes_the_instance_whoever_reports_it() -> None:
    short = [done("unit:co", "2018-12-01", complete=False, value=39.9)]
    reached = [done("unit:co", "2018-12-01", complete=False, value=41.2)]
    assert status(short, ProgressRule.ALL, goals=(1.0, 40.0, 65.0)) is Status.OVERDUE
    assert status(reached, ProgressRule.ALL, goals=(1.0, 40.0, 65.0)) is Status.DONE
    assert status(reached, ProgressRule.LEAD, day="2018-12-20",
                  goals=(40.0,)) is Status.DONE


def test_a_not_done_report_without_a_value_changes_nothing() -> None:
    reports = [done("unit:lead", "2018-12-01", complete=False)]
    assert status(reports, ProgressRule.LEAD, day="2018-12-15") is Status.DUE_SOON
