"""Writers for each kind of fact of one extraction, used by ``store.ingest``.

Each writes into the caller's session and flushes; none commits, so a document's
facts are stored all together or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from extract.divisions import Division
from extract.jurisdictions import place_division, unit_division
from extract.model import Extraction, Provenance
from store import tables
from store.crud.jurisdictions import ensure_jurisdiction
from store.crud.places import upsert_place
from store.crud.units import upsert_unit


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
    for s in extraction.sections:
        session.add(
            tables.Section(
                document_id=document_id,
                path=s.path,
                label=s.label,
                level=s.level,
                heading=s.heading,
                start=s.start,
                end=s.end,
            )
        )
    session.flush()


def store_tasks(session: Session, document_id: int, extraction: Extraction,
                issuer: Division | None = None) -> list[TaskSpan]:
    """Store the tasks and their units, each unit in the jurisdiction its name resolves
    to from the document's issuer (市X局 → the issuer's city, 泰顺县人民政府 → 泰顺县)."""
    spans: list[TaskSpan] = []
    jurisdictions: dict[str, tuple[int, Division | None]] = {}
    for t in extraction.tasks:
        task = tables.Task(
            document_id=document_id,
            path=t.path,
            text=t.text,
            start=t.start,
            end=t.end,
            **source_fields(t.source),
        )
        session.add(task)
        session.flush()
        assert task.id is not None
        spans.append((t.start, t.end, task.id, t.path))
        linked: set[int] = set()
        for position, ref in enumerate(t.units):
            if ref.name not in jurisdictions:
                division = unit_division(ref.name, issuer)
                row = ensure_jurisdiction(session=session, division=division)
                assert row.id is not None
                jurisdictions[ref.name] = (row.id, division)
            jurisdiction_id, division = jurisdictions[ref.name]
            unit = upsert_unit(session=session, ref=ref, jurisdiction_id=jurisdiction_id,
                               division=division)
            assert unit.id is not None
            if unit.id in linked:  # the same unit twice in one clause (by name and alias)
                continue
            linked.add(unit.id)
            session.add(
                tables.TaskUnit(
                    task_id=task.id, unit_id=unit.id, role=ref.role, position=position, raw=ref.raw
                )
            )
    session.flush()
    return spans


def store_targets(
    session: Session, document_id: int, extraction: Extraction, spans: list[TaskSpan]
) -> None:
    for t in extraction.targets:
        session.add(
            tables.Target(
                document_id=document_id, task_id=owning_task(spans, t.source.start, t.path), path=t.path,
                metric=t.metric, comparator=t.comparator, value=t.value, value_max=t.value_max, unit=t.unit,
                base_value=t.base_value, base_unit=t.base_unit, scope=t.scope, period=t.period, due=t.due,
                **source_fields(t.source),
            )
        )  # fmt: skip
    session.flush()


def store_deadlines(
    session: Session, document_id: int, extraction: Extraction, spans: list[TaskSpan]
) -> None:
    for d in extraction.deadlines:
        session.add(
            tables.Deadline(
                document_id=document_id, task_id=owning_task(spans, d.source.start, d.path), path=d.path,
                raw=d.raw, due=d.due, precision=d.precision, recurrence=d.recurrence, month=d.month,
                day=d.day, horizon=d.horizon, readings=json.dumps([r.isoformat() for r in d.readings]),
                **source_fields(d.source),
            )
        )  # fmt: skip
    session.flush()


def store_places(
    session: Session, document_id: int, extraction: Extraction, spans: list[TaskSpan],
    issuer: Division | None = None,
) -> None:
    within = ensure_jurisdiction(session=session, division=issuer)
    for p in extraction.places:
        place = upsert_place(session=session, name=p.name, kind=p.kind,
                             division=place_division(p.name, issuer), within=within)
        assert place.id is not None
        task_id = owning_task(spans, p.source.start, p.source.path)
        session.add(
            tables.PlaceMention(
                place_id=place.id,
                document_id=document_id,
                task_id=task_id,
                **source_fields(p.source),
            )
        )
    session.flush()


def store_citations(session: Session, document_id: int, extraction: Extraction) -> None:
    for c in extraction.document.cites:
        session.add(
            tables.Citation(
                document_id=document_id, number=c.number, title=c.title, kind=c.kind,
                **source_fields(c.source)
            )
        )
    session.flush()
