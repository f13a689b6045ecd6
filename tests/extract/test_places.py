"""Places come from the division table (or known places), never from any two characters
before 市/县/乡/镇."""

from __future__ import annotations

import pytest

from extract.places import find_places


def names(text: str) -> list[str]:
    return [p.name for p in find_places(text, "k", ())]


@pytest.mark.parametrize("text", [
    "成立市级工作专班,统筹推进。",
    "该方案已经县政府常务会议研究同意。",
    "培育乡村振兴示范带。",
    "全面完成城镇老旧小区改造任务。",
    "推动沿海城市协同发展。",  # 海城市 is a real city, but not here
    "加强市场监管,优化营商环境。",
    "建立市和县两级联动机制。",  # 和县 is a real county, but not here
    "改造老城区道路。",
])
def test_words_before_a_division_suffix_are_not_places(text: str) -> None:
    assert names(text) == []


def test_full_division_names_are_places_with_their_kind() -> None:
    found = [(p.name, p.kind) for p in find_places("支持福田区和广元市,联系贵州省及福清市。", "k", ())]
    assert found == [("福田区", "district"), ("广元市", "city"), ("贵州省", "province"),
                     ("福清市", "city")]


def test_a_township_counts_only_right_after_a_division() -> None:
    assert names("推进温州市鹿城区七都街道建设。") == ["温州市", "鹿城区", "七都街道"]
    assert names("推进七都街道建设。") == []


def test_a_one_character_name_needs_a_clear_start() -> None:
    assert names("安徽省和县开展试点。") == ["安徽省", "和县"]


def test_each_place_is_reported_once_with_its_first_mention() -> None:
    (place,) = find_places("福田区先行,福田区推广。", "k", ())
    assert (place.source.start, place.source.quote) == (0, "福田区")

