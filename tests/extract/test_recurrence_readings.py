"""Recurrence only where the text says so (invented sentences of the genre)."""

from __future__ import annotations

import datetime as dt

from extract.deadlines import find_deadlines
from extract.fold import fold

ISSUED = dt.date(2027, 2, 1)


def readings(text: str) -> list[tuple[str, str, dt.date | None]]:
    return [(d.raw, d.recurrence, d.horizon)
            for d in find_deadlines(text, fold(text), "k", (), issued_on=ISSUED)]


def test_a_one_off_award_at_the_years_end_is_one_off() -> None:
    found = readings("对年度评价优秀的企业,年底前一次性奖励20万元。")
    assert found == [("年底前", "once", None)]


def test_a_years_target_is_not_yearly_work() -> None:
    # 年度目标 is this year's target: a 工作要点 for one year owes it once
    assert readings("年底前完成年度目标任务。") == [("年底前", "once", None)]


def test_a_bare_year_end_in_a_sentence_saying_every_year_is_yearly() -> None:
    assert [r for _, r, _ in readings("每年组织一次评审,年底前完成。")] == ["yearly"]


def test_only_a_phrase_naming_its_year_ends_a_recurrence() -> None:
    bounded = readings("2030年前全市每年完成项目20个。")
    assert [h for raw, _, h in bounded if raw == "每年"] == [dt.date(2030, 12, 31)]
    unbounded = readings("每年组织评审,年底前一次性兑现。")
    assert [h for raw, _, h in unbounded if raw == "每年"] == [None]
