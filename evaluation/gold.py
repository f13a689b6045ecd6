"""Reading a gold file (format: the project's gold contract, one YAML per document).

A malformed gold file raises :class:`GoldError` naming the file and the item at fault, so a
person writing gold hears exactly what to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from evaluation.facts import (
    HEADER_FIELDS,
    Fact,
    Facts,
    header_facts,
    jurisdiction_facts,
    target_fact,
)
from evaluation.normalize import norm_deadline_key, norm_text

ROLES = {"lead", "co"}


class GoldError(ValueError):
    """A gold file that does not follow the format; the message names file and item."""


@dataclass(frozen=True)
class Gold:
    """One gold file: the document it describes and its facts."""

    stem: str  # the gold file's stem, which is the corpus file's stem
    document: str  # path relative to the corpus directory, as written
    facts: Facts
    notes: str


def load_gold(path: Path) -> Gold:
    """Read and check one gold YAML file.

    Raises
    ------
    GoldError
        When the file is not YAML of the gold format.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GoldError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or "document" not in data:
        raise GoldError(f"{path.name}: expected a mapping with 'document', 'header', 'items'")
    return parse_gold(data, path.stem, source=path.name)


def parse_gold(data: dict[str, Any], stem: str, *, source: str = "gold") -> Gold:
    """Turn a parsed gold mapping into :class:`Gold`.

    >>> gold = parse_gold({"document": "x.txt", "header": {"title": "某方案", "number": None},
    ...     "items": [{"path": "一（一）", "units": [{"name": "市 财政局", "role": "co"}],
    ...                "deadlines": ["2027-6-30", "quarterly"],
    ...                "targets": [{"value": 1.2, "unit": "万人", "comparator": ">="}]}]}, "x")
    >>> sorted(gold.facts.units), sorted(gold.facts.deadlines)
    ([('一(一)', '市财政局')], [('一(一)', '2027-06-30'), ('一(一)', 'quarterly')])
    >>> sorted(gold.facts.targets), sorted(gold.facts.header)
    ([('一(一)', 1.2, '万人', '>=', None)], [('title', '某方案')])
    >>> sorted(parse_gold({"document": "x.txt", "jurisdiction": "浙江省湖州市"}, "x").facts.jurisdiction)
    [('jurisdiction', '浙江省湖州市')]
    """
    header = data.get("header") or {}
    if not isinstance(header, dict):
        raise GoldError(f"{source}: 'header' must be a mapping")
    unknown = set(header) - set(HEADER_FIELDS)
    if unknown:
        raise GoldError(f"{source}: unknown header fields {sorted(unknown)}")
    issued = header.get("issued_on")
    values = {**header, "issued_on": issued.isoformat() if isinstance(issued, dt.date) else issued}
    units: set[Fact] = set()
    targets: set[Fact] = set()
    deadlines: set[Fact] = set()
    for index, item in enumerate(data.get("items") or []):
        where = f"{source}: item {index + 1}"
        if not isinstance(item, dict) or "path" not in item:
            raise GoldError(f"{where}: each item needs a 'path'")
        path = norm_text(item["path"])
        where = f"{source}: item {item['path']}"
        for unit in item.get("units") or []:
            if not isinstance(unit, dict) or not unit.get("name"):
                raise GoldError(f"{where}: a unit needs a 'name'")
            if unit.get("role", "co") not in ROLES:
                raise GoldError(f"{where}: role must be lead or co, not {unit.get('role')!r}")
            units.add((path, norm_text(unit["name"])))
        for key in item.get("deadlines") or []:
            try:
                deadlines.add((path, norm_deadline_key(key)))
            except ValueError as exc:
                raise GoldError(f"{where}: {exc}") from exc
        for target in item.get("targets") or []:
            if not isinstance(target, dict) or target.get("value") is None:
                raise GoldError(f"{where}: a target needs a 'value'")
            try:
                targets.add(target_fact(path, target["value"], target.get("unit", ""),
                                        target.get("comparator", "="), target.get("value_max")))
            except (TypeError, ValueError) as exc:
                raise GoldError(f"{where}: bad target {target!r} ({exc})") from exc
    jurisdiction = data.get("jurisdiction")
    if jurisdiction is not None and not isinstance(jurisdiction, str):
        raise GoldError(f"{source}: 'jurisdiction' must be a full division name (浙江省温州市)")
    facts = Facts(frozenset(units), frozenset(targets), frozenset(deadlines),
                  header_facts(values), jurisdiction_facts(jurisdiction))
    return Gold(stem, str(data["document"]), facts, str(data.get("notes") or ""))
