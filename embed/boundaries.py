"""County outlines bundled in ``data/boundaries/`` (one file per province, see SOURCE.md).

A :class:`Region` is what the county map draws: a province's counties or one city's.
The files are read once per process and never change at run time; nothing is fetched.

Examples
--------
>>> zhejiang = region("浙江省")
>>> (zhejiang.full_name, len(zhejiang.counties) > 80)
('浙江省', True)
>>> wenzhou = region("温州市")
>>> (wenzhou.full_name, wenzhou.code, sorted(c.name for c in wenzhou.counties)[:3])
('浙江省温州市', '330300', ['乐清市', '平阳县', '文成县'])
>>> region("330300000000").full_name
'浙江省温州市'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.names import UnknownName, suggest
from store.names import normalise_name

BOUNDARY_DIR = Path(__file__).resolve().parents[1] / "data" / "boundaries"

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class County:
    """One county-level division: name, 6-digit GB/T 2260 code, city, seat, outline."""

    name: str
    code: str
    city: str
    centre: tuple[float, float]  # (longitude, latitude) of its seat
    rings: tuple[Ring, ...]  # outer rings, (longitude, latitude)


@dataclass(frozen=True)
class Region:
    """A province or one of its cities, with its counties."""

    province: str
    city: str | None
    code: str  # 6 digits: 330000 a province, 330300 a city
    counties: tuple[County, ...]

    @property
    def full_name(self) -> str:
        """浙江省 or 浙江省温州市, as jurisdictions are spelled."""
        return self.province + (self.city or "")


def _county(record: dict) -> County:
    return County(name=record["name"], code=record["code"], city=record["city"],
                  centre=(record["centre"][0], record["centre"][1]),
                  rings=tuple(tuple((x, y) for x, y in ring) for ring in record["rings"]))


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """Every bundled province and each of its cities."""
    found: list[Region] = []
    for path in sorted(BOUNDARY_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        counties = tuple(_county(c) for c in data["counties"])
        province_code = path.stem[:2] + "0000"
        found.append(Region(data["province"], None, province_code, counties))
        for city in dict.fromkeys(c.city for c in counties):
            own = tuple(c for c in counties if c.city == city)
            found.append(Region(data["province"], city, own[0].code[:4] + "00", own))
    return tuple(found)


def region(name: str) -> Region:
    """The bundled region named by full name (浙江省温州市), short name (温州市) or code
    (330300 or the 12-digit 330300000000).

    Raises
    ------
    graph.names.UnknownName
        No bundled province or city has the name; suggestions are the closest ones.
    """
    wanted = normalise_name(name)
    code = wanted[:6] if wanted.isdigit() and wanted[6:].strip("0") == "" else None
    for r in regions():
        if wanted in (r.full_name, r.city or r.province) or code == r.code:
            return r
    known = [r.full_name for r in regions()] + [r.city for r in regions() if r.city]
    raise UnknownName(wanted, "jurisdiction", suggest(known, wanted))
