"""Writers for each kind of fact of one extraction, used by ``store.ingest``.

Each writes into the caller's session; none commits, so a document's facts are stored
all together or not at all.  Rows name every column (``None`` where nothing applies), so
they can go straight to the driver (:mod:`store.bulk`).  Facts go in as bulk INSERTs of plain rows (one statement
per kind, SQLAlchemy's "insertmanyvalues"), not one ORM object and flush each: building
and flushing ORM objects was most of ingest time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from extract.divisions import Division
from extract.jurisdictions import place_division, unit_division
from extract.model import Extraction, Provenance, UnitRef
from store import tables
from store.bulk import bulk_insert, insert_ids
from store.crud.places import place_ids
from store.review.units import Naming
from store.unit_index import UnitIndex
from store.unit_rows import UnitRow


def source_fields(p: Provenance) -> dict[str, Any]:
    """The SourceFields columns of a fact read at ``p``."""
    return {
        "source_path": p.path,
        "source_start": p.start,
        "source_end": p.end,
        "source_quote": p.quote,
    }


# (start, end, task id, path) of every task, to link facts to the task containing them.
TaskSpan = tuple[int, int, int, str]


def owning_task(spans: list[TaskSpan], position: int, path: str) -> int | None:
    """The innermost task whose span contains ``position``, else the one with ``path``.

    >>> owning_task([(0, 100, 1, "二(一)"), (10, 50, 2, "二(二)1")], 20, "二(二)1")
    2
    >>> owning_task([(0, 100, 1, "二(一)")], 500, "二(一)") is None
    False
    >>> owning_task([(0, 100, 1, "二(一)")], 500, "三") is None
    True
    """
    containing = [s for s in spans if s[0] <= position < s[1]]
    if containing:
        return min(containing, key=lambda s: s[1] - s[0])[2]
    same_path = [s for s in spans if s[3] == path]
    return same_path[0][2] if same_path else None


def store_sections(session: Session, document_id: int, extraction: Extraction) -> None:
    bulk_insert(session, tables.Section, [
        {"document_id": document_id, "path": s.path, "label": s.label, "level": s.level,
         "heading": s.heading, "start": s.start, "end": s.end}
        for s in extraction.sections])


@dataclass(frozen=True)
class StoredTasks:
    """What :func:`store_tasks` wrote: each task's span, and each unit named on a task in
    reading order (task start, then position), for the review queue."""

    spans: list[TaskSpan]
    namings: tuple[Naming, ...]


def store_tasks(session: Session, document_id: int, extraction: Extraction,
                issuer: Division | None = None, index: UnitIndex | None = None, *,
                divisions: Mapping[str, Division | None] | None = None) -> StoredTasks:
    """Store the tasks and their units, each unit in the jurisdiction its name resolves
    to from the document's issuer (市X局 → the issuer's city, 泰顺县人民政府 → 泰顺县;
    ``divisions``: those worked out already, by name, :mod:`store.ingest_prepare`).

    The tasks go in as one statement returning their ids in order; units are found
    through ``index`` (one per transaction), not one query per clause.
    """
    index = index if index is not None else UnitIndex(session)
    spans: list[TaskSpan] = []
    if extraction.tasks:
        ids = insert_ids(session, tables.Task, [
            {"document_id": document_id, "path": t.path, "text": t.text, "start": t.start,
             "end": t.end, "correction_id": None, **source_fields(t.source)}
            for t in extraction.tasks],
            keys=("path",))  # a task's path is unique in its document
        spans = [(t.start, t.end, task_id, t.path)
                 for t, task_id in zip(extraction.tasks, ids, strict=True)]
    jurisdictions: dict[str, tuple[int, Division | None]] = {}
    wanted: dict[int, set[str]] = {}
    # A document names most units on several clauses: each distinct naming is looked up
    # once; the same naming again finds the same unit and records nothing new.
    upserted: dict[tuple[str, tuple[str, ...], str, bool], UnitRow | None] = {}
    for ref in (ref for t in extraction.tasks for ref in t.units):
        naming = _naming(ref)
        if naming in upserted:
            continue
        upserted[naming] = None
        if ref.name not in jurisdictions:
            division = (divisions[ref.name] if divisions is not None and ref.name in divisions
                        else unit_division(ref.name, issuer))
            row = index.jurisdiction(division)
            assert row.id is not None
            jurisdictions[ref.name] = (row.id, division)
        jurisdiction_id, division = jurisdictions[ref.name]
        wanted.setdefault(jurisdiction_id, set()).update(index.spellings(ref, division))
    index.prefetch(wanted)  # every unit the clauses may name, read at once
    clauses: list[tuple[int, UnitRow, UnitRef, int]] = []
    for t, (_, _, task_id, _) in zip(extraction.tasks, spans, strict=True):
        linked: list[UnitRow] = []
        for position, ref in enumerate(t.units):
            naming = _naming(ref)
            unit = upserted[naming]
            if unit is None:
                jurisdiction_id, division = jurisdictions[ref.name]
                unit = upserted[naming] = index.upsert(ref, jurisdiction_id, division)
            if any(unit is other for other in linked):  # twice in one clause (name and alias)
                continue
            linked.append(unit)
            clauses.append((task_id, unit, ref, position))
    index.write()  # new units get their ids, their spellings their alias rows
    bulk_insert(session, tables.TaskUnit, [
        {"task_id": task_id, "unit_id": unit.id, "role": ref.role, "position": position,
         "raw": ref.raw, "correction_id": None} for task_id, unit, ref, position in clauses])
    tasks = {task_id: t for t, (_, _, task_id, _) in zip(extraction.tasks, spans, strict=True)}
    order = sorted(range(len(clauses)),
                   key=lambda i: (tasks[clauses[i][0]].start, clauses[i][3]))
    namings = tuple(Naming(unit.id or 0, unit.name, unit.collective, unit.jurisdiction_id,
                           ref.raw, tasks[task_id].path, tasks[task_id].text,
                           tasks[task_id].source.quote)
                    for task_id, unit, ref, _ in map(clauses.__getitem__, order))
    return StoredTasks(spans, namings)


def _naming(ref: UnitRef) -> tuple[str, tuple[str, ...], str, bool]:
    """What :meth:`store.unit_index.UnitIndex.upsert` reads of a unit reference (the
    ``raw`` wording and the role go to the clause's link, not to the unit)."""
    return ref.name, tuple(ref.aliases), ref.level, ref.collective


def store_targets(
    session: Session, document_id: int, extraction: Extraction, spans: list[TaskSpan]
) -> None:
    bulk_insert(session, tables.Target, [
        {"document_id": document_id, "task_id": owning_task(spans, t.source.start, t.path),
         "path": t.path, "metric": t.metric, "comparator": t.comparator, "value": t.value,
         "value_max": t.value_max, "unit": t.unit, "base_value": t.base_value,
         "base_unit": t.base_unit, "scope": t.scope, "period": t.period, "due": t.due,
         "correction_id": None, **source_fields(t.source)}
        for t in extraction.targets])


def store_deadlines(
    session: Session, document_id: int, extraction: Extraction, spans: list[TaskSpan]
) -> None:
    bulk_insert(session, tables.Deadline, [
        {"document_id": document_id, "task_id": owning_task(spans, d.source.start, d.path),
         "path": d.path, "raw": d.raw, "due": d.due, "precision": d.precision,
         "recurrence": d.recurrence, "month": d.month, "day": d.day, "horizon": d.horizon,
         "readings": json.dumps([r.isoformat() for r in d.readings]),
         "correction_id": None, **source_fields(d.source)}
        for d in extraction.deadlines])


def store_places(
    session: Session, document_id: int, extraction: Extraction, spans: list[TaskSpan],
    issuer: Division | None = None, index: UnitIndex | None = None,
) -> None:
    """Store the places named and their mentions: a few statements per document
    (:func:`store.crud.places.place_ids`), not a query and a flush per place."""
    index = index if index is not None else UnitIndex(session)
    within = index.jurisdiction(issuer)
    ids = place_ids(session=session, within=within, index=index, places=[
        (p.name, p.kind, place_division(p.name, issuer)) for p in extraction.places])
    bulk_insert(session, tables.PlaceMention, [
        {"place_id": place_id, "document_id": document_id,
         "task_id": owning_task(spans, p.source.start, p.source.path), **source_fields(p.source)}
        for p, place_id in zip(extraction.places, ids, strict=True)])


def store_citations(session: Session, document_id: int, extraction: Extraction) -> None:
    bulk_insert(session, tables.Citation, [
        {"document_id": document_id, "number": c.number, "title": c.title, "kind": c.kind,
         **source_fields(c.source)}
        for c in extraction.document.cites])
