"""Numbering forms and the paths they give (the gold format's path rules)."""

from __future__ import annotations

from extract import extract_document
from extract.headings import find_sections


def _paths(text: str) -> list[str]:
    return [s.path for s in find_sections(text)]


def test_item_numbers_running_on_across_sections_keep_their_number() -> None:
    text = "一、甲\n（一）乙\n1.丙。\n2.丁。\n（二）戊\n3.己。\n"
    assert _paths(text) == ["一", "一(一)", "一(一)1", "一(一)2", "一(二)", "一(二)3"]


def test_chapters_and_articles() -> None:
    text = "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 适用范围。\n第二章 职责\n第三条 市局负责。\n"
    assert _paths(text) == ["第一章", "第一章第一条", "第一章第二条", "第二章", "第二章第三条"]


def test_bracketed_items_without_a_parent() -> None:
    assert _paths("（一）甲。\n（二）乙。\n") == ["(一)", "(二)"]


def test_circled_numbers_and_half_bracketed_numbers() -> None:
    text = "一、甲\n1.乙\n（1）丙\n1）丁\n①戊\n②己\n"
    assert _paths(text) == ["一", "一1", "一1(1)", "一1(1)1", "一1(1)1①", "一1(1)1②"]


def test_skipped_level_is_skipped() -> None:
    assert _paths("一、甲\n1.乙。\n2.丙。\n") == ["一", "一1", "一2"]


def test_prefix_for_a_second_plan() -> None:
    sections = find_sections("一、甲\n（一）乙。\n", prefix="附件2/", part="附件2")
    assert [(s.path, s.part) for s in sections] == [("附件2/一", "附件2"), ("附件2/一(一)", "附件2")]


def test_item_whose_text_opens_with_a_year_is_an_item() -> None:
    assert _paths("一、甲\n22.乙。\n23.2025年3月1日起实行新办法。\n") == ["一", "一22", "一23"]


def test_decimal_at_line_start_is_no_item() -> None:
    assert _paths("一、甲\n1.5亿元资金已到位。\n") == ["一"]


def test_closing_paragraphs_after_the_last_item_belong_to_no_item() -> None:
    text = ("一、任务\n1.减税。（责任单位：市税务局）\n2.降费。（责任单位：市财政局）\n"
            "各部门要加强政策宣传，市发改局要加强统筹。\n")
    doc = extract_document(text, "k")
    assert {t.path: [u.name for u in t.units] for t in doc.tasks} == {
        "一1": ["市税务局"], "一2": ["市财政局"]}


def test_articles_of_a_measure_carry_their_units_and_deadlines() -> None:
    text = ("某市停车管理办法\n第一章 总则\n第一条 为了规范停车管理，制定本办法。\n第二章 职责\n"
            "第二条 市交通运输局负责全市停车管理工作，每年3月底前公布收费标准。\n"
            "第三条 各区人民政府负责本辖区停车设施建设。\n")
    doc = extract_document(text, "m")
    assert {t.path: [u.name for u in t.units] for t in doc.tasks} == {
        "第二章第二条": ["市交通运输局"], "第二章第三条": ["各区人民政府"]}
    assert [d.path for d in doc.deadlines] == ["第二章第二条"]


def test_an_item_whose_text_opens_with_a_month_keeps_its_number() -> None:
    text = ("一、任务\n8.开展春季植树。(责任单位:县林业局)\n9.11月中旬前完成秋冬种。(责任单位:县农业局)\n"
            "10.做好防汛。(责任单位:县水利局)\n")
    tasks = {t.path: [u.name for u in t.units] for t in extract_document(text, "k").tasks}
    assert tasks == {"一8": ["县林业局"], "一9": ["县农业局"], "一10": ["县水利局"]}
