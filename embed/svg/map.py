"""A county map as SVG: counties filled by their assessment band, pairings drawn between them.

Pure: :func:`county_map_svg` takes the counties (outlines in longitude/latitude), a
mapping county name → band ("A".."D") and the pairs to draw, and writes the SVG text.
Counties without a band are grey with a hatched edge ("not assessed"); the band letter is
written under each name, so the map reads in black and white and for colour-blind readers.

Examples
--------
>>> from embed.boundaries import County
>>> square = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
>>> a = County("甲县", "330001", "某市", (0.5, 0.5), (square,))
>>> b = County("乙县", "330002", "某市", (1.5, 0.5), (tuple((x + 1, y) for x, y in square),))
>>> svg = county_map_svg([a, b], {"甲县": "A"}, [MapPair("甲县", "乙县", "stated")],
...                      labels=MapLabels(title="某市"))
>>> 'data-county="甲县" data-band="A" fill="#0072b2"' in svg
True
>>> 'data-county="乙县" data-band="" fill="#e8eaed"' in svg
True
>>> svg.count('class="pairing"')
1
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from embed.boundaries import County
from embed.svg.style import FONT_STACK, NEUTRAL, attr, text

# The assessment widget's band colours (.band-* in embed.css, Okabe-Ito: told apart by
# the common colour blindnesses); light text on the dark ones, dark text on the light.
BAND_COLOURS = {"A": "#0072b2", "B": "#56b4e9", "C": "#e69f00", "D": "#d55e00"}
BAND_TEXT = {"A": "#ffffff", "B": "#202124", "C": "#202124", "D": "#ffffff"}
NO_BAND = "#e8eaed"
PAIR_COLOUR = "#202124"  # near black: it shows on every band colour
MARGIN = 12
LEGEND = 30  # px under the map
MIN_LABELLED = 400  # px²: smaller unassessed counties of a province's map go unnamed


@dataclass(frozen=True)
class MapPair:
    """Two paired counties (山海协作) and how sure the pairing is (stated/reported/inferred)."""

    developed: str
    accelerated: str
    confidence: str = ""


@dataclass(frozen=True)
class MapLabels:
    """The words of the picture, in the reader's language (the view passes them)."""

    title: str
    bands: Mapping[str, str] = field(default_factory=lambda: {b: f"{b}档" for b in "ABCD"})
    no_band: str = "未考核"
    pairing: str = "结对"
    inferred: str = "结对(推断)"


def _projection(counties: Sequence[County], width: int,
                max_height: int) -> tuple[float, float, float, float, float, float]:
    """An equirectangular projection fitted to ``width`` × ``max_height`` pixels.

    Longitude is shrunk by the cosine of the middle latitude, so shapes keep their
    proportions; returns (x scale, y scale, west, north, map width, map height).
    """
    xs = [x for c in counties for ring in c.rings for x, _ in ring]
    ys = [y for c in counties for ring in c.rings for _, y in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    shrink = math.cos(math.radians((south + north) / 2))
    scale = min((width - 2 * MARGIN) / max(1e-9, (east - west) * shrink),
                (max_height - 2 * MARGIN) / max(1e-9, north - south))
    return (scale * shrink, scale, west, north, (east - west) * shrink * scale,
            (north - south) * scale)


def centroid(ring: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], float]:
    """The area centroid of a ring and its (unsigned) area, in the ring's units.

    >>> centroid(((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)))
    ((1.0, 1.0), 4.0)
    """
    twice, cx, cy = 0.0, 0.0, 0.0
    for (x1, y1), (x2, y2) in zip(ring, (*ring[1:], ring[0]), strict=True):
        cross = x1 * y2 - x2 * y1
        twice += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(twice) < 1e-12:
        return ring[0], 0.0
    return (cx / (3 * twice), cy / (3 * twice)), abs(twice) / 2


def short_name(name: str) -> str:
    """A county's name without its 县/市/区 (or 自治县) suffix, for a province's map.

    >>> [short_name(n) for n in ("永嘉县", "景宁畲族自治县", "鹿城区", "普陀区", "南区")]
    ['永嘉', '景宁', '鹿城', '普陀', '南区']
    """
    if "族自治" in name:
        return name[:2]
    return name[:-1] if len(name) > 2 else name


