"""The differences between 责任分解表 rows and a document's current breakdown, as
corrections (kind + payload) for :func:`store.corrections.propose`.

Units are the table's to say: when a row fills its unit cells, a unit it names that the
task lacks is added, one with another role has its role set, and one the task has that
the row does not name is removed.  Names are compared as units, not as strings: a name
is the task's unit when it resolves to it (standard name or alias, in any spelling;
:func:`store.crud.units.find_units`).  Deadlines and targets only add: a table's
时限 and 目标 cells summarise, so a date or number the text has and the cell leaves out is
not dropped (dropping is a correction of its own).  A cell deadline is known when the
task has one written the same way (or, for a written date, with that date); a cell
target when the task has one with the same comparator, value and unit whose metric
contains, or is contained in, the cell's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from extract.deadlines import find_deadlines
from extract.fold import fold
from extract.model import Role
from extract.targets import find_targets
from extract.unit_names import make_unit
from store.breakdown.cells import JOIN, CellTarget, parse_deadlines, parse_target, split_lines
from store.breakdown.rows import BreakdownRow
from store.crud.units import find_units, unit_key
from store.tables import Deadline, Document, Target, Task, TaskUnit, Unit


@dataclass(frozen=True)
class Change:
    """One proposed correction of one task, and the row that asks for it."""

    row: int
    task_path: str
    kind: str
    payload: dict[str, Any]

    def describe(self) -> str:
        """One line for a person: ``第5行 二(一) add_unit 市科技局 (co)``."""
        what = self.payload.get("unit") or self.payload.get("raw") or self.payload.get("metric") or ""
        extra = self.payload.get("role") or self.payload.get("due") or self.payload.get("value") or ""
        return f"第{self.row}行 {self.task_path} {self.kind} {what}" + (f" ({extra})" if extra else "")


def _same(text: str) -> str:
    return fold(text).replace(" ", "")


def _units_of(session: Session, task: Task) -> list[tuple[TaskUnit, Unit]]:
    rows = session.exec(select(TaskUnit, Unit).join(Unit, col(Unit.id) == col(TaskUnit.unit_id))
                        .where(TaskUnit.task_id == task.id).order_by(col(TaskUnit.position)))
    return list(rows.all())


def rejoin(pieces: list[str], names: set[str]) -> list[str]:
    """Pieces split on 、 joined back where together they are one of ``names`` (a unit
    written 省级教育、科技、文化等部门 is one unit, not four).

    >>> rejoin(["市农业局", "省级教育", "科技等部门"], {"省级教育、科技等部门"})
    ['市农业局', '省级教育、科技等部门']
    """
    out: list[str] = []
    start = 0
    while start < len(pieces):
        end = next((e for e in range(len(pieces), start + 1, -1)
                    if JOIN.join(pieces[start:e]) in names), start + 1)
        out.append(JOIN.join(pieces[start:end]))
        start = end
    return out


def unit_changes(session: Session, row: BreakdownRow, task: Task) -> list[Change]:
    """add_unit / set_role / remove_unit for the row's lead and co cells."""
    if not (row.lead or row.co):
        return []
    current = _units_of(session, task)
    names = {u.name for _, u in current}
    lead, co = rejoin(list(row.lead), names), rejoin(list(row.co), names)
    wanted: list[tuple[str, Role]] = ([(n, "lead") for n in lead]
                                      + [(n, "co") for n in co if n not in lead])
    seen: set[int] = set()
    out: list[Change] = []
    for written, role in wanted:
        # 市招商局(经合办) is 市招商局 with the alias 经合办, as the extractor reads a clause
        name = make_unit(written, role).name
        ids = {u.id for u in find_units(session=session, name=name)}
        link = next(((tu, u) for tu, u in current
                     if u.id in ids or u.name in {name, unit_key(name)}), None)
        if link is None:
            out.append(Change(row.row, task.path, "add_unit", {"unit": name, "role": role}))
            continue
        assert link[1].id is not None
        seen.add(link[1].id)
        if link[0].role != role:
            out.append(Change(row.row, task.path, "set_role", {"unit": link[1].name, "role": role}))
    out += [Change(row.row, task.path, "remove_unit", {"unit": u.name})
            for _, u in current if u.id not in seen]
    return out


def deadline_changes(session: Session, row: BreakdownRow, task: Task,
                     issued_on: dt.date | None) -> list[Change]:
    """add_deadline for each cell deadline the task does not have."""
    current = session.exec(select(Deadline).where(Deadline.task_id == task.id)).all()
    out = []
    for item in parse_deadlines(row.deadlines):
        if any(_same(d.raw) == _same(item.raw) and (not item.dues or d.due in item.dues)
               for d in current):
            continue
        written = item.dues[0] if item.dues else None
        read = find_deadlines(item.raw, fold(item.raw), "", (), issued_on=issued_on)
        payload: dict[str, Any] = {"raw": item.raw[:64]}
        if read:
            payload |= {"recurrence": read[0].recurrence, "month": read[0].month,
                        "day": read[0].day, "due": (written or read[0].due)}
        elif written:
            payload["due"] = written
        if payload.get("due") is not None:
            payload["due"] = payload["due"].isoformat()
        out.append(Change(row.row, task.path, "add_deadline",
                          {k: v for k, v in payload.items() if v is not None}))
    return out


def read_targets(cell: str, issued_on: dt.date | None) -> list[CellTarget]:
    """The targets a cell writes, in the export's form or as a sentence."""
    out = []
    for item in split_lines(cell, ";；"):
        parsed = parse_target(item)
        if parsed is None:
            folded = fold(item)
            dates = find_deadlines(item, folded, "", (), issued_on=issued_on)
            parsed = next((CellTarget(t.metric, t.comparator, t.value, t.value_max, t.unit)
                           for t in find_targets(item, folded, "", (), dates, issued_on=issued_on)),
                          None)
        if parsed is not None:
            out.append(parsed)
    return out


def target_changes(session: Session, row: BreakdownRow, task: Task,
                   issued_on: dt.date | None) -> list[Change]:
    """add_target for each cell target the task does not have."""
    current = session.exec(select(Target).where(Target.task_id == task.id)).all()
    out = []
    for cell in read_targets(row.targets, issued_on):
        metric = _same(cell.metric)
        if any(t.comparator == cell.comparator and t.value == cell.value and t.unit == cell.unit
               and t.value_max == cell.value_max
               and (metric in _same(t.metric) or _same(t.metric) in metric) for t in current):
            continue
        payload = {"metric": cell.metric, "comparator": cell.comparator, "value": cell.value,
                   "unit": cell.unit}
        if cell.value_max is not None:
            payload["value_max"] = cell.value_max
        out.append(Change(row.row, task.path, "add_target", payload))
    return out


def row_changes(*, session: Session, document: Document, row: BreakdownRow,
                task_path: str) -> list[Change]:
    """Every difference between one row and its task's current breakdown."""
    task = session.exec(select(Task).where(Task.document_id == document.id,
                                           Task.path == task_path)).one()
    return (unit_changes(session, row, task)
            + deadline_changes(session, row, task, document.issued_on)
            + target_changes(session, row, task, document.issued_on))
