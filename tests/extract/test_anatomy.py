"""Document anatomy: a notice and the plan it issues, a plan as 附件, a plan with its 分工表."""

from __future__ import annotations

import datetime as dt

from extract import extract_document

PLAN = """某市推进老旧小区改造工作方案
一、重点任务
（一）完善设施。
1.改造供水管网。（责任单位：市水务局）
2.加装电梯，2024年6月底前完成。（市住建局牵头，市财政局、市规划局配合）
"""

NOTICE = """某市人民政府办公室关于印发某市推进老旧小区改造工作方案的通知
某政办发〔2024〕3号
各区人民政府，市政府各部门：
现将《某市推进老旧小区改造工作方案》印发给你们，请认真贯彻执行。
某市人民政府办公室
2024年1月15日
（此件公开发布）
"""

ATTACHED = """某市人民政府办公室关于印发某市推进老旧小区改造工作方案的通知
各区人民政府，市政府各部门：
经市政府同意，现印发给你们，请认真贯彻执行。
附件：某市推进老旧小区改造工作方案
某市人民政府办公室
2024年1月15日
附件
"""

TABLE = """附件
任务分工表
序号\t重点任务\t牵头单位\t配合单位\t完成时限
1\t完善设施\t市住建局\t市水务局 市财政局\t2024年12月底前
\t\t\t市城管局\t
"""


def _facts(extraction):
    units = {(t.path, u.name, u.role) for t in extraction.tasks for u in t.units}
    return units, {(d.path, d.due) for d in extraction.deadlines}


def test_notice_followed_by_the_plan_reads_the_whole_plan() -> None:
    doc = extract_document(NOTICE + PLAN, "a")
    assert [s.path for s in doc.sections] == ["一", "一(一)", "一(一)1", "一(一)2"]
    units, deadlines = _facts(doc)
    assert ("一(一)2", "市住建局", "lead") in units
    assert ("一(一)2", "市规划局", "co") in units
    assert ("一(一)2", dt.date(2024, 6, 30)) in deadlines


def test_header_comes_from_the_notice() -> None:
    header = extract_document(NOTICE + PLAN, "a").document
    assert header.title == "某市人民政府办公室关于印发某市推进老旧小区改造工作方案的通知"
    assert header.number == "某政办发〔2024〕3号"
    assert header.issuer == "某市人民政府办公室"
    assert header.issued_on == dt.date(2024, 1, 15)


def test_notice_text_carries_no_items() -> None:
    doc = extract_document(NOTICE + PLAN, "a")
    assert all(t.path for t in doc.tasks)
    assert not any("各区人民政府" == u.name for t in doc.tasks for u in t.units)


def test_notice_with_the_plan_as_attachment_gives_the_same_facts() -> None:
    plain = extract_document(PLAN, "p")
    attached = extract_document(ATTACHED + PLAN, "b")
    assert _facts(attached) == _facts(plain)
    assert attached.document.issuer == "某市人民政府办公室"


def test_second_plan_in_an_attachment_gets_a_prefix() -> None:
    second = "附件2\n另一方案\n一、任务\n（一）清理杂物。（责任单位：市城管局）\n"
    doc = extract_document(NOTICE + "附件1\n" + PLAN + second, "c")
    paths = [s.path for s in doc.sections]
    assert "一(一)2" in paths and "附件2/一(一)" in paths
    assert ("附件2/一(一)", "市城管局") in {(path, name) for path, name, _ in _facts(doc)[0]}


def test_plan_with_its_task_table_puts_rows_under_the_plan_item() -> None:
    doc = extract_document(PLAN + TABLE, "d")
    units, deadlines = _facts(doc)
    assert {("一(一)", "市住建局", "lead"), ("一(一)", "市水务局", "co"),
            ("一(一)", "市财政局", "co"), ("一(一)", "市城管局", "co")} <= units
    assert ("一(一)", dt.date(2024, 12, 31)) in deadlines
    assert [s.path for s in doc.sections] == ["一", "一(一)", "一(一)1", "一(一)2"]


def test_table_row_matching_no_item_gets_its_number() -> None:
    table = "序号\t工作任务\t责任单位\n7\t开展夜间巡查\t市公安局\n"
    doc = extract_document(PLAN + table, "e")
    assert ("表/7", "市公安局") in {(t.path, u.name) for t in doc.tasks for u in t.units}


def test_corpus_metadata_is_furniture_and_gives_the_title() -> None:
    text = "# source: somewhere\n# title: 某市老旧小区改造方案\n" + PLAN
    doc = extract_document(text, "f")
    assert doc.document.title == "某市老旧小区改造方案"
    assert doc.sections[0].path == "一"


def test_closing_lines_end_the_plan() -> None:
    text = PLAN + "抄送：市委办公室。\n某市人民政府办公室 2024年1月15日印发\n"
    doc = extract_document(text, "g")
    assert doc.sections[-1].end <= text.index("抄送")


def test_red_head_number_and_title_on_consecutive_lines() -> None:
    text = ("某市人民政府文件\n某政发〔2024〕5号\n某市人民政府关于加快发展的实施意见\n"
            "各区人民政府：\n现就加快发展提出如下意见。\n一、任务\n（一）建设园区。（责任单位：市发改委）\n"
            "某市人民政府\n2024年3月1日\n")
    header = extract_document(text, "h").document
    assert header.title == "某市人民政府关于加快发展的实施意见"
    assert header.number == "某政发〔2024〕5号"
    assert (header.issuer, header.issued_on) == ("某市人民政府", dt.date(2024, 3, 1))


def test_notice_without_a_signing_organ_takes_the_issuer_from_its_title() -> None:
    text = NOTICE.replace("某市人民政府办公室\n2024年1月15日", "2024年1月15日") + PLAN
    assert extract_document(text, "i").document.issuer == "某市人民政府办公室"


def test_table_with_space_separated_cells_and_roles_marked_in_cells() -> None:
    table = ("序号    重点任务    责任单位    完成时限\n"
             "1    完善设施建设    市住建局（牵头）、市财政局    2024年12月底前\n")
    units, deadlines = _facts(extract_document(PLAN + table, "j"))
    assert {("一(一)", "市住建局", "lead"), ("一(一)", "市财政局", "co")} <= units
    assert ("一(一)", dt.date(2024, 12, 31)) in deadlines


def test_forwarding_notice_over_an_issuing_notice_keeps_the_plan() -> None:
    text = ("某县人民政府办公室转发市政府办公室关于印发某市推进老旧小区改造工作方案的通知\n"
            "各乡镇人民政府：\n现将《某市人民政府办公室关于印发某市推进老旧小区改造工作方案的通知》"
            "转发给你们，请结合实际认真贯彻落实。\n某县人民政府办公室\n2024年2月1日\n") + NOTICE + PLAN
    doc = extract_document(text, "k")
    assert _facts(doc) == _facts(extract_document(PLAN, "p"))
    assert (doc.document.issuer, doc.document.issued_on) == ("某县人民政府办公室", dt.date(2024, 2, 1))


def test_plan_signed_before_its_table_attachment() -> None:
    text = PLAN + "某市人民政府办公室\n2024年1月15日\n" + TABLE
    doc = extract_document(text, "l")
    units, deadlines = _facts(doc)
    assert ("一(一)", "市住建局", "lead") in units
    assert all(path for path, _ in deadlines)  # the signature's date is no deadline
    assert (doc.document.issuer, doc.document.issued_on) == ("某市人民政府办公室", dt.date(2024, 1, 15))