def county_map_svg(counties: Sequence[County], bands: Mapping[str, str],
                   pairs: Sequence[MapPair] = (), *, labels: MapLabels,
                   width: int = 600, max_height: int = 560) -> str:
    """The map as a standalone SVG document.

    Parameters
    ----------
    counties
        What to draw (one region's counties).
    bands
        County name → band letter; counties missing here are drawn "not assessed".
    pairs
        Pairings to draw as lines between the counties' seats; a pair with a county
        not on the map is left out.
    labels
        Title and legend words.
    width, max_height
        Pixels; the region is fitted inside, the legend goes under it.
    """
    if not counties:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" '
                f'role="img"><title>{text(labels.title)}</title></svg>')
    kx, ky, west, north, map_width, map_height = _projection(counties, width, max_height)
    left = (width - map_width) / 2

    def point(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - west) * kx, MARGIN + (north - lat) * ky

    height = int(map_height + 2 * MARGIN + LEGEND)
    small = len(counties) > 30  # a province: smaller, shorter names, big counties only
    size = 9 if small else 12
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-family={attr(FONT_STACK)} '
           f'font-size="{size}"><title>{text(labels.title)}</title>',
           '<g class="counties" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">']
    for c in counties:
        band = bands.get(c.name, "")
        fill = BAND_COLOURS.get(band, NO_BAND)
        d = " ".join("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in (point(*p) for p in ring))
                     + " Z" for ring in c.rings)
        title = f"{c.name} {labels.bands.get(band, labels.no_band)}"
        out.append(f'<path data-county={attr(c.name)} data-band={attr(band)} fill="{fill}" '
                   f'd="{d}"><title>{text(title)}</title></path>')
    out.append("</g>")
    # names and pairing ends at the middle of each county's largest piece: the seats of
    # a city's districts crowd together
    middles = {c.name: max((centroid([point(*p) for p in ring]) for ring in c.rings),
                           key=lambda found: found[1]) for c in counties}
    on_map = {name: middle for name, (middle, _) in middles.items()}
    for p in pairs:
        if p.developed in on_map and p.accelerated in on_map:
            (x1, y1), (x2, y2) = on_map[p.developed], on_map[p.accelerated]
            dash = ' stroke-dasharray="5 3"' if p.confidence == "inferred" else ""
            out.append(f'<g class="pairing" data-pair={attr(p.developed + "—" + p.accelerated)}>'
                       f'<title>{text(p.developed)}—{text(p.accelerated)}</title>'
                       f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                       f'stroke="{PAIR_COLOUR}" stroke-width="2"{dash}/>'
                       f'<circle cx="{x1:.1f}" cy="{y1:.1f}" r="3" fill="{PAIR_COLOUR}"/>'
                       f'<circle cx="{x2:.1f}" cy="{y2:.1f}" r="3" fill="{PAIR_COLOUR}"/></g>')
    out.append('<g class="names" text-anchor="middle" paint-order="stroke" '
               'stroke-linejoin="round">')
    paired = {n for p in pairs for n in (p.developed, p.accelerated)}
    for c in counties:
        band = bands.get(c.name, "")
        if small and not band and c.name not in paired and middles[c.name][1] < MIN_LABELLED:
            continue  # a small unassessed district of a province's map: its tooltip names it
        x, y = on_map[c.name]
        colour = BAND_TEXT.get(band, "#202124")
        halo = BAND_COLOURS.get(band, NO_BAND)
        name = short_name(c.name) if small else c.name
        out.append(f'<text x="{x:.1f}" y="{y - 4:.1f}" fill="{colour}" stroke="{halo}" '
                   f'stroke-width="2.5">{text(name)}'
                   + (f'<tspan x="{x:.1f}" dy="{size + 1}" font-weight="bold">{text(band)}</tspan>'
                      if band else "") + "</text>")
    out.append("</g>")
    out.append(_legend(labels, width, height - LEGEND + 4))
    out.append("</svg>")
    return "".join(out)


def _legend(labels: MapLabels, width: int, y: float) -> str:
    """Band swatches, "not assessed", and the two kinds of pairing line."""
    items = [(BAND_COLOURS[b], labels.bands.get(b, b)) for b in BAND_COLOURS]
    items.append((NO_BAND, labels.no_band))
    out = [f'<g class="legend" font-size="12" fill="{NEUTRAL}">']
    x = MARGIN
    for colour, label in items:
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}" '
                   f'stroke="#9aa0a6" stroke-width="0.5"/>'
                   f'<text x="{x + 18}" y="{y + 11}">{text(label)}</text>')
        x += 30 + 12 * len(label)
    for label, dash in ((labels.pairing, ""), (labels.inferred, ' stroke-dasharray="5 3"')):
        out.append(f'<line x1="{x}" y1="{y + 7}" x2="{x + 22}" y2="{y + 7}" '
                   f'stroke="{PAIR_COLOUR}" stroke-width="2"{dash}/>'
                   f'<text x="{x + 26}" y="{y + 11}">{text(label)}</text>')
        x += 34 + 12 * len(label)
    out.append("</g>")
    return "".join(out)
