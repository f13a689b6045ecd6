"""Every common form of responsibility, full-width and ASCII punctuation alike."""

from __future__ import annotations

import pytest

from extract import extract_document
from extract.unit_names import is_collective, looks_like_unit


def _units(text: str) -> dict[str, list[tuple[str, str]]]:
    doc = extract_document(text, "k")
    return {t.path: [(u.name, u.role) for u in t.units] for t in doc.tasks if t.units}


@pytest.mark.parametrize("clause", [
    "（牵头单位：市发改委；配合单位：市财政局、市商务局）",
    "(牵头单位:市发改委;配合单位:市财政局、市商务局)",
    "(牵头单位:市发改委,责任单位:市财政局、市商务局)",
    "（市发改委牵头，市财政局、市商务局配合）",
    "(市发改委牵头,市财政局、市商务局按职责分工负责)",
])
def test_lead_and_co_forms(clause: str) -> None:
    text = f"一、任务\n1.建设产业园区。{clause}\n"
    assert _units(text)["一1"] == [("市发改委", "lead"), ("市财政局", "co"), ("市商务局", "co")]


def test_key_lines_on_their_own_lines() -> None:
    text = "一、建设园区\n建设一批园区。\n牵头单位：区发改局\n配合单位：区财政局、区商务局\n完成时间：2024年6月底前\n"
    assert _units(text)["一"] == [("区发改局", "lead"), ("区财政局", "co"), ("区商务局", "co")]


@pytest.mark.parametrize("key", ["责任部门", "责任主体", "牵头部门", "参与单位", "主要责任单位"])
def test_other_key_words(key: str) -> None:
    text = f"一、任务\n1.整治河道。（{key}：县水利局）\n"
    assert [name for name, _ in _units(text)["一1"]] == ["县水利局"]


def test_lead_with_co_units_in_one_bracket_is_split() -> None:
    text = "一、任务\n1.推进改造。（县住建局牵头，县财政局、县委督考办配合）\n"
    assert _units(text)["一1"] == [("县住建局", "lead"), ("县财政局", "co"), ("县委督考办", "co")]


def test_by_x_responsible() -> None:
    text = "一、任务\n1.编制规划，由区规划局负责。\n"
    assert _units(text)["一1"] == [("区规划局", "lead")]


def test_bracket_of_a_nested_clause_is_not_part_of_the_name() -> None:
    text = "一、任务\n1.推进改造(含老旧小区)。(责任单位:（市住房城乡建设管理委,市财政局)\n"
    names = [name for name, _ in _units(text)["一1"]]
    assert "市住房城乡建设管理委" in names and not any(n.startswith(("（", "(")) for n in names)


def test_verb_phrases_are_not_units() -> None:
    assert not looks_like_unit("加强全社会")
    text = "一、任务\n1.加强全社会节水意识宣传要常态化。\n"
    assert "一1" not in _units(text)


@pytest.mark.parametrize("name", ["各区政府", "各县（市、区）人民政府", "各街镇", "各有关单位"])
def test_collective_subjects_are_units(name: str) -> None:
    assert is_collective(name) and looks_like_unit(name)


def test_collective_subject_sentence_assigns_the_work() -> None:
    text = "一、任务\n1.开展排查。\n各区政府负责辖区内排查工作。\n"
    assert _units(text)["一1"] == [("各区政府", "co")]


def test_subject_that_leads_by_its_verb() -> None:
    text = "一、改革\n甲厅牵头审批改革;乙局负责税费征缴。\n"
    assert _units(text)["一"] == [("甲厅", "lead"), ("乙局", "co")]


def test_clause_after_a_run_of_items_covers_the_run() -> None:
    text = ("一、任务\n（一）设施\n1.改造管网。\n2.改造路灯。\n3.改造绿地。\n"
            "（以上责任单位：区住建局）\n（二）服务\n4.开展培训。（责任单位：区人社局）\n")
    units = _units(text)
    assert all(units[p] == [("区住建局", "lead")] for p in ("一(一)1", "一(一)2", "一(一)3"))
    assert units["一(二)4"] == [("区人社局", "lead")]


def test_standing_units_apply_to_every_later_item() -> None:
    text = ("一、任务\n1.减税。（责任单位：市税务局，以下均需各镇人民政府落实，不再列出）\n"
            "2.降费。（责任单位：市财政局）\n")
    units = _units(text)
    assert ("各镇人民政府", "co") in units["一1"] and ("各镇人民政府", "co") in units["一2"]
    assert ("市财政局", "lead") in units["一2"]


