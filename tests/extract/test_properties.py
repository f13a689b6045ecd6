"""Property tests: the extractor never raises on text and every quote is its span."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_document
from extract.fold import fold
from tests.extract.conftest import all_provenances

FRAGMENTS = [
    "一、", "二、", "（一）", "(二)", "1.", "２．", "3、", "（1）", "(2)", "\n", "\n\n", "。", "，", "；",
    "（责任单位：", "(责任单位:", "牵头单位：", "配合单位:", "）", ")", "〈", "〉", "市招商局", "〈经合办〉",
    "结对县〈市、区〉党委、政府", "、", "省发改委", "各有关部门", "等有关部门要", "不少于", "40亿元",
    "1—2个", "百分之六十五", "至少", "一次", "以上", "每年", "全市", "2018年7月底前", "2019年前",
    "到2020年", "四季度前", "当年5月底前", "上半年", "年中", "年底", "2020 年前", "每年10月底前",
    "《关于…的意见》", "浙委发〔2018〕3号", "鹿城区", "七都街道", "“飞地”", "产业园", "附件:",
    "温州市人民政府", "2018年12月7日", "成文日期: 2018-12-07", "发布机构:", "【返回顶部】", "0",
    "１２", "　", " ", "二〇一九年", "十二月", "三十一日前",
]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    result = extract_document(text, "prop")
    for fact in all_provenances(result):
        assert text[fact.start : fact.end] == fact.quote
    for section in result.sections:
        assert 0 <= section.start <= section.end <= len(text)
    for task in result.tasks:
        assert text[task.start : task.end] == task.text


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    _check(text)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_heading_and_clause_fragments_never_raise(text: str) -> None:
    _check(text)


@SETTINGS
@given(st.text(max_size=200))
def test_fold_preserves_length(text: str) -> None:
    assert len(fold(text)) == len(text)
