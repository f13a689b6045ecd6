"""Read-only look-ups of tasks and targets for the CLI and exports."""

from __future__ import annotations

from sqlmodel import Session, col, select

from store.tables import Document, Target, Task, TaskUnit, Unit


def list_targets(*, session: Session) -> list[tuple[Target, Document]]:
    """Every target with its document, by document key and position in the text."""
    query = (
        select(Target, Document)
        .join(Document, col(Target.document_id) == col(Document.id))
        .order_by(col(Document.key), col(Target.source_start), col(Target.id))
    )
    return [(t, d) for t, d in session.exec(query).all()]


def list_tasks(*, session: Session, document_id: int | None = None) -> list[Task]:
    """Tasks (of one document, or all), by document and start offset."""
    query = select(Task).order_by(col(Task.document_id), col(Task.start), col(Task.id))
    if document_id is not None:
        query = query.where(Task.document_id == document_id)
    return list(session.exec(query).all())


def task_units(*, session: Session, task_id: int) -> list[tuple[TaskUnit, Unit]]:
    """The units responsible for a task, in the order the clause lists them."""
    query = (
        select(TaskUnit, Unit)
        .join(Unit, col(TaskUnit.unit_id) == col(Unit.id))
        .where(TaskUnit.task_id == task_id)
        .order_by(col(TaskUnit.position))
    )
    return [(tu, u) for tu, u in session.exec(query).all()]


def unit_task_counts(*, session: Session) -> dict[int, dict[str, int]]:
    """Per unit id, how many tasks it leads and co-owns: ``{id: {"lead": n, "co": m}}``."""
    counts: dict[int, dict[str, int]] = {}
    for unit_id, role in session.exec(select(TaskUnit.unit_id, TaskUnit.role)).all():
        per_role = counts.setdefault(unit_id, {"lead": 0, "co": 0})
        per_role[role] = per_role.get(role, 0) + 1
    return counts
