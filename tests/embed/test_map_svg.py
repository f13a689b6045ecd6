"""The county map picture: bands as fills, pairings as lines, and the bundled outlines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from embed.boundaries import County, region, regions
from embed.svg.map import BAND_COLOURS, NO_BAND, PAIR_COLOUR, MapLabels, MapPair, county_map_svg
from graph.names import UnknownName

PAIRINGS = Path(__file__).resolve().parents[2] / "data" / "reference" / "wenzhou-pairings.yaml"
SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))


def _county(name: str, dx: float, dy: float = 0.0) -> County:
    ring = tuple((x + dx, y + dy) for x, y in SQUARE)
    return County(name, "3300" + str(len(name)), "某市", (dx + 0.5, dy + 0.5), (ring,))


def _fill(svg: str, county: str) -> str:
    found = re.search(rf'<path data-county="{county}" data-band="[A-D]?" fill="(#[0-9a-f]+)"', svg)
    assert found, f"{county} is not drawn"
    return found.group(1)


def test_each_county_is_filled_with_the_colour_of_its_band() -> None:
    counties = [_county("甲县", 0), _county("乙县", 1), _county("丙区", 0, 1), _county("丁市", 1, 1)]
    svg = county_map_svg(counties, {"甲县": "A", "乙县": "D", "丙区": "B"},
                         labels=MapLabels(title="某市"))
    assert _fill(svg, "甲县") == BAND_COLOURS["A"] == "#0072b2"
    assert _fill(svg, "乙县") == BAND_COLOURS["D"] == "#d55e00"
    assert _fill(svg, "丙区") == BAND_COLOURS["B"]
    assert _fill(svg, "丁市") == NO_BAND  # not assessed
    # the band is written too, for print and colour-blind readers
    assert '>甲县<tspan' in svg and 'font-weight="bold">A</tspan>' in svg


def test_a_pairing_is_a_line_between_the_two_counties_and_an_inferred_one_is_dashed() -> None:
    counties = [_county("甲县", 0), _county("乙县", 2), _county("丙区", 0, 2), _county("丁市", 2, 2)]
    svg = county_map_svg(counties, {}, [MapPair("甲县", "乙县", "stated"),
                                        MapPair("丙区", "丁市", "inferred"),
                                        MapPair("甲县", "外省县", "reported")],
                         labels=MapLabels(title="某市"))
    lines = re.findall(r'<g class="pairing" data-pair="([^"]+)">.*?<line ([^>]*)/>', svg)
    assert [pair for pair, _ in lines] == ["甲县—乙县", "丙区—丁市"]  # off the map: not drawn
    (_, stated), (_, inferred) = lines
    assert f'stroke="{PAIR_COLOUR}"' in stated and "stroke-dasharray" not in stated
    assert "stroke-dasharray" in inferred
    # 甲县 and 乙县 are squares side by side two degrees apart: the line is horizontal,
    # from the middle of one to the middle of the other
    x1, y1, x2, y2 = (float(v) for v in re.findall(r'[xy][12]="([\d.]+)"', stated))
    assert y1 == y2 and x2 > x1


def test_names_in_the_picture_are_escaped() -> None:
    svg = county_map_svg([_county("<b>县", 0)], {"<b>县": "C"}, labels=MapLabels(title="a&b"))
    assert "<b>" not in svg and "&lt;b&gt;县" in svg and "<title>a&amp;b</title>" in svg


def test_every_zhejiang_county_is_bundled_in_its_city() -> None:
    zhejiang = region("浙江省")
    cities = {c.city for c in zhejiang.counties}
    assert cities == {"杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市",
                      "衢州市", "舟山市", "台州市", "丽水市"}
    # 浙江省 had 89 county-level divisions in the package's vintage (about 2017)
    assert len(zhejiang.counties) == 89
    assert all(c.code.startswith("33") and len(c.code) == 6 for c in zhejiang.counties)
    assert all(len(ring) >= 4 for c in zhejiang.counties for ring in c.rings)


def test_every_county_of_the_wenzhou_pairings_has_an_outline() -> None:
    pairings = yaml.safe_load(PAIRINGS.read_text(encoding="utf-8"))
    wenzhou = {c.name for c in region("浙江省温州市").counties}
    for pair in pairings["pairs"]:
        assert {pair["developed"], pair["accelerated"]} <= wenzhou


@pytest.mark.parametrize("name", ["温州市", "浙江省温州市", "330300", "330300000000"])
def test_a_city_is_found_by_short_name_full_name_or_code(name: str) -> None:
    assert region(name).full_name == "浙江省温州市"


def test_an_unknown_region_suggests_the_closest_bundled_ones() -> None:
    with pytest.raises(UnknownName) as raised:
        region("杭洲市")
    assert "杭州市" in raised.value.suggestions
    assert len(regions()) == 12  # the province and its 11 cities
