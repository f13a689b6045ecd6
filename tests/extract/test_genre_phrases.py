"""Realistic phrases of the genre beyond the two bundled documents."""

from __future__ import annotations

import datetime as dt

import pytest

from extract import ExtractConfig, extract_document
from extract.deadlines import find_deadlines
from extract.fold import fold
from extract.numbers import find_quantities
from extract.unit_names import make_unit, split_unit_list

D = dt.date

DOC = """关于推进数字经济发展的通知

一、工作目标
到2020年，全市数字经济核心产业增加值达到１．５亿元，占比不低于百分之六十五。
二、重点任务
（一）培育龙头企业。每年新增规模以上企业1—2个，2019年6月底前完成摸底。
牵头单位：市经信局
配合单位：市财政局、市商务局〈口岸办〉
（二）强化要素保障。上半年完成政策制定，2019年6月30日前出台细则。（责任单位：各县（市、区）人民政府，市自然资源局）
"""


@pytest.fixture(scope="module")
def genre():
    return extract_document(DOC, "genre")


def test_full_width_headings_and_clauses(genre) -> None:
    assert [s.path for s in genre.sections] == ["一", "二", "二(一)", "二(二)"]
    assert genre.document.title == "关于推进数字经济发展的通知"


def test_lead_and_co_lists_on_separate_lines(genre) -> None:
    task = next(t for t in genre.tasks if t.path == "二(一)")
    assert [(u.name, u.role, u.aliases) for u in task.units] == [
        ("市经信局", "lead", ()), ("市财政局", "co", ()), ("市商务局", "co", ("口岸办",))]


def test_full_width_responsibility_clause_keeps_bracketed_qualifier(genre) -> None:
    task = next(t for t in genre.tasks if t.path == "二(二)")
    assert [(u.name, u.role, u.level, u.collective) for u in task.units] == [
        ("各县(市、区)人民政府", "lead", "county", True), ("市自然资源局", "co", "city", False)]
    assert task.source.quote.startswith("（责任单位：")


def test_targets_of_the_genre(genre) -> None:
    got = [(t.value, t.value_max, t.unit, t.comparator, t.base_value, t.period, t.due)
           for t in genre.targets]
    assert got == [
        (1.5, None, "亿元", "=", 150_000_000, "cumulative", D(2020, 12, 31)),
        (65, None, "%", ">=", 65, "cumulative", D(2020, 12, 31)),
        (1, 2, "个", "range", 1, "yearly", D(2019, 6, 30)),
    ]


def test_deadlines_of_the_genre_resolve_against_the_nearest_year(genre) -> None:
    got = [(d.raw, d.due, d.precision) for d in genre.deadlines]
    # No issue date: 上半年 takes the year of the nearest explicit year before it (2019).
    assert got == [
        ("到2020年", D(2020, 12, 31), "year"),
        ("每年", D(2020, 12, 31), "year"),
        ("2019年6月底前", D(2019, 6, 30), "month"),
        ("上半年", D(2019, 6, 30), "half"),
        ("2019年6月30日前", D(2019, 6, 30), "day"),
    ]


@pytest.mark.parametrize(
    ("phrase", "reading", "due", "readings"),
    [
        ("2019年前完成", "end", D(2019, 12, 31), (D(2018, 12, 31), D(2019, 12, 31))),
        ("2019年前完成", "start", D(2018, 12, 31), (D(2018, 12, 31), D(2019, 12, 31))),
        ("2018年四季度前完成", "start", D(2018, 9, 30), (D(2018, 9, 30), D(2018, 12, 31))),
        ("2018年底前完成", "start", D(2018, 12, 31), (D(2018, 12, 31),)),
        ("二〇一九年十月底前完成", "end", D(2019, 10, 31), (D(2019, 10, 31),)),
        ("2021年下半年完成", "end", D(2021, 12, 31), (D(2021, 12, 31),)),
    ],
)
def test_ambiguous_before_is_configurable(phrase, reading, due, readings) -> None:
    config = ExtractConfig(before_reading=reading)
    found = find_deadlines(phrase, fold(phrase), "k", (), config=config)
    assert [(d.due, d.readings) for d in found] == [(due, readings)]


def test_yearly_deadline_first_instance_follows_the_issue_date() -> None:
    text = "每年10月底前报送。"
    found = find_deadlines(text, fold(text), "k", (), issued_on=D(2020, 3, 1))
    assert [(d.due, d.recurrence, d.month, d.day) for d in found] == [(D(2020, 10, 31), "yearly", 10, 31)]


