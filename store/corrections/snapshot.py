"""The breakdown of a task as the audit trail and the import preview show it.

A snapshot is plain JSON: the task's path and text, its units with their roles, its
deadlines and its targets, in text order.  Corrections record one before and after.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from store.corrections import kinds as k
from store.tables import Deadline, Target, Task, TaskUnit, Unit


def task_at(*, session: Session, document_id: int, path: str) -> Task | None:
    """The document's task at a section path, or ``None``."""
    return session.exec(select(Task).where(Task.document_id == document_id,
                                           Task.path == path)).first()


def snapshot(*, session: Session, task: Task) -> dict[str, Any]:
    """A task's breakdown as the audit keeps it: text, units with roles, deadlines, targets."""
    units = session.exec(select(Unit.name, TaskUnit.role).join(TaskUnit, col(TaskUnit.unit_id) == col(Unit.id))
                         .where(TaskUnit.task_id == task.id).order_by(col(TaskUnit.position),
                                                                      col(TaskUnit.id))).all()
    deadlines = session.exec(select(Deadline).where(Deadline.task_id == task.id)
                             .order_by(col(Deadline.source_start), col(Deadline.id))).all()
    targets = session.exec(select(Target).where(Target.task_id == task.id)
                           .order_by(col(Target.source_start), col(Target.id))).all()
    return {
        "path": task.path, "text": task.text,
        "units": [{"unit": name, "role": role} for name, role in units],
        "deadlines": [{"raw": d.raw, "due": d.due.isoformat() if d.due else None,
                       "recurrence": d.recurrence} for d in deadlines],
        "targets": [{"metric": t.metric, "comparator": t.comparator, "value": t.value,
                     "unit": t.unit, "due": t.due.isoformat() if t.due else None} for t in targets],
    }  # fmt: skip


def breakdown(*, session: Session, document_id: int) -> list[dict[str, Any]]:
    """Every task of a document as :func:`snapshot` gives it, in section order."""
    tasks = session.exec(select(Task).where(Task.document_id == document_id)
                         .order_by(col(Task.start), col(Task.id))).all()
    return [snapshot(session=session, task=task) for task in tasks]


def before_snapshot(*, session: Session, task: Task, kind: str,
                    payload: dict[str, Any] | str) -> dict[str, Any]:
    """The breakdown a correction of ``kind`` starts from (both tasks of a merge)."""
    tasks = [task]
    if kind == "merge_task":
        parsed = k.parse_payload(kind, payload)
        assert isinstance(parsed, k.MergeTask)
        other = task_at(session=session, document_id=task.document_id, path=parsed.with_path)
        tasks += [other] if other is not None else []
    return {"tasks": [snapshot(session=session, task=t) for t in tasks]}