def test_batches_of_pilot_units_without_their_dates() -> None:
    text = ("一、推行电子档案\n推进档案电子化。\n牵头单位：区审批局\n"
            "试点单位：第一批：区档案馆（区档案局）、区税务局，2024年6月底前完成；第二批：其他区直部门，2024年12月底前完成。\n")
    assert _units(text)["一"] == [("区审批局", "lead"), ("区档案馆", "co"), ("区税务局", "co"),
                                 ("其他区直部门", "co")]


def test_subjects_without_an_institutional_ending() -> None:
    text = ("一、目标\n受灾情影响大的甲市、乙州要全力恢复生产；欠发达地区要制定配套政策。"
            "我市要加快发展。\n")
    assert [name for name, _ in _units(text)["一"]] == ["甲市", "乙州", "欠发达地区"]


def test_subject_after_a_comma_and_a_list_of_fields() -> None:
    text = ("一、合作\n推进两地全面对接，甲市政府每年都要选派干部。"
            "省级教育、科技、文化等部门要制定措施。营造全社会关心支持的氛围。\n")
    assert [name for name, _ in _units(text)["一"]] == ["甲市政府", "省级教育、科技、文化等部门"]


def test_two_subjects_joined_by_and() -> None:
    text = "一、会商\n合作双方政府和各级经信、协作部门要建立会商制度。\n"
    assert [name for name, _ in _units(text)["一"]] == ["合作双方政府", "各级经信、协作部门"]


@pytest.mark.parametrize("closing", ["（责任单位：区住建局）", "以上工作由区住建局负责。"])
def test_clause_closing_a_group_of_items(closing: str) -> None:
    text = f"一、任务\n（一）设施\n1.改造管网。\n2.改造路灯。\n{closing}\n（二）服务\n3.开展培训。\n"
    units = _units(text)
    assert units["一(一)1"] == units["一(一)2"] == [("区住建局", "lead")]
    assert "一(二)3" not in units


@pytest.mark.parametrize("sentence", ["建设园区，由市发改委牵头，市财政局配合。",
                                      "市发改委牵头，市财政局配合，加快建设园区。"])
def test_lead_and_co_in_running_text(sentence: str) -> None:
    assert _units(f"一、任务\n1.{sentence}\n")["一1"] == [("市发改委", "lead"), ("市财政局", "co")]


def test_work_ending_in_a_unit_suffix_is_not_a_unit() -> None:
    text = "一、任务\n1.开展创建活动，动员至少100家餐厅参与创建。（责任单位：区市场监管局）\n"
    assert _units(text)["一1"] == [("区市场监管局", "lead")]


@pytest.mark.parametrize("label", ["完成时限", "完成时间", "时间节点", "目标"])
@pytest.mark.parametrize("comma", ["，", ",", "；"])
def test_a_time_or_goal_label_ends_the_unit_list(label: str, comma: str) -> None:
    text = f"一、任务\n1.巩固河湖治理成效。（责任单位：区水务局、区林业局{comma}{label}：长期坚持）\n"
    assert _units(text)["一1"] == [("区水务局", "lead"), ("区林业局", "co")]


def test_batch_labels_and_dates_in_a_unit_list_are_no_units() -> None:
    text = "一、任务\n1.推进试点。（试点单位：第一批：甲县、乙县，2030年底前完成；第二批：丙县）\n"
    assert [name for name, _ in _units(text)["一1"]] == ["甲县", "乙县", "丙县"]


@pytest.mark.parametrize(("sentence", "unit"), [
    ("结对乡镇每年至少走访两次。", "结对乡镇"),
    ("山区各县在争取上级资金的同时，要做好配套保障。", "山区各县"),
    ("各地在守住耕地红线的前提下，建设用地要优先保障重点项目。", "各地"),
    ("各有关部门的专项经费对重点项目要给予倾斜。", "各有关部门"),
    ("改革领导小组办公室具体负责日常协调。", "改革领导小组办公室"),
])
def test_subjects_that_keep_the_work_through_an_aside(sentence: str, unit: str) -> None:
    text = f"一、任务\n（一）推进协作。加强交流合作。{sentence}\n"
    assert [name for name, _ in _units(text)["一(一)"]] == [unit]


@pytest.mark.parametrize("sentence", [
    "项目的配套资金要及时拨付。",
    "每个村至少建成1个服务站。",
])
def test_a_possessor_or_a_bare_minimum_without_a_unit_assigns_nothing(sentence: str) -> None:
    text = f"一、任务\n（一）推进协作。{sentence}\n"
    assert "一(一)" not in _units(text)
