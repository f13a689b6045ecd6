"""Whose government issued a document, and in whose jurisdiction each unit it names sits
(invented headers and names in the genre's forms)."""

from __future__ import annotations

import pytest

from extract.divisions import Division, by_code, full_name, named
from extract.jurisdictions import issuer_division, unit_division


def _issuer(issuer: str | None = None, title: str | None = None, number: str | None = None,
            text: str = "") -> str | None:
    found = issuer_division(issuer=issuer, title=title, number=number, text=text)
    return full_name(found) if found else None


def _one(name: str) -> Division:
    (division,) = (d for d in named(name) if d.name == name)
    return division


@pytest.mark.parametrize(("issuer", "expected"), [
    ("黔西南州人民政府办公室", "贵州省黔西南布依族苗族自治州"),
    ("恩施州人民政府", "湖北省恩施土家族苗族自治州"),  # not its seat 恩施市
    ("景宁县人民政府", "浙江省丽水市景宁畲族自治县"),
    ("中共丽水市委 丽水市人民政府", "浙江省丽水市"),
    ("中国共产党湖州市委员会办公室", "浙江省湖州市"),
    ("中共浙江省委办公厅 浙江省人民政府办公厅", "浙江省"),
    ("湖州经济技术开发区管理委员会", "浙江省湖州市"),
    ("杭州市西湖区人民政府办公室", "浙江省杭州市西湖区"),
    ("平潭综合实验区管理委员会", "福建省福州市平潭县"),
])
def test_the_issuer_names_its_government(issuer: str, expected: str) -> None:
    assert _issuer(issuer) == expected


def test_an_ambiguous_district_is_the_one_the_text_places() -> None:
    text = "福州市鼓楼区各街道要做好福州市的部署,福州市各部门配合。"
    assert _issuer("鼓楼区人民政府", text=text) == "福建省福州市鼓楼区"


def test_a_relatively_written_issuer_is_placed_by_the_text_at_its_level() -> None:
    text = "支持衢州、丽水加快发展,杭州、宁波做好结对帮扶,温州配合。"
    assert _issuer("省委办公厅 省政府办公厅", text=text) == "浙江省"


def test_a_central_department_is_no_division() -> None:
    assert _issuer("公安部") is None
    assert _issuer("国务院办公厅") is None


def test_without_issuer_or_title_the_number_places_the_document() -> None:
    assert _issuer(number="湘政办发〔2021〕7号") == "湖南省"


def test_without_any_header_the_text_places_the_document() -> None:
    text = ("县发改局、县财政局牵头,泰顺县各乡镇配合。县农业农村局负责泰顺县茶园建设,"
            "县住建局负责泰顺县县城改造。")
    assert _issuer(text=text) == "浙江省温州市泰顺县"


WENZHOU = by_code("330300000000")
FUQING = by_code("350181000000")


@pytest.mark.parametrize(("name", "issuer", "expected"), [
    ("市财政局", WENZHOU, "浙江省温州市"),
    ("省发改委", WENZHOU, "浙江省"),
    ("泰顺县人民政府", WENZHOU, "浙江省温州市泰顺县"),
    ("瑞安市财政局", WENZHOU, "浙江省温州市瑞安市"),
    ("各县(市、区)人民政府", WENZHOU, "浙江省温州市"),
    ("结对县(市、区)党委、政府", WENZHOU, "浙江省温州市"),
    ("各乡镇人民政府", WENZHOU, "浙江省温州市"),
    ("区发展改革局", by_code("440304000000"), "广东省深圳市福田区"),
    ("深圳市福田区发展和改革局", by_code("440300000000"), "广东省深圳市福田区"),
    ("市发改局", FUQING, "福建省福州市福清市"),  # a county-level city's own bureau
    ("州发展改革委", _one("黔西南布依族苗族自治州"), "贵州省黔西南布依族苗族自治州"),
    ("旗财政局", _one("鄂温克族自治旗"), "内蒙古自治区呼伦贝尔市鄂温克族自治旗"),
])
def test_a_unit_belongs_to_the_government_its_name_says(name: str, issuer: Division,
                                                       expected: str) -> None:
    found = unit_division(name, issuer)
    assert found is not None and full_name(found) == expected


@pytest.mark.parametrize(("name", "issuer", "expected"), [
    # A local office of an agency run from above belongs to the place it is named after.
    ("人行温州中心支行", WENZHOU, "浙江省温州市"),
    ("人行温州中心支行", by_code("330000000000"), "浙江省温州市"),
    ("国网泰顺县供电公司", WENZHOU, "浙江省温州市泰顺县"),
    ("河南银保监局济源监管组", _one("济源市"), "河南省济源市"),
    ("市税务局鹿城分局", WENZHOU, "浙江省温州市鹿城区"),
])
def test_a_local_office_of_a_vertical_agency_belongs_to_its_place(
        name: str, issuer: Division, expected: str) -> None:
    found = unit_division(name, issuer)
    assert found is not None and full_name(found) == expected


@pytest.mark.parametrize(("name", "issuer"), [
    ("公安局", FUQING),
    ("市公安局", by_code("421000000000")),  # 荆州市 holds a 公安县
    ("公安局", by_code("421000000000")),
    ("江阴港城经济区", FUQING),  # a zone of 福清, not 江苏's 江阴市
    ("合作双方政府", by_code("330000000000")),  # not 甘肃's 合作市
    ("市场监管局", FUQING),
])
def test_common_words_are_no_divisions(name: str, issuer: Division) -> None:
    assert unit_division(name, issuer) == issuer


def _document_jurisdiction(text: str) -> str | None:
    from extract import extract_document

    extraction = extract_document(text, "k")
    header = extraction.document
    return _issuer(header.issuer, header.title, header.number, extraction.text)


def test_an_autonomous_prefectures_notice_signed_with_its_short_name() -> None:
    text = ("乙州人民政府办公室关于印发夜间消费工作方案的通知\n州府办发〔2023〕12号\n\n"
            "各县(市、区)人民政府,州政府各部门:\n现将方案印发给你们,请认真贯彻执行。\n\n"
            "黔西南州人民政府办公室\n2023年5月6日\n\n夜间消费工作方案\n\n一、工作任务\n"
            "(一)打造夜间街区。(责任单位:州商务局、各县(市)人民政府)\n")
    assert _document_jurisdiction(text) == "贵州省黔西南布依族苗族自治州"


def test_a_document_signed_by_the_party_committee_and_the_government_together() -> None:
    text = ("关于加快山区县高质量发展的实施意见\n\n各县(市、区)党委和人民政府,市直属各单位:\n"
            "为做好山区发展工作,现提出如下意见。\n一、重点任务\n"
            "(一)做强山区产业。(责任单位:市经信局、市发改委)\n\n"
            "中共丽水市委 丽水市人民政府\n2022年3月1日\n")
    assert _document_jurisdiction(text) == "浙江省丽水市"


def test_a_body_without_header_is_placed_by_its_county_units_and_places() -> None:
    text = ("一、总体要求\n坚持县域统筹。县发改局、县财政局要加强协作。\n二、重点任务\n"
            "(一)建设景宁畲族自治县特色村寨20个。(责任单位:县民宗局)\n"
            "(二)推进景宁县城提升。(责任单位:县住建局)\n")
    assert _document_jurisdiction(text) == "浙江省丽水市景宁畲族自治县"
