"""A unit's first tasks and targets, cut per unit by the database, on SQLite and PostgreSQL.

The expected lists are read another way: every link of the unit through the ORM, put in
the API's order by Python's sort, then cut.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.readback.rows import stored_rows
from store.tables import Target, Task, TaskUnit
from store.unit_work import first_targets_of_units, first_tasks_of_units


def _busiest_units(session: Session, count: int) -> list[int]:
    links = Counter(link.unit_id for link in stored_rows(session=session, model=TaskUnit))
    return [unit for unit, _ in links.most_common(count)]


def _tasks_in_order(session: Session, unit_id: int) -> list[int | None]:
    owned = [link.task_id for link in stored_rows(session=session, model=TaskUnit,
                                                  where=[TaskUnit.unit_id == unit_id])]
    tasks = [session.get(Task, task_id) for task_id in owned]
    return [t.id for t in sorted((t for t in tasks if t is not None),
                                 key=lambda t: (t.document_id, t.start, t.id))]


def _targets_in_order(session: Session, unit_id: int) -> list[int | None]:
    owned = {link.task_id for link in stored_rows(session=session, model=TaskUnit,
                                                  where=[TaskUnit.unit_id == unit_id])}
    targets = [t for t in stored_rows(session=session, model=Target) if t.task_id in owned]
    return [t.id for t in sorted(targets, key=lambda t: (t.document_id, t.source_start, t.id))]


@pytest.mark.parametrize("first", [0, 1, 3, 500])
def test_each_unit_gets_its_first_tasks_in_document_order(corpus_engine: Engine,
                                                          first: int) -> None:
    with Session(corpus_engine) as session:
        units = _busiest_units(session, 4)
        rows = first_tasks_of_units(session=session, unit_ids=units, first=first)
        for unit in units:
            got = [row.id for owner, row in rows if owner == unit]
            assert got == _tasks_in_order(session, unit)[:first]
        if first:
            assert len(_tasks_in_order(session, units[0])) > 3, "the corpus's busiest unit"


@pytest.mark.parametrize("first", [0, 2, 500])
def test_each_unit_gets_its_first_targets_in_document_order(corpus_engine: Engine,
                                                            first: int) -> None:
    with Session(corpus_engine) as session:
        units = _busiest_units(session, 6)
        rows = first_targets_of_units(session=session, unit_ids=units, first=first)
        expected = {unit: _targets_in_order(session, unit)[:first] for unit in units}
        assert first == 0 or any(expected.values()), "some of the busiest units own targets"
        for unit in units:
            assert [row.id for owner, row in rows if owner == unit] == expected[unit]


def test_the_rows_carry_every_column_the_views_read(corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        unit = _busiest_units(session, 1)[0]
        (_, row), *_ = first_tasks_of_units(session=session, unit_ids=[unit], first=1)
        task = session.get(Task, row.id)
        assert task is not None
        for column in ("document_id", "path", "text", "start", "end", "correction_id",
                       "source_path", "source_quote", "source_start", "source_end"):
            assert getattr(row, column) == getattr(task, column), column
