"""The provincial document (body only, no header): the complete expected structure.

Every expected value below was read off the document text by hand.
"""

from __future__ import annotations

import datetime as dt

from extract.model import Extraction
from tests.extract.conftest import all_provenances

BY_2012 = dt.date(2012, 12, 31)

SECTIONS = [
    ("一", "总体要求"),
    ("二", "拓展山海协作工程的领域和内涵"),
    ("二(一)", "深化特色优势产业领域合作"),
    ("二(二)", "丰富新农村建设合作内涵"),
    ("二(三)", "创新人力资源培训就业合作方式"),
    ("二(四)", "加强社会事业和公共服务领域合作"),
    ("三", "创新山海协作工程推进机制"),
    ("三(一)", "优化山海协作结对合作方式"),
    ("三(二)", "建立重点山海协作项目的部门联系机制"),
    ("三(三)", "搭建山海协作平台"),
    ("三(四)", "优化山海协作管理服务"),
    ("四", "进一步加大政策扶持力度"),
    ("四(一)", "建立山海协作产业合作指导目录"),
    ("四(二)", "切实加大财政扶持力度"),
    ("四(三)", "落实山海协作项目用地倾斜政策"),
    ("四(四)", "加大金融支持力度"),
    ("五", "切实强化山海协作工程的组织保障"),
]

# (path, value, value_max, unit, comparator, base_value, base_unit, metric, scope, period, due)
TARGETS = [
    ("一", 2000, None, "个", "=", 2000, "个", "山海协作特色优势产业项目", None, "cumulative", BY_2012),
    ("一", 400, None, "亿元", "=", 40_000_000_000, "元", "到位资金", None, "cumulative", BY_2012),
    ("一", 100, None, "个", "=", 100, "个", "山海协作参与新农村建设示范点", None, "cumulative", BY_2012),
    ("一", 1.2, None, "亿元", "=", 120_000_000, "元", "到位资金", None, "cumulative", BY_2012),
    ("一", 10, None, "个", "=", 10, "个", "山海协作职业技能实训基地", None, "cumulative", BY_2012),
    ("一", 1.2, None, "万", "=", 12_000, "人", "欠发达地区群众", None, "cumulative", BY_2012),
    ("三(一)", 1, None, "次", ">=", 1, "次", "互访", "对口市县", "yearly", None),
    ("三(一)", 1, 2, "个", "range", 1, "个", "欠发达市", "各市", "yearly", None),
]

DEPARTMENTS = ["省发改委", "省经信委", "省教育厅", "省科技厅", "省财政厅", "省人力社保厅", "省文化厅",
               "省卫生厅"]


def test_missing_header_gives_none_fields(doc003: Extraction) -> None:
    header = doc003.document
    assert (header.title, header.number, header.issuer, header.issued_on) == (None, None, None, None)
    assert header.cites == ()


def test_headings_with_body_on_the_same_line(doc003: Extraction) -> None:
    assert [(s.path, s.heading) for s in doc003.sections] == SECTIONS
    first = doc003.sections[0]
    assert doc003.text[first.start :].startswith("一、总体要求 以科学发展观为指导")
    assert doc003.text[: first.end].endswith("有效缩小发达地区与欠发达地区的公共服务差距。")


def test_subject_sentence_names_eight_provincial_departments(doc003: Extraction) -> None:
    task = next(t for t in doc003.tasks if t.path == "五")
    departments = [u for u in task.units if u.name.startswith("省")]
    assert [u.name for u in departments] == DEPARTMENTS
    # "…等有关部门要…" marks no lead: every unit is co (gold contract).
    assert [u.role for u in departments] == ["co"] * 8
    assert {u.level for u in departments} == {"province"}
    # The task merges both subject sentences of 五; its text holds the departments' one.
    assert "省发改委、省经信委" in task.text
    assert "形成推进新一轮山海协作工程的工作合力。" in task.text


def test_unit_words_without_a_unit_name_are_not_units(doc003: Extraction) -> None:
    # "省级教育、科技…等部门要…" is not split into 科技, 文化 …; collective subjects that
    # assign work ("各级政府要…", "各级、各部门要…") are units under the gold contract.
    names = {u.name for t in doc003.tasks for u in t.units}
    assert not names & {"省级教育", "科技", "文化", "卫生", "人力社保等部门"}
    assert names == set(DEPARTMENTS) | {"各级政府", "各级", "各部门", "发达地区", "欠发达地区",
                                        "省级有关部门", "发达地区各市政府",
                                        "省级教育、科技、文化、卫生、人力社保等部门",
                                        "合作双方政府", "各级经信、协作部门",
                                        # 对口市县每年至少…, 各有关部门的…资金…要…, 各地在…的前提下,…要…
                                        "对口市县", "各有关部门", "各地"}


def test_every_quantitative_target(doc003: Extraction) -> None:
    got = [(t.path, t.value, t.value_max, t.unit, t.comparator, t.base_value, t.base_unit, t.metric,
            t.scope, t.period, t.due) for t in doc003.targets]
    assert got == TARGETS


def test_thresholds_and_numbered_meetings_are_not_targets(doc003: Extraction) -> None:
    # 超过5亿元的重点项目 is a threshold; 十二届四次全会 a meeting; 152计划 a name.
    assert all(t.unit != "亿元" or t.value != 5 for t in doc003.targets)
    assert all(t.value not in (4, 152, 2002) for t in doc003.targets)


def test_deadline_horizon_without_an_issue_date(doc003: Extraction) -> None:
    got = [(d.path, d.raw, d.due, d.precision, d.recurrence, d.readings) for d in doc003.deadlines]
    # Undated: the bare 每年 (yearly:12-31) starts from the nearest year named before it.
    assert got == [("一", "到2012年", BY_2012, "year", "once", (BY_2012,)),
                   ("二(四)", "每年", BY_2012, "year", "yearly", (BY_2012,)),
                   ("三(一)", "每年", BY_2012, "year", "yearly", (BY_2012,)),
                   ("三(一)", "每年", BY_2012, "year", "yearly", (BY_2012,)),
                   # 办好每年一度的…系列活动: a yearly event
                   ("三(三)", "每年", BY_2012, "year", "yearly", (BY_2012,))]


def test_tasks_are_the_leaves_with_facts(doc003: Extraction) -> None:
    # 每年 makes 二(四), 三(一), 三(三) tasks; subjects ("省级有关部门要…", "各级政府要…") 三(二), 四(二);
    # a subject keeping the work through an aside ("…在…的同时,要…") 二(一), 四(三).
    assert [t.path for t in doc003.tasks] == ["一", "二(一)", "二(四)", "三(一)", "三(二)", "三(三)",
                                              "四(二)", "四(三)", "五"]


def test_no_places_without_proper_names(doc003: Extraction) -> None:
    assert doc003.places == ()


def test_every_fact_quotes_its_span(doc003: Extraction) -> None:
    assert doc003.warnings == ()
    for fact in all_provenances(doc003):
        assert doc003.text[fact.start : fact.end] == fact.quote
