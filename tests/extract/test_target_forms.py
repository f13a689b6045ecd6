"""Targets as the genre writes them: whole measure words, comparators from the words, and
the figures that are not targets (invented text)."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.deadlines import find_deadlines
from extract.fold import fold
from extract.model import Target
from extract.targets import find_targets

ISSUED = dt.date(2027, 2, 10)


def targets(text: str) -> list[Target]:
    folded = fold(text)
    deadlines = find_deadlines(text, folded, "k", (), issued_on=ISSUED)
    return list(find_targets(text, folded, "k", (), deadlines, issued_on=ISSUED))


def read(text: str) -> list[tuple[float, float | None, str, str]]:
    return [(t.value, t.value_max, t.unit, t.comparator) for t in targets(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("全年新增城镇就业1.2万人。", [(1.2, None, "万人", "=")]),  # not 1.2 万
    ("改造农村危房3000户,新增供水0.8万户。", [(3000, None, "户", "="), (0.8, None, "万户", "=")]),
    ("新增建设用地控制在2.5平方公里以内。", [(2.5, None, "平方公里", "<=")]),
    ("完成高标准农田1200公顷。", [(1200, None, "公顷", "=")]),
    ("建成保障性住房12万平方米。", [(12, None, "万平方米", "=")]),
    ("旅游总收入突破150亿元。", [(150, None, "亿元", ">=")]),
    ("新增市场主体1.5万个以上。", [(1.5, None, "万个", ">=")]),
    ("培训农民工不少于3000人次。", [(3000, None, "人次", ">=")]),
    ("培育龙头企业超过20家。", [(20, None, "家", ">=")]),
    ("每个乡镇至少建成1个服务站。", [(1, None, "个", ">=")]),
    ("综合能耗不超过0.5吨标准煤。", [(0.5, None, "吨标准煤", "<=")]),
    ("引进项目5—8个。", [(5, 8, "个", "range")]),
    ("全年安排重点项目120个。", [(120, None, "个", "=")]),  # a count planned, not funding
    ("确保实现营业收入500亿元的年度目标。", [(500, None, "亿元", "=")]),
    ("新签约10亿元以上项目5个。", [(5, None, "个", "=")]),  # 10亿元 sizes the projects
    ("城镇调查失业率5.5%以下。", [(5.5, None, "%", "<=")]),
    ("农业用水效率提高3个百分点以上。", [(3, None, "个百分点", ">=")]),
])
def test_measure_words_and_comparators(text: str, expected: list[tuple[float, float | None, str, str]]) -> None:
    assert read(text) == expected


def test_a_level_held_gets_its_metric_and_a_concentration_its_unit() -> None:
    kept, air = targets("森林覆盖率稳定在60%以上,PM2.5平均浓度控制在30微克/立方米以内。")
    assert (kept.metric, kept.value, kept.comparator) == ("森林覆盖率", 60, ">=")
    assert (air.unit, air.comparator) == ("微克/立方米", "<=")


def test_a_bound_kept_within_gets_its_metric() -> None:
    (target,) = targets("全区城镇登记失业率控制在10%以内。")
    assert (target.value, target.unit, target.comparator) == (10, "%", "<=")
    assert target.metric == "城镇登记失业率"


@pytest.mark.parametrize("text", [
    "审批时限压缩至15个工作日以内。",  # a service standard
    "缓缴期限延长6个月。",  # a duration
    "全区已建成充电桩800个。",  # a past figure
    "截至目前,全市共有孵化器26家。",
    "2026年全区生产总值同比增长6.5%。",  # a past year's growth in a 2027 plan
    "对新认定的企业给予最高50万元奖励。",  # an award
    "按照实际投入的30%给予补贴,每家最高不超过20万元。",  # a subsidy and its cap
    "对营业收入达到1亿元以上的企业予以表彰。",  # an eligibility threshold
    "对年纳税超过500万元、300万元的企业分档支持。",
    "建设年产30万吨再生资源项目。",  # a capacity
    "设备补助标准为2万元/台。",
    "文件版本为%PDF-1.4。",  # not a 1.4% target
    "安排3000万元专项经费。",
])
def test_figures_that_are_not_targets(text: str) -> None:
    assert read(text) == []


def test_a_funded_output_keeps_its_target_but_not_the_funding() -> None:
    assert read("安排500万元开展惠民活动,服务群众3万人次以上。") == [(3, None, "万人次", ">=")]
