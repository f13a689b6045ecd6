"""Apply one correction to a document's stored rows: the engine behind every kind.

Rows a correction adds or changes carry its ``correction_id``; a task that lost a unit,
a deadline or a target carries it too, so every answer can say the fact was corrected.
A unit named in a correction resolves in the document's jurisdiction exactly like an
extracted one (:func:`extract.jurisdictions.unit_division`), unless the payload names
the jurisdiction.

Nothing here decides whether to apply: :mod:`store.corrections.crud` finds the anchor
first.  A correction whose fact is no longer there raises :class:`NotApplicable`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from extract.divisions import Division
from extract.jurisdictions import issuer_division, unit_division
from extract.model import UnitRef
from store.corrections import kinds as k
from store.corrections.snapshot import snapshot, task_at
from store.crud.jurisdictions import ensure_jurisdiction
from store.crud.units import find_units, upsert_unit
from store.curation_tables import Correction
from store.tables import (
    Deadline,
    Document,
    Jurisdiction,
    PlaceMention,
    Target,
    Task,
    TaskUnit,
    Unit,
)


class CorrectionError(ValueError):
    """The correction cannot be made as asked; ``str()`` says why."""


class NotApplicable(CorrectionError):
    """The fact the correction changes is not (or no longer) in the document."""


def _task_units(session: Session, task: Task, name: str) -> list[TaskUnit]:
    ids = {u.id for u in find_units(session=session, name=name)}
    links = session.exec(select(TaskUnit).where(TaskUnit.task_id == task.id)).all()
    return [link for link in links if link.unit_id in ids]


@lru_cache(maxsize=8)
def _issuer(issuer: str | None, title: str | None, number: str | None,
            text: str) -> Division | None:
    # Reading the issuer scans the whole text: once per document, not once per correction.
    return issuer_division(issuer=issuer, title=title, number=number, text=text)


def _resolve_unit(session: Session, document: Document, payload: k.AddUnit) -> Unit:
    if payload.jurisdiction:
        place = session.exec(select(Jurisdiction).where(
            Jurisdiction.full_name == payload.jurisdiction)).first()
        if place is None or place.id is None:
            raise CorrectionError(f"unknown jurisdiction {payload.jurisdiction!r}")
        return upsert_unit(session=session, ref=UnitRef(payload.unit, payload.unit, role=payload.role),
                           jurisdiction_id=place.id)
    issuer = _issuer(document.issuer, document.title, document.number, document.text)
    division = unit_division(payload.unit, issuer)
    row = ensure_jurisdiction(session=session, division=division)
    assert row.id is not None
    return upsert_unit(session=session, ref=UnitRef(payload.unit, payload.unit, role=payload.role),
                       jurisdiction_id=row.id, division=division)


def _add_unit(session: Session, document: Document, task: Task, p: k.AddUnit, cid: int) -> None:
    unit = _resolve_unit(session, document, p)
    link = session.exec(select(TaskUnit).where(TaskUnit.task_id == task.id,
                                               TaskUnit.unit_id == unit.id)).first()
    if link is None:
        positions = session.exec(select(TaskUnit.position).where(TaskUnit.task_id == task.id)).all()
        assert task.id is not None and unit.id is not None
        link = TaskUnit(task_id=task.id, unit_id=unit.id, role=p.role,
                        position=max(positions, default=-1) + 1, raw=p.unit)
    link.role, link.correction_id = p.role, cid
    session.add(link)


def _remove_unit(session: Session, document: Document, task: Task, p: k.RemoveUnit,
                 cid: int) -> None:
    links = _task_units(session, task, p.unit)
    if not links:
        raise NotApplicable(f"{p.unit} is not a unit of task {task.path}")
    for link in links:
        session.delete(link)
    _mark(session, task, cid)


def _set_role(session: Session, document: Document, task: Task, p: k.SetRole, cid: int) -> None:
    links = _task_units(session, task, p.unit)
    if not links:
        raise NotApplicable(f"{p.unit} is not a unit of task {task.path}")
    for link in links:
        link.role, link.correction_id = p.role, cid
        session.add(link)


def _add_deadline(session: Session, document: Document, task: Task, p: k.AddDeadline,
                  cid: int) -> None:
    raw = p.raw or (p.due.isoformat() if p.due else p.recurrence)
    assert task.id is not None
    session.add(Deadline(
        document_id=task.document_id, task_id=task.id, path=task.path, raw=raw[:64], due=p.due,
        precision="day", recurrence=p.recurrence, month=p.month, day=p.day,
        readings=json.dumps([p.due.isoformat()] if p.due else []), source_path=task.path,
        # At the task's end: the ordinals (obligation ids) of the extracted deadlines stay.
        source_start=task.end, source_end=task.end, source_quote="", correction_id=cid))


def _deadlines(session: Session, task: Task, raw: str | None,
               due: Any = None) -> list[Deadline]:
    rows = session.exec(select(Deadline).where(Deadline.task_id == task.id)
                        .order_by(col(Deadline.source_start), col(Deadline.id))).all()
    return [d for d in rows if (raw is None or d.raw == raw) and (due is None or d.due == due)]


def _drop_deadline(session: Session, document: Document, task: Task, p: k.DropDeadline,
                   cid: int) -> None:
    found = _deadlines(session, task, p.raw or None, p.due)
    if not found:
        raise NotApplicable(f"task {task.path} has no deadline {p.raw or p.due}")
    for deadline in found:
        session.delete(deadline)
    _mark(session, task, cid)


def _set_deadline(session: Session, document: Document, task: Task, p: k.SetDeadline,
                  cid: int) -> None:
    found = _deadlines(session, task, p.raw)
    if not found:
        raise NotApplicable(f"task {task.path} has no deadline {p.raw or ''}".rstrip())
    if len(found) > 1:
        raise CorrectionError(f"task {task.path} has {len(found)} deadlines; name one by raw")
    deadline = found[0]
    deadline.due, deadline.recurrence, deadline.precision = p.due, "once", "day"
    deadline.month = deadline.day = None
    deadline.readings, deadline.correction_id = json.dumps([p.due.isoformat()]), cid
    session.add(deadline)


def _add_target(session: Session, document: Document, task: Task, p: k.AddTarget,
                cid: int) -> None:
    session.add(Target(
        document_id=task.document_id, task_id=task.id, path=task.path, metric=p.metric,
        comparator=p.comparator, value=p.value, value_max=p.value_max, unit=p.unit,
        period="once", due=p.due, source_path=task.path, source_start=task.end,
        source_end=task.end, source_quote="", correction_id=cid))


def _targets(session: Session, task: Task, value: float, unit: str) -> list[Target]:
    rows = session.exec(select(Target).where(Target.task_id == task.id, Target.unit == unit)
                        .order_by(col(Target.source_start), col(Target.id))).all()
    return [t for t in rows if abs(t.value - value) < 1e-9]


def _drop_target(session: Session, document: Document, task: Task, p: k.DropTarget,
                 cid: int) -> None:
    found = _targets(session, task, p.value, p.unit)
    if not found:
        raise NotApplicable(f"task {task.path} has no target {p.value:g}{p.unit}")
    for target in found:
        session.delete(target)
    _mark(session, task, cid)


def _fix_target(session: Session, document: Document, task: Task, p: k.FixTarget,
                cid: int) -> None:
    found = _targets(session, task, p.value, p.unit)
    if not found:
        raise NotApplicable(f"task {task.path} has no target {p.value:g}{p.unit}")
    for target in found:
        for name, value in p.set.changes().items():
            setattr(target, name, value)
        target.correction_id = cid
        if "value" in p.set.changes() or "unit" in p.set.changes():
            target.base_value = target.base_unit = None  # the old conversion no longer holds
        session.add(target)


def _split_task(session: Session, document: Document, task: Task, p: k.SplitTask,
                cid: int) -> None:
    if p.at >= len(task.text):
        raise CorrectionError(f"task {task.path} has {len(task.text)} characters; cannot split at {p.at}")
    new_path = f"{task.path}{p.suffix}"
    if task_at(session=session, document_id=document.id or 0, path=new_path) is not None:
        raise CorrectionError(f"task {new_path} exists already")
    cut = task.start + p.at
    rest = Task(document_id=task.document_id, path=new_path, text=task.text[p.at:], start=cut,
                end=task.end, source_path=new_path, source_start=max(task.source_start, cut),
                source_end=max(task.source_end, cut), source_quote=task.source_quote,
                correction_id=cid)
    task.text, task.end, task.correction_id = task.text[:p.at], cut, cid
    session.add_all([task, rest])
    session.flush()
    # Both halves keep the clause's units: the curator removes the ones that do not belong.
    for link in session.exec(select(TaskUnit).where(TaskUnit.task_id == task.id)).all():
        assert rest.id is not None
        session.add(TaskUnit(task_id=rest.id, unit_id=link.unit_id, role=link.role,
                             position=link.position, raw=link.raw, correction_id=cid))
    for table in (Deadline, Target):
        for fact in session.exec(select(table).where(table.task_id == task.id)).all():
            if fact.source_start >= cut:
                fact.task_id, fact.path = rest.id, new_path
                session.add(fact)


def _merge_task(session: Session, document: Document, task: Task, p: k.MergeTask,
                cid: int) -> None:
    other = task_at(session=session, document_id=document.id or 0, path=p.with_path)
    if other is None or other.id == task.id:
        raise NotApplicable(f"no other task {p.with_path} to merge into {task.path}")
    mine = {link.unit_id: link for link in
            session.exec(select(TaskUnit).where(TaskUnit.task_id == task.id)).all()}
    for link in session.exec(select(TaskUnit).where(TaskUnit.task_id == other.id)).all():
        kept = mine.get(link.unit_id)
        if kept is None:
            session.add(TaskUnit(task_id=task.id or 0, unit_id=link.unit_id, role=link.role,
                                 position=len(mine) + link.position, raw=link.raw,
                                 correction_id=cid))
        elif link.role == "lead" and kept.role != "lead":  # a lead of either stays a lead
            kept.role, kept.correction_id = "lead", cid
            session.add(kept)
    session.execute(delete(TaskUnit).where(col(TaskUnit.task_id) == other.id))
    for table in (Deadline, Target, PlaceMention):
        for fact in session.exec(select(table).where(table.task_id == other.id)).all():
            fact.task_id = task.id
            if isinstance(fact, Deadline | Target):
                fact.path = task.path
            session.add(fact)
    task.text = f"{task.text}\n{other.text}"
    task.start, task.end = min(task.start, other.start), max(task.end, other.end)
    task.correction_id = cid
    session.add(task)
    session.flush()
    session.delete(other)


def _mark(session: Session, task: Task, cid: int) -> None:
    task.correction_id = cid
    session.add(task)


_APPLY: dict[str, Callable[..., None]] = {
    "add_unit": _add_unit, "remove_unit": _remove_unit, "set_role": _set_role,
    "add_deadline": _add_deadline, "drop_deadline": _drop_deadline,
    "set_deadline": _set_deadline, "add_target": _add_target, "drop_target": _drop_target,
    "fix_target": _fix_target, "split_task": _split_task, "merge_task": _merge_task,
}  # fmt: skip


def apply_correction(*, session: Session, document: Document, task: Task,
                     correction: Correction, describe: bool = True) -> dict[str, Any]:
    """Apply ``correction`` to ``task`` of ``document`` in the caller's transaction.

    Returns
    -------
    dict
        The breakdown after it: ``{"tasks": [snapshot, …]}`` (two tasks after a split);
        empty when not ``describe`` (re-applying after an ingest needs no description).

    Raises
    ------
    NotApplicable
        When the unit, deadline, target or task it changes is not there.
    CorrectionError
        When it cannot be made as asked (an ambiguous deadline, a split past the end).
    """
    payload = k.parse_payload(correction.kind, correction.payload)
    _APPLY[correction.kind](session, document, task, payload, correction.id)
    session.flush()
    if not describe:
        return {}
    tasks = [task]
    if isinstance(payload, k.SplitTask):
        rest = task_at(session=session, document_id=document.id or 0,
                       path=f"{task.path}{payload.suffix}")
        tasks += [rest] if rest is not None else []
    return {"tasks": [snapshot(session=session, task=t) for t in tasks]}
