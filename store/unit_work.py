"""A unit's tasks and targets for the GraphQL lists: the first ``first`` of each unit.

``Unit.tasks`` and ``Unit.targets`` answer at most ``first`` rows, but a city bureau of a
province-sized corpus owns hundreds of tasks: reading them all as ORM objects and cutting
the list afterwards cost most of a ``unit`` answer.  Here the cut is made by the database
(``ROW_NUMBER()`` per unit, in the order the API shows), and the rows come back as plain
result rows: attribute access by column name, as the ORM object gives, without building
one per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, bindparam, func, select
from sqlmodel import Session, col

from store.tables import Target, Task, TaskUnit

UnitRow = tuple[int, Row[Any]]
"""(unit id, the row of every column of one task or target)."""


def first_tasks_of_units(*, session: Session, unit_ids: Sequence[int], first: int
                         ) -> list[UnitRow]:
    """(unit id, task row) for the first ``first`` tasks each of ``unit_ids`` owns, by
    document and position: what :func:`store.batches.tasks_of_units` answered, cut per unit.

    The row carries every column of ``task`` (``id``, ``path``, ``text``, ``source_*`` …).
    """
    return _first_per_unit(session, Task, col(Task.id) == TaskUnit.task_id,
                           (col(Task.document_id), col(Task.start), col(Task.id)),
                           unit_ids, first)


def first_targets_of_units(*, session: Session, unit_ids: Sequence[int], first: int
                           ) -> list[UnitRow]:
    """(unit id, target row) for the first ``first`` targets of each unit's tasks, in
    document order: what :func:`store.batches.targets_of_units` answered, cut per unit."""
    return _first_per_unit(session, Target, col(Target.task_id) == TaskUnit.task_id,
                           (col(Target.document_id), col(Target.source_start), col(Target.id)),
                           unit_ids, first)


def _first_per_unit(session: Session, model: type[Task] | type[Target], linked: Any,
                    order: tuple[Any, ...], unit_ids: Sequence[int], first: int
                    ) -> list[UnitRow]:
    query = _first_per_unit_query(model, linked, order)
    return [(row[0], row) for row in
            session.execute(query, {"unit_ids": list(unit_ids), "first": first}).all()]


_QUERIES: dict[type, Select[Any]] = {}


def _first_per_unit_query(model: type[Task] | type[Target], linked: Any,
                          order: tuple[Any, ...]) -> Select[Any]:
    """The statement for ``model``, made once: the unit ids and ``first`` are bound
    parameters.  A statement with a subquery is a web of objects pointing at each
    other, so one made per call was left to the cyclic garbage collector every time."""
    found = _QUERIES.get(model)
    if found is None:
        # rank each unit's rows in the API's order, keep the first ones, then read
        # their columns
        ranked = (select(TaskUnit.unit_id.label("owner_id"),  # type: ignore[attr-defined]
                         col(model.id).label("owned_id"),
                         func.row_number().over(partition_by=col(TaskUnit.unit_id),
                                                order_by=order).label("rank"))
                  .join(model, linked)
                  .where(col(TaskUnit.unit_id).in_(bindparam("unit_ids", expanding=True)))
                  .subquery())
        query: Select[Any] = (
            select(ranked.c.owner_id, *model.__table__.columns)  # type: ignore[union-attr]
            .join(model, col(model.id) == ranked.c.owned_id)
            .where(ranked.c.rank <= bindparam("first"))
            .order_by(ranked.c.owner_id, ranked.c.rank))
        _QUERIES[model] = found = query  # two models: no bound needed
    return found
