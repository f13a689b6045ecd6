"""The Wenzhou city document (温政发〔2018〕26号): the complete expected structure.

Every expected value below was read off the document text by hand.
"""

from __future__ import annotations

import datetime as dt

from extract.model import Extraction
from tests.extract.conftest import all_provenances

D = dt.date

SECTIONS = [
    ("一", "指导思想"),
    ("二", "主要任务"),
    ("二(一)", "推进产业项目合作"),
    ("二(二)", "建好山海协作发展新平台"),
    ("二(二)1", "建立健全生态旅游文化产业园管理运营机制"),
    ("二(二)2", "规范编制生态旅游文化产业园发展规划及建设指标"),
    ("二(二)3", "高标准建设产业园及“七都”山海协作总部经济园区"),
    ("二(三)", "促进群众增收和社会事业合作"),
    ("二(三)1", "促进低收入群众增收致富"),
    ("二(三)2", "加强山海协作人力资源合作"),
    ("二(三)3", "开展社会事业合作"),
    ("二(三)4", "帮助建立营销网络"),
    ("三", "保障措施"),
    ("三(一)", "加强组织领导"),
    ("三(二)", "加强对接交流"),
    ("三(三)", "强化工作保障"),
    ("三(四)", "强化政策保障"),
    ("三(五)", "强化督查考核"),
]

ZSJ = ("市招商局", "lead")
PAIRED = "结对县(市、区)党委、政府"
# path → [(canonical name, role)] of each "(责任单位:…)" clause, in order.
CLAUSES = {
    "二(一)": [ZSJ, (PAIRED, "co")],
    "二(二)1": [(PAIRED, "lead")],
    "二(二)2": [ZSJ, ("市发改委", "co"), ("市国土资源局", "co"), ("市规划局", "co"),
               ("市旅游局", "co"), (PAIRED, "co")],
    "二(二)3": [ZSJ, ("市发改委", "co"), ("市财政局", "co"), ("市国土资源局", "co"),
               ("市规划局", "co"), (PAIRED, "co")],
    "二(三)1": [("市农业局", "lead"), ("市发改委", "co"), ("市旅游局", "co"), ("市招商局", "co"),
               (PAIRED, "co")],
    "二(三)2": [("市人力社保局", "lead"), ("市招商局", "co"), (PAIRED, "co")],
    "二(三)3": [("市教育局", "lead"), ("市财政局", "co"), ("市人力社保局", "co"), ("市卫计委", "co"),
               (PAIRED, "co")],
    "二(三)4": [("市农业局", "lead"), ("市商务局", "co"), ("市招商局", "co"), (PAIRED, "co")],
}

# (path, value, value_max, unit, comparator, base_value, metric, scope, period, due)
TARGETS = [
    ("二(一)", 1, None, "次", ">=", 1, "产业合作(转移)对接洽谈和项目签约会", "结对县(市、区)", "yearly", D(2020, 12, 31)),
    ("二(一)", 40, None, "亿元", ">=", 4_000_000_000, "山海协作产业项目到位资金", "全市", "yearly", D(2020, 12, 31)),
    ("二(一)", 65, None, "%", "=", 65,
     "信息、环保、健康、旅游、时尚、文化、金融、高端装备等八大产业项目数和到位资金", "全市", "yearly", D(2020, 12, 31)),
    ("二(二)1", 2, None, "亿元", ">=", 200_000_000, "首期到位注册资金", None, "cumulative", D(2018, 7, 31)),
    ("二(二)2", 237.7, None, "亿元", "=", 23_770_000_000, "5个生态旅游文化产业园计划总投资", None, "cumulative",
     D(2020, 12, 31)),
    ("二(三)1", 20, None, "个", "=", 20, "群众增收项目", "全市", "yearly", D(2020, 12, 31)),
    ("二(三)1", 1000, None, "万元", ">=", 10_000_000, "到位结对帮扶援建资金", "全市", "yearly", D(2020, 12, 31)),
    ("二(三)2", 6000, None, "人次", "=", 6000, "培训就业(含转移)", "全市", "yearly", None),
    ("二(三)3", 1, None, "个", ">=", 1, "合作项目(协议)", "每个领域", "yearly", None),
    ("二(三)4", 30, None, "个", ">=", 30, "绿色农产品、土特产销售窗口和平台", None, "cumulative", D(2020, 12, 31)),
    ("三(一)", 1, None, "次", "=", 1, "山海协作专题工作会议", "全市", "yearly", None),
    ("三(二)", 2, None, "次", ">=", 2, "高层互访", None, "yearly", None),
    ("三(二)", 2, None, "次", ">=", 2, "联席会议", None, "yearly", None),
]

