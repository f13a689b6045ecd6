"""A cite is implemented when an implementing word stands between the previous cite (or the
sentence start) and it; otherwise it is only cited."""

from __future__ import annotations

import pytest

from evaluation.run import CORPUS_DIR
from extract import extract_bytes
from extract.citations import read_citations
from extract.model import Extraction

FUQING = CORPUS_DIR / "genre" / "23_fujian_fuqing_economy_measures_2023.txt"


def _kinds(text: str) -> list[tuple[str | None, str]]:
    return [(c.title, c.kind) for c in read_citations(text, "k")]


def test_the_city_opinion_implements_the_provincial_opinion_it_was_written_for(
        doc000: Extraction) -> None:
    kinds = {c.number: c.kind for c in doc000.document.cites if c.number}
    assert kinds["浙委发〔2018〕3号"] == "implements"


def test_a_plan_the_city_combines_with_is_cited_not_implemented(doc000: Extraction) -> None:
    # "结合我市《…五年行动方案》": the implementing words before it belong to the province's cite.
    plan = [c for c in doc000.document.cites if c.title and c.title.startswith("西部生态")]
    assert [c.kind for c in plan] == ["cites"]


def test_implementing_words_before_the_first_cite_do_not_reach_the_second() -> None:
    text = "为贯彻落实《甲省关于扶持山区的意见》,结合本县《乙县山区发展规划》,制定本方案。"
    assert _kinds(text) == [("甲省关于扶持山区的意见", "implements"),
                            ("乙县山区发展规划", "cites")]


def test_two_cites_joined_by_and_are_both_implemented() -> None:
    text = "为贯彻落实《甲办法》精神和《乙细则》要求,现提出如下意见。"
    assert _kinds(text) == [("甲办法", "implements"), ("乙细则", "implements")]


def test_a_cite_in_the_next_sentence_is_only_cited() -> None:
    text = "根据《甲条例》制定本办法。《乙办法》同时废止。"
    assert _kinds(text) == [("甲条例", "implements"), ("乙办法", "cites")]


def test_a_cite_after_a_reference_word_is_cited() -> None:
    text = "各地可参照《丙指南》执行,依据《丁规定》办理。"
    assert _kinds(text) == [("丙指南", "cites"), ("丁规定", "implements")]


@pytest.mark.skipif(not FUQING.is_file(), reason=f"shared corpus not found at {CORPUS_DIR}")
def test_a_county_opinion_implements_both_the_province_and_the_city_notices() -> None:
    extraction = extract_bytes(FUQING.read_bytes(), FUQING.name, key="23")
    kinds = {c.number: c.kind for c in extraction.document.cites if c.number}
    # "落实《省…》(闽政办…)、《市…》(榕政办规…)": one implementing word, two cites.
    assert kinds["闽政办〔2023〕8号"] == "implements"
    assert kinds["榕政办规〔2023〕7号"] == "implements"
    # "不再执行《…》": a notice the city no longer applies is cited, not implemented.
    assert kinds["融政办〔2017〕90号"] == "cites"
