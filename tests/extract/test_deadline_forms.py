"""Deadline phrases as the genre writes them, read as the gold format's keys (invented text)."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.deadlines import find_deadlines
from extract.fold import fold

ISSUED = dt.date(2027, 2, 10)


def keys(text: str, issued_on: dt.date | None = ISSUED) -> list[str | None]:
    return [d.key for d in find_deadlines(text, fold(text), "k", (), issued_on=issued_on)]


@pytest.mark.parametrize(("text", "expected"), [
    ("到2028年6月底,新建充电桩全面投用。", ["2028-06-30"]),  # not 2028-12-31
    ("2027年一季度完成摸底调查。", ["2027-03-31"]),
    ("11月中旬前报送年度总结。", ["2027-11-20"]),
    ("6月上旬前印发实施细则。", ["2027-06-10"]),
    ("6月底前出台配套政策。", ["2027-06-30"]),
    ("第三季度末完成验收。", ["2027-09-30"]),
    ("二季度前完成招标。", ["2027-06-30"]),  # the "by the end of" reading
    ("上半年完成选址,下半年开工建设。", ["2027-06-30", "2027-12-31"]),
    ("年内建成服务站12个。", ["2027-12-31"]),
    ("全年完成造林3万亩。", ["2027-12-31"]),
    ("实施数字乡村行动(2027—2029年),分步推进。", ["2029-12-31"]),
    ("3月份成立工作专班。", ["2027-03-31"]),
    ("9.11月中旬前完成满意度调查。", ["2027-11-20"]),  # right after an item number
    ("到“十五五”末,基本建成现代化产业体系。", ["2030-12-31"]),
    ("“十五五”期间累计新建供水工程800处。", ["2030-12-31"]),  # a plan period, by its end
    ("本年度内完成全部改造。", ["2027-12-31"]),
])
def test_one_off_phrases_read_by_the_end_of_the_period(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


def test_the_year_the_sentence_names_wins_over_the_issue_year() -> None:
    assert keys("根据2028年计划,6月底前完成方案。") == ["2028-06-30"]


def test_an_undated_document_takes_the_nearest_year_it_names() -> None:
    assert keys("到2026年,全面推开。上半年完成评估。", issued_on=None) == ["2026-12-31", "2026-06-30"]


@pytest.mark.parametrize(("text", "expected", "recurrence"), [
    ("每月10日前报送进度。", "monthly:10", "monthly"),
    ("每月通报一次。", "monthly:end", "monthly"),
    ("按月开展调度。", "monthly:end", "monthly"),
    ("每季度末召开联席会议。", "quarterly", "quarterly"),
    ("每半年开展一次评估。", "half-yearly", "half-yearly"),
    ("每年10月底前报送总结。", "yearly:10-31", "yearly"),
    ("每年组织一次专项督查。", "yearly:12-31", "yearly"),
])
def test_recurring_phrases(text: str, expected: str, recurrence: str) -> None:
    (deadline,) = find_deadlines(text, fold(text), "k", (), issued_on=ISSUED)
    assert (deadline.key, deadline.recurrence) == (expected, recurrence)


def test_a_recurring_deadline_is_first_due_after_the_issue_date() -> None:
    (monthly,) = find_deadlines("每月10日前报送。", fold("每月10日前报送。"), "k", (), issued_on=ISSUED)
    (quarterly,) = find_deadlines("每季度末报送。", fold("每季度末报送。"), "k", (), issued_on=ISSUED)
    assert (monthly.due, monthly.day) == (dt.date(2027, 2, 10), 10)
    assert quarterly.due == dt.date(2027, 3, 31)


@pytest.mark.parametrize("text", [
    "(责任单位:区发改局;完成时限:长期坚持)",
    "(牵头单位:区商务局,持续推进)",
])
def test_ongoing_work_has_no_due_date(text: str) -> None:
    (deadline,) = find_deadlines(text, fold(text), "k", (), issued_on=ISSUED)
    assert (deadline.recurrence, deadline.due, deadline.key) == ("ongoing", None, "ongoing")


def test_a_table_cell_and_a_label_are_completion_times() -> None:
    text = "序号\t工作措施\t完成时限\t责任单位\n1\t建立台账\t6月\t区环保局\n2\t巡查河道\t全年\t区水利局\n"
    assert keys(text) == ["2027-06-30", "2027-12-31"]
    assert keys("完成时间:2027年9月底前完成") == ["2027-09-30"]


@pytest.mark.parametrize("text", [
    "持续推进营商环境改革,优化服务。",  # 持续推进 as the verb, not a completion time
    "力争全年最好结果。",
    "2026年全市完成投资增长8%。",  # a past year
    "对2027年6月底前到期的贷款给予展期。",  # a condition
    "2027年3月31日前实行欠费不停供。",  # the window of a relief
    "符合条件的在3年内按规定享受补贴。",  # a duration
    "自2026年第二季度起至2027年6月底,对符合条件的企业给予贴息。",  # a period of grace
    "按照《行动方案(2027-2029年)》要求执行。",  # a cited title
    "组织开展年中调研督查。",  # a kind of inspection
    "2027年是实施规划的关键一年。",
    "每年给予一次性补贴。",  # the rhythm of a benefit
    "截至2026年底,全市已建成标准厂房120万平方米。",  # the date of a past figure
])
def test_phrases_that_are_not_deadlines(text: str) -> None:
    assert keys(text) == []


def test_long_runs_of_masked_furniture_read_in_linear_time() -> None:
    import time

    text = "6月底前完成。" + " " * 30000 + "每季度末报送。"
    began = time.perf_counter()
    assert keys(text) == ["2027-06-30", "quarterly"]
    assert time.perf_counter() - began < 3  # was 11 s and growing with the square of the run


def test_the_json_rendering_gives_each_deadline_its_key() -> None:
    from extract import extract_document

    rendered = extract_document("一、任务\n（一）每月10日前报送进度。\n", "k").to_json()
    assert [d["key"] for d in rendered["deadlines"]] == ["monthly:10"]
