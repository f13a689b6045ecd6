"""Successions from reference data (data/reference/successions.yaml): load the dated
ones, and suggest the undated 机构改革 patterns that the stored units match.

Nothing here is loaded automatically: the bundled corpus's contract queries still ask
about 市规划局, which a recorded succession would hand to its successor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml
from sqlmodel import Session

from extract.bureaus import split_government, standard_name
from extract.model import Level, UnitRef
from i18n import t
from store.audit import record_audit
from store.crud.jurisdictions import find_jurisdictions
from store.crud.successions import KINDS, SuccessionError, record_succession
from store.crud.units import find_units, list_units, unit_key, upsert_unit
from store.db import PROJECT_ROOT, writing
from store.tables import Jurisdiction, Unit

SUCCESSIONS_FILE = PROJECT_ROOT / "data" / "reference" / "successions.yaml"


@dataclass(frozen=True)
class Entry:
    """A dated succession as the reference file states it."""

    jurisdiction: str
    predecessors: tuple[str, ...]
    successor: str
    kind: str
    effective_on: dt.date
    source: str


@dataclass(frozen=True)
class Pattern:
    """An undated reorganisation: bureaus proper (国土资源局, 规划局) → one of ``successors``."""

    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    kind: str


def read_reference(path: Path = SUCCESSIONS_FILE) -> tuple[list[Entry], list[Pattern]]:
    """The dated entries and the patterns of a successions file.

    Raises
    ------
    ValueError
        When an entry lacks a field, names an unknown kind or a date that is no date.
    """
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries, patterns = [], []
    for number, raw in enumerate(data.get("successions") or [], start=1):
        try:
            day = raw["effective_on"]
            entry = Entry(str(raw["jurisdiction"]), tuple(str(p) for p in raw["predecessors"]),
                          str(raw["successor"]), str(raw.get("kind", "merge")),
                          day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)),
                          str(raw["source"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path.name}: succession {number}: {exc}") from exc
        if entry.kind not in KINDS:
            raise ValueError(f"{path.name}: succession {number}: kind {entry.kind!r}")
        entries.append(entry)
    for raw in data.get("patterns") or []:
        patterns.append(Pattern(tuple(map(str, raw["predecessors"])),
                                tuple(map(str, raw["successors"])), str(raw.get("kind", "merge"))))
    return entries, patterns


@dataclass
class Loaded:
    """What loading a file did: successions recorded, and what was skipped and why."""

    recorded: list[str] = field(default_factory=list)  # 市国土资源局 → 市自然资源和规划局
    skipped: list[str] = field(default_factory=list)


def load_successions(*, session: Session, entries: list[Entry], actor: str = "cli") -> Loaded:
    """Record each entry whose jurisdiction and predecessors are stored (the successor
    is created when missing), each in the audit trail.  The caller bumps the data
    version and commits; the transaction becomes the writer of documents
    (:func:`store.db.writing`)."""
    writing(session)  # a successor may be a new unit: one writer, before its reads
    done = Loaded()
    for entry in entries:
        found = find_jurisdictions(session=session, name=entry.jurisdiction)
        if len(found) != 1:
            reason = "no_jurisdiction" if not found else "ambiguous_jurisdiction"
            done.skipped.append(t(f"succession.skip.{reason}", name=entry.jurisdiction))
            continue
        jurisdiction = found[0]
        assert jurisdiction.id is not None
        successor = unit_in(session=session, name=entry.successor, jurisdiction=jurisdiction,
                            create=True)
        assert successor is not None
        for name in entry.predecessors:
            predecessor = unit_in(session=session, name=name, jurisdiction=jurisdiction)
            if predecessor is None:
                done.skipped.append(t("succession.skip.no_unit", name=name,
                                      jurisdiction=jurisdiction.full_name))
                continue
            try:
                row = record_succession(session=session, predecessor=predecessor,
                                        successor=successor, kind=entry.kind,
                                        effective_on=entry.effective_on, note=entry.source,
                                        created_by=actor)
            except SuccessionError as exc:
                done.skipped.append(f"{jurisdiction.full_name} {name}: {exc}")
                continue
            record_audit(session=session, action="succession_add", target=f"succession:{row.id}",
                         actor=actor, new_value=describe(predecessor, successor, row.kind,
                                                         row.effective_on, row.note))
            done.recorded.append(f"{predecessor.name} → {successor.name}")
    return done


def unit_in(*, session: Session, name: str, jurisdiction: Jurisdiction,
            create: bool = False) -> Unit | None:
    """The unit of ``jurisdiction`` called ``name``; made (level from the jurisdiction)
    when ``create`` and there is none."""
    assert jurisdiction.id is not None
    found = find_units(session=session, name=name, jurisdiction_id=jurisdiction.id)
    if found or not create:
        return found[0] if found else None
    level: Level = jurisdiction.level if jurisdiction.level in get_args(Level) else "unknown"  # type: ignore[assignment]
    return upsert_unit(session=session, jurisdiction_id=jurisdiction.id,
                       ref=UnitRef(name=name, raw=name, level=level))


def describe(predecessor: Unit, successor: Unit, kind: str, effective_on: dt.date,
             note: str) -> dict[str, Any]:
    """The audit trail's record of a succession: names as they were on the day."""
    return {"predecessor": predecessor.name, "predecessor_id": predecessor.id,
            "successor": successor.name, "successor_id": successor.id, "kind": kind,
            "effective_on": effective_on.isoformat(), "note": note}


@dataclass(frozen=True)
class Suggestion:
    """Stored units of one jurisdiction that a pattern says were likely reorganised."""

    jurisdiction: str  # full name
    predecessors: tuple[str, ...]  # stored unit names
    successor: str  # a stored successor's name, else the first pattern name
    successor_stored: bool
    kind: str


def suggest_successions(*, session: Session, patterns: list[Pattern]) -> list[Suggestion]:
    """For each jurisdiction and pattern, the stored units that match its predecessors
    (by bureau proper, in the lexicon's standard spelling) and that no succession
    records yet."""
    from store.crud.successions import list_successions

    recorded = {s.predecessor_id for s in list_successions(session=session)}
    by_jurisdiction: dict[int, list[Unit]] = {}
    for unit in list_units(session=session):
        by_jurisdiction.setdefault(unit.jurisdiction_id, []).append(unit)
    out = []
    for jurisdiction_id, units in sorted(by_jurisdiction.items()):
        jurisdiction = session.get(Jurisdiction, jurisdiction_id)
        full = jurisdiction.full_name if jurisdiction else str(jurisdiction_id)
        proper = {u.id: split_government(u.name) for u in units}
        for pattern in patterns:
            wanted = {standard_name(p) for p in pattern.predecessors}
            matched = [u for u in units if proper[u.id][1] in wanted and u.id not in recorded]
            if not matched:
                continue
            government = proper[matched[0].id][0]
            successors = [unit_key(government + s) for s in pattern.successors]
            stored = [u.name for u in units if u.name in successors]
            out.append(Suggestion(full, tuple(u.name for u in matched),
                                  stored[0] if stored else successors[0], bool(stored),
                                  pattern.kind))
    return out