# (path, raw, due, precision, recurrence, readings)
DEADLINES = [
    ("二(一)", "每年年底前", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    # "2020年结对县(市、区)每年组织…": a later year opening a clause says by when.
    ("二(一)", "2020年", D(2020, 12, 31), "year", "once", (D(2020, 12, 31),)),
    # A bare 每年 is yearly work due by each year's end (yearly:12-31); the first
    # instance is the issue year's.
    # (said twice in that sentence: one deadline)
    ("二(一)", "每年", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    ("二(二)1", "2018年7月底前", D(2018, 7, 31), "month", "once", (D(2018, 7, 31),)),
    ("二(二)2", "2018年四季度前", D(2018, 12, 31), "quarter", "once", (D(2018, 9, 30), D(2018, 12, 31))),
    ("二(二)2", "2020年", D(2020, 12, 31), "year", "once", (D(2020, 12, 31),)),
    ("二(二)3", "2019年前", D(2019, 12, 31), "year", "once", (D(2018, 12, 31), D(2019, 12, 31))),
    ("二(二)3", "2020年前", D(2020, 12, 31), "year", "once", (D(2019, 12, 31), D(2020, 12, 31))),
    ("二(二)3", "力争2018年", D(2018, 12, 31), "year", "once", (D(2018, 12, 31),)),
    ("二(二)3", "2020 年前", D(2020, 12, 31), "year", "once", (D(2019, 12, 31), D(2020, 12, 31))),
    ("二(三)1", "2020年前", D(2020, 12, 31), "year", "once", (D(2019, 12, 31), D(2020, 12, 31))),
    ("二(三)1", "每年", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    ("二(三)2", "每年", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    ("二(三)3", "每年", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    ("二(三)4", "到2020年", D(2020, 12, 31), "year", "once", (D(2020, 12, 31),)),
    ("三(一)", "每年", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    # "组织开展年中调研督查、年度工作考核": 年中 names a kind of inspection, not a completion time.
    ("三(二)", "每年", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    ("三(二)", "每年", D(2018, 12, 31), "year", "yearly", (D(2018, 12, 31),)),
    # Issued 2018-12-07, so the first 10月底 still ahead is 2019's.
    ("三(二)", "每年10月底前", D(2019, 10, 31), "month", "yearly", (D(2019, 10, 31),)),
    # 当年 = the year in question, i.e. every year (the contract questions list it with 每年).
    ("三(四)", "当年5月底前", D(2019, 5, 31), "month", "yearly", (D(2019, 5, 31),)),
]


def test_header_reads_title_number_issuer_and_date(doc000: Extraction) -> None:
    header = doc000.document
    assert header.title == "温州市人民政府关于打造山海协作工程升级版的实施意见"
    assert header.number == "温政发〔2018〕26号"
    assert header.issuer == "温州市人民政府"  # the signature, not 发布机构 (the office)
    assert header.issued_on == D(2018, 12, 7)


def test_header_cites_titles_paired_with_their_numbers(doc000: Extraction) -> None:
    cites = [(c.title, c.number) for c in doc000.document.cites]
    assert cites == [
        ("关于深入实施山海协作工程促进区域协调发展的若干意见", "浙委发〔2018〕3号"),
        ("西部生态休闲产业带建设五年行动方案(2018年—2022年)", None),
        ("浙江省山海协作产业园管理办法", "浙山海办〔2018〕23号"),
    ]


def test_sections_follow_the_heading_hierarchy(doc000: Extraction) -> None:
    assert [(s.path, s.heading) for s in doc000.sections] == SECTIONS
    levels = {s.path: s.level for s in doc000.sections}
    assert (levels["二"], levels["二(二)"], levels["二(二)3"]) == (1, 2, 3)


def test_sections_span_their_body_and_stop_before_attachments(doc000: Extraction) -> None:
    by_path = {s.path: s for s in doc000.sections}
    text = doc000.text
    assert text[by_path["二(二)1"].start :].startswith("1.建立健全")
    assert text[: by_path["二(二)1"].end].endswith("(责任单位:结对县〈市、区〉党委、政府)")
    assert text[: by_path["三"].end].endswith("考核办法由市山海协作工程工作领导小组另行制订。")
    assert "附件" not in text[by_path["三(五)"].start : by_path["三(五)"].end]


def test_eight_responsibility_clauses_with_units_and_roles(doc000: Extraction) -> None:
    with_units = [t for t in doc000.tasks if t.units and t.source.quote.startswith("(责任单位:")]
    # Each clause's units come first; subjects that assign the work ("五个经济发达的区(市)
    # 要…") follow them under the gold contract.
    assert {t.path: [(u.name, u.role) for u in t.units][: len(CLAUSES.get(t.path, []))]
            for t in with_units} == CLAUSES
    assert len(with_units) == 8
    assert all(t.source.quote.startswith("(责任单位:") for t in with_units)
    assert sum(any(u.name == "市招商局" for u in t.units) for t in with_units) == 6


def test_collective_subject_assigning_work_is_a_unit(doc000: Extraction) -> None:
    # The gold contract counts sentence subjects that assign the work ("各受援县要…").
    task = next(t for t in doc000.tasks if t.path == "三(三)")
    assert [(u.name, u.collective) for u in task.units] == [("各受援县", True)]


def test_bracketed_short_form_is_an_alias_and_paired_counties_are_one_collective_unit(
    doc000: Extraction,
) -> None:
    first = doc000.tasks[0].units
    assert (first[0].raw, first[0].aliases, first[0].level) == ("市招商局〈经合办〉", ("经合办",), "city")
    assert (first[1].raw, first[1].collective, first[1].level) == (
        "结对县〈市、区〉党委、政府", True, "county")


def test_leaf_sections_with_targets_or_deadlines_but_no_clause_are_tasks(doc000: Extraction) -> None:
    # 三(四) has its subject ("经济强市(区)要…") under the gold contract.
    assert [t.path for t in doc000.tasks if not t.units] == ["三(一)", "三(二)"]


def test_every_quantitative_target(doc000: Extraction) -> None:
    got = [(t.path, t.value, t.value_max, t.unit, t.comparator, t.base_value, t.metric, t.scope,
            t.period, t.due) for t in doc000.targets]
    assert got == TARGETS


def test_years_names_and_durations_are_not_targets(doc000: Extraction) -> None:
    quoted = " ".join(f"{t.value:g}{t.unit}" for t in doc000.targets)
    for not_a_target in ("5个", "3年", "2018", "19", "8", "2个"):
        assert f" {not_a_target} " not in f" {quoted} "


def test_every_deadline_with_its_due_date(doc000: Extraction) -> None:
    got = [(d.path, d.raw, d.due, d.precision, d.recurrence, d.readings) for d in doc000.deadlines]
    assert got == DEADLINES
    yearly = [(d.month, d.day) for d in doc000.deadlines if d.recurrence == "yearly"]
    assert yearly == [(12, 31)] * 8 + [(10, 31), (5, 31)]


def test_places_are_real_names_and_platforms(doc000: Extraction) -> None:
    assert [(p.name, p.kind) for p in doc000.places] == [
        ("温州市", "city"),
        ("“飞地”创新平台", "enclave"),
        ("浙江省", "province"),
        ("“七都”山海协作总部经济园区", "park"),
        ("鹿城区", "district"),
        ("七都街道", "street"),
        ("“飞地”总部经济园区", "enclave"),
    ]


def test_furniture_is_not_read_as_content(doc000: Extraction) -> None:
    assert doc000.warnings == ()
    for fact in all_provenances(doc000):
        assert "浏览次数" not in fact.quote and "返回顶部" not in fact.quote
    title_start = doc000.text.index("温州市人民政府关于")
    assert min(fact.start for fact in all_provenances(doc000)) == title_start


def test_every_fact_quotes_its_span(doc000: Extraction) -> None:
    for fact in all_provenances(doc000):
        assert doc000.text[fact.start : fact.end] == fact.quote
        assert fact.document == "000"
    for task in doc000.tasks:
        assert doc000.text[task.start : task.end] == task.text


def test_json_format_has_the_public_keys(doc000: Extraction) -> None:
    rendered = doc000.to_json()
    assert set(rendered) >= {"document", "sections", "tasks", "targets", "deadlines", "places"}
    assert rendered["document"]["issued_on"] == "2018-12-07"
    assert rendered["tasks"][0]["units"][0] == {
        "name": "市招商局", "raw": "市招商局〈经合办〉", "aliases": ["经合办"], "role": "lead",
        "level": "city", "collective": False}
