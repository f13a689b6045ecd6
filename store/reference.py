"""Load the county pairings (data/reference/wenzhou-pairings.yaml) as Place/Pairing rows.

The policy text says only "结对县(市、区)"; the pairings let the service expand that
collective unit into real counties.  Every pair keeps where it is attested (``source``)
and how sure we are (``confidence``), so the API can show both wherever it uses one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from extract.divisions import Division
from extract.jurisdictions import leading_divisions, place_division
from extract.model import UnitRef
from store.crud.jurisdictions import ensure_jurisdiction
from store.crud.places import upsert_pairing, upsert_place
from store.crud.units import upsert_unit
from store.db import PROJECT_ROOT, writing
from store.tables import Place

PAIRINGS_FILE = PROJECT_ROOT / "data" / "reference" / "wenzhou-pairings.yaml"


def place_kind(name: str) -> str:
    """Kind of an administrative name from its suffix: 区 → district, 县 → county, 市 → city.

    >>> place_kind("鹿城区"), place_kind("泰顺县"), place_kind("瑞安市")
    ('district', 'county', 'city')
    """
    if name.endswith("区"):
        return "district"
    if name.endswith("县"):
        return "county"
    if name.endswith("市"):
        return "city"
    return "unknown"


def reference_place_names(path: Path = PAIRINGS_FILE) -> tuple[str, ...]:
    """Every place the pairings name (province, prefecture, paired counties), for the
    extractor's ``known_places``: their short forms (鹿城, 泰顺, 鹿—泰) then read as places.

    The file is parsed again only when it changed (ingesting a folder asks once per
    document, and parsing the YAML cost a tenth of the ingest).

    >>> names = reference_place_names()
    >>> "鹿城区" in names and "泰顺县" in names
    True
    """
    if not path.is_file():
        return ()
    stat = path.stat()
    return _place_names(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _place_names(path: str, _mtime_ns: int, _size: int) -> tuple[str, ...]:
    data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    names = [data.get("province"), data.get("prefecture"), *data.get("developed", []),
             *data.get("accelerated", [])]
    return tuple(dict.fromkeys(str(n) for n in names if n))


def county_government(name: str) -> str:
    """The name of a county's (district's, county-level city's) government unit.

    >>> county_government("泰顺县")
    '泰顺县人民政府'
    """
    return f"{name}人民政府"


def load_pairings(*, session: Session, path: Path = PAIRINGS_FILE) -> int:
    """Upsert the prefecture, its paired counties (by division code, with their
    jurisdictions and government units, which report for the county's shares) and the
    pairs; return the pair count.

    Idempotent: loading twice leaves the same rows (updated in place).  The transaction
    becomes the writer of documents (:func:`store.db.writing`).

    Parameters
    ----------
    session
        An open session; the caller commits.
    path
        The YAML file (format of data/reference/wenzhou-pairings.yaml).
    """
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    writing(session)  # it adds places, jurisdictions and units: one writer, before its reads
    province = str(data.get("province") or "")
    prefecture = str(data["prefecture"])
    chain = leading_divisions(province + prefecture)
    city: Division | None = chain[-1] if chain else None
    if province and chain:
        upsert_place(session=session, name=chain[0].name, kind="province", division=chain[0])
    upsert_place(session=session, name=prefecture, kind="city", division=city)
    places: dict[str, Place] = {}
    for name in dict.fromkeys(str(n) for n in [*data.get("developed", []),
                                               *data.get("accelerated", []),
                                               *(p[k] for p in data.get("pairs", [])
                                                 for k in ("developed", "accelerated"))]):
        division = place_division(name, city)
        places[name] = upsert_place(session=session, name=name, kind=place_kind(name),
                                    division=division)
        jurisdiction = ensure_jurisdiction(session=session, division=division)
        if division is not None:
            assert jurisdiction.id is not None
            upsert_unit(session=session, jurisdiction_id=jurisdiction.id,
                        ref=UnitRef(name=county_government(name), raw=county_government(name),
                                    level="county"))
    for pair in data.get("pairs", []):
        since = pair.get("since")
        upsert_pairing(
            session=session,
            developed=places[str(pair["developed"])],
            accelerated=places[str(pair["accelerated"])],
            confidence=str(pair["confidence"]),
            source=str(pair["source"]),
            since=int(since) if since is not None else None,
        )
    return len(data.get("pairs", []))
