"""Load the county pairings (data/reference/wenzhou-pairings.yaml) as Place/Pairing rows.

The policy text says only "结对县(市、区)"; the pairings let the service expand that
collective unit into real counties.  Every pair keeps where it is attested (``source``)
and how sure we are (``confidence``), so the API can show both wherever it uses one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from store.crud.places import upsert_pairing, upsert_place
from store.db import PROJECT_ROOT

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

    >>> names = reference_place_names()
    >>> "鹿城区" in names and "泰顺县" in names
    True
    """
    if not path.is_file():
        return ()
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = [data.get("province"), data.get("prefecture"), *data.get("developed", []),
             *data.get("accelerated", [])]
    return tuple(dict.fromkeys(str(n) for n in names if n))


def load_pairings(*, session: Session, path: Path = PAIRINGS_FILE) -> int:
    """Upsert the prefecture, its paired counties and the pairs; return the pair count.

    Idempotent: loading twice leaves the same rows (updated in place).

    Parameters
    ----------
    session
        An open session; the caller commits.
    path
        The YAML file (format of data/reference/wenzhou-pairings.yaml).
    """
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    prefecture = str(data["prefecture"])
    province = data.get("province")
    if province:
        upsert_place(session=session, name=str(province), kind="province")
    upsert_place(session=session, name=prefecture, kind="city", parent=province)
    for name in [*data.get("developed", []), *data.get("accelerated", [])]:
        upsert_place(session=session, name=str(name), kind=place_kind(str(name)), parent=prefecture)
    for pair in data.get("pairs", []):
        developed = upsert_place(
            session=session,
            name=str(pair["developed"]),
            kind=place_kind(str(pair["developed"])),
            parent=prefecture,
        )
        accelerated = upsert_place(
            session=session,
            name=str(pair["accelerated"]),
            kind=place_kind(str(pair["accelerated"])),
            parent=prefecture,
        )
        since = pair.get("since")
        upsert_pairing(
            session=session,
            developed=developed,
            accelerated=accelerated,
            confidence=str(pair["confidence"]),
            source=str(pair["source"]),
            since=int(since) if since is not None else None,
        )
    return len(data.get("pairs", []))
