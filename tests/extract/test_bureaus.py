"""One bureau, many names: spellings of one institution share a standard name; different
institutions never do."""

from __future__ import annotations

import pytest

from extract.bureaus import fold_brackets, split_government, standard_bureau, standard_name
from extract.wordlists import table


@pytest.mark.parametrize("spellings", [
    ("市发改委", "市发展改革委", "市发展和改革委员会", "市发展改革委员会"),
    ("市人力社保局", "市人社局", "市人力资源和社会保障局", "市人力资源社会保障局"),
    ("省人力社保厅", "省人社厅", "省人力资源和社会保障厅"),
    ("区发展改革局", "区发改局", "区发展和改革局"),
    ("县市场监管局", "县市场监督管理局"),
    ("市卫健委", "市卫生健康委", "市卫生健康委员会"),
    ("省经信委", "省经济和信息化委员会"),
    ("市金融办", "市金融工作办公室"),
    ("丽水市住建局", "丽水市住房和城乡建设局", "丽水市住房城乡建设局"),
])
def test_spellings_of_one_bureau_have_one_standard_name(spellings: tuple[str, ...]) -> None:
    assert len({standard_name(s) for s in spellings}) == 1


def test_the_standard_name_is_the_full_name_of_the_bureau() -> None:
    assert standard_name("市发改委") == "市发展和改革委员会"
    assert standard_name("市人社局") == "市人力资源和社会保障局"


@pytest.mark.parametrize("spellings", [
    ("结对县〈市、区〉党委、政府", "结对县（市、区）党委、政府", "结对县(市、区)党委、政府"),
    ("各县〔市、区、特区〕人民政府", "各县(市、区、特区)人民政府"),
])
def test_bracket_variants_fold_to_one_name(spellings: tuple[str, ...]) -> None:
    assert len({standard_name(s) for s in spellings}) == 1
    assert len({fold_brackets(s) for s in spellings}) == 1


@pytest.mark.parametrize(("one", "other"), [
    ("市国土资源局", "市自然资源和规划局"),  # merged in 机构改革: a succession
    ("市卫计委", "市卫健委"),  # renamed: a succession
    ("市规划局", "市自然资源和规划局"),
    ("发展改革和统计局", "发展和改革局"),  # a merged bureau is its own institution
    ("市金融局", "市金融工作办公室"),  # 金融 abbreviates 金融工作 only in 金融办
    ("省发改委", "市发改委"),  # two governments
    ("县发改局", "县发改委"),  # a 局 and a 委员会
    ("市市场监管局", "市监管局"),
])
def test_different_bureaus_keep_different_names(one: str, other: str) -> None:
    assert standard_name(one) != standard_name(other)


def test_names_that_begin_with_a_relative_character_are_not_split_there() -> None:
    assert split_government("市场监管局") == ("", "市场监管局")
    assert standard_name("市场监管局") == "市场监督管理局"
    assert split_government("区域协作办") == ("", "区域协作办")


def test_a_zone_word_is_the_issuing_zones_own_government_part() -> None:
    # A 示范区's document writes its bureau with the zone word first and without it next.
    assert standard_name("示范区发展改革和统计局") == standard_name("发展改革和统计局")
    assert standard_name("示范区人力资源社会保障局") == standard_name("人力资源和社会保障局")
    assert standard_name("实验区财政局") == "财政局"


def test_a_zones_own_committee_keeps_its_name() -> None:
    assert standard_name("示范区管委会") == "示范区管委会"
    assert standard_name("新区党工委") == "新区党工委"


def test_a_division_name_is_kept_as_the_government_part() -> None:
    assert standard_name("杭州市西湖区人社局") == "杭州市西湖区人力资源和社会保障局"
    assert standard_name("泰顺县人民政府") == "泰顺县人民政府"


def test_unknown_bureaus_are_left_as_written() -> None:
    assert standard_name("市招商局") == "市招商局"
    assert standard_bureau("经合办") == "经合办"
    assert standard_bureau("工业和科技创新委") == "工业和科技创新委"


def test_no_variant_core_stands_for_two_institutions() -> None:
    owners: dict[tuple[str, str], str] = {}
    standards = set()
    for standard, rest in table("bureau_names.tsv").items():
        variant_column, _, kind_column = rest.partition("\t")
        assert kind_column.split(), f"{standard}: no kinds"
        standards.add(standard)
        for variant in variant_column.split():
            for kind in kind_column.split():
                assert owners.setdefault((variant, kind), standard) == standard, (variant, kind)
    # A standard core is nobody's abbreviation of another institution.
    assert not {v for (v, _), s in owners.items() if v in standards and v != s}


def test_every_kind_in_the_lexicon_is_a_standard_kind() -> None:
    standard_kinds = set(table("bureau_kinds.tsv").values())
    for rest in table("bureau_names.tsv").values():
        assert set(rest.partition("\t")[2].split()) <= standard_kinds


def test_a_bureau_named_with_its_own_division_is_the_relatively_named_one() -> None:
    from extract.divisions import by_code

    wenzhou, xihu = by_code("330300000000"), by_code("330106000000")
    assert standard_name("温州市人社局", wenzhou) == standard_name("市人力社保局", wenzhou)
    assert standard_name("浙江省温州市财政局", wenzhou) == "市财政局"
    assert standard_name("杭州市西湖区发改局", xihu) == standard_name("区发展改革局", xihu)
    # Another government's bureau, or a government itself, keeps its division's name.
    assert standard_name("温州市财政局", xihu) == "温州市财政局"
    assert standard_name("泰顺县人民政府", by_code("330329000000")) == "泰顺县人民政府"
    assert standard_name("温州市财政局") == "温州市财政局"  # no division given