@pytest.mark.parametrize(
    ("text", "value", "unit", "base_value", "base_unit"),
    [
        ("投资1.5亿元", 1.5, "亿元", 150_000_000, "元"),
        ("资金300万元", 300, "万元", 3_000_000, "元"),
        ("培训2.5万人次", 2.5, "万人次", 25_000, "人次"),
        ("占比达到百分之六十五", 65, "%", 65, "%"),
        ("覆盖率95%", 95, "%", 95, "%"),
        ("新建１２个", 12, "个", 12, "个"),
    ],
)
def test_numbers_with_units_and_base_values(text, value, unit, base_value, base_unit) -> None:
    [quantity] = find_quantities(fold(text))
    assert (quantity.value, quantity.unit, quantity.base_value, quantity.base_unit) == (
        value, unit, base_value, base_unit)


@pytest.mark.parametrize(
    ("sentence", "comparator"),
    [
        ("年产值不低于10亿元。", ">="),
        ("项目不超过5个。", "<="),
        ("用地控制在100亩以内。", "<="),
        ("每年召开会议2次以上。", ">="),
        ("建成1至2个示范区。", "range"),
        ("建成示范区3个。", "="),
    ],
)
def test_comparators(sentence, comparator) -> None:
    [target] = extract_document(sentence, "k").targets
    assert target.comparator == comparator


def test_names_with_numbers_are_not_targets() -> None:
    text = "贯彻党的十九大精神，落实“八八战略”，推进五个产业园建设，3年内完成。"
    assert extract_document(text, "k").targets == ()


def test_split_list_keeps_brackets_whole() -> None:
    text = "市招商局〈经合办〉、结对县〈市、区〉党委、政府；省发改委"
    assert [text[s:e] for s, e in split_unit_list(text)] == [
        "市招商局〈经合办〉", "结对县〈市、区〉党委、政府", "省发改委"]


def test_generic_words_in_a_responsibility_list_are_kept_as_written() -> None:
    # The gold contract writes every listed name: 其他有关部门 is kept beside the units.
    mixed = extract_document("（责任单位：市发改委、其他有关部门）", "k")
    assert [u.name for t in mixed.tasks for u in t.units] == ["市发改委", "其他有关部门"]


def test_collective_subjects_listed_with_units_are_units() -> None:
    # The gold contract: 各有关单位, 各区政府 … are collective units.
    mixed = extract_document("（责任单位：市发改委、各有关部门）", "k")
    assert [(u.name, u.collective) for t in mixed.tasks for u in t.units] == [
        ("市发改委", False), ("各有关部门", True)]


def test_unit_levels_from_prefix() -> None:
    assert [make_unit(n, "co").level for n in ("省财政厅", "市财政局", "区财政局", "县财政局", "财政局")] == [
        "province", "city", "county", "county", "unknown"]


def test_abbreviated_places_resolve_only_against_known_places() -> None:
    text = "推动鹿—泰“飞地”创新平台建设，推进位于鹿城区七都街道的鹿城—泰顺园区。"
    plain = extract_document(text, "k")
    assert [p.name for p in plain.places] == ["“飞地”创新平台", "鹿城区", "七都街道"]
    known = extract_document(text, "k", ExtractConfig(known_places=("鹿城区", "泰顺县")))
    assert [(p.name, p.source.quote) for p in known.places] == [
        ("鹿城区", "鹿"), ("泰顺县", "泰"), ("“飞地”创新平台", "“飞地”创新平台"), ("七都街道", "七都街道")]


def test_document_without_structure_gets_warnings() -> None:
    result = extract_document("这是一段没有标题也没有责任单位的文字。", "k")
    assert result.warnings == ("no headings found", "no responsibility clauses found")


def test_dangnian_month_phrase_is_a_yearly_deadline() -> None:
    from extract.pipeline import extract_document

    text = "一、保障措施\n(一)强化资金保障。年度帮扶资金在当年5月底前到位。\n\n某市人民政府\n2018年12月7日\n"
    (deadline,) = extract_document(text, "t").deadlines
    assert (deadline.raw, deadline.recurrence, deadline.month, deadline.day) == ("当年5月底前", "yearly", 5, 31)
    assert deadline.due is not None and deadline.due.isoformat() == "2019-05-31"


def test_bare_first_half_in_a_december_document_means_the_next_year() -> None:
    from extract.pipeline import extract_document

    text = "一、工作任务\n(一)完成规划。上半年完成规划编制。\n\n某县人民政府\n2018年12月7日\n"
    (deadline,) = extract_document(text, "t").deadlines
    assert (deadline.recurrence, deadline.due.isoformat() if deadline.due else None) == ("once", "2019-06-30")


def test_restarted_heading_numbering_gives_unique_paths_and_a_warning() -> None:
    from extract.pipeline import extract_document

    text = "一、总体要求\n(一)工作目标\n1.推进项目\n一、附件说明\n(一)补充任务\n"
    extraction = extract_document(text, "t")
    assert [s.path for s in extraction.sections] == ["一", "一(一)", "一(一)1", "一~2", "一~2(一)"]
    assert any("numbering restarts" in w for w in extraction.warnings)
