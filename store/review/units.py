"""Which unit names of a document a person should look at.

The rule (a ``unknown_unit`` review item per unit and document):

* a unit placed in the unknown jurisdiction (未确定) is always flagged: no editor's
  scope and no reporter's government covers it;
* otherwise a unit is flagged when its name does not read as a bureau or organ
  (:func:`extract.bureaus.recognised`: the lexicon knows it, or a government part and a
  bureau kind, 市财政局, or an organ, 泰顺县人民政府) **and** no other document of its
  jurisdiction names it on a task; a name other documents already use has been seen;
* collective names (结对县(市、区)党委、政府, 各有关部门) are groups by design, read from
  the pairings or the reader, and are not flagged unless unplaced.

So ordinary bureaus (市招商局, 省教育厅) never are, and descriptive subjects
(加快发展县, 发达地区) are, until a second document of the government names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from extract.bureaus import recognised
from store.tables import UNKNOWN_JURISDICTION_ID, Task, TaskUnit, Unit


def unsure_reason(name: str, *, collective: bool, unplaced: bool,
                  named_elsewhere: bool) -> str | None:
    """Why a person should look at a unit name (``unplaced`` / ``not_recognised``), or
    ``None`` when the rule above does not flag it.

    >>> unsure_reason("加快发展县", collective=False, unplaced=False, named_elsewhere=False)
    'not_recognised'
    >>> unsure_reason("加快发展县", collective=False, unplaced=False, named_elsewhere=True) is None
    True
    >>> unsure_reason("市财政局", collective=False, unplaced=False, named_elsewhere=False) is None
    True
    >>> unsure_reason("各部门", collective=True, unplaced=True, named_elsewhere=True)
    'unplaced'
    """
    if unplaced:
        return "unplaced"
    if collective or named_elsewhere or recognised(name):
        return None
    return "not_recognised"


def sentence_naming(text: str, names: tuple[str, ...], fallback: str) -> str:
    """The first sentence (to 。；;) of ``text`` holding one of ``names``, else ``fallback``:
    a unit read from a sentence's subject is not in the task's responsibility clause.

    >>> sentence_naming("甲负责。加快发展县要主动对接;乙配合。", ("加快发展县",), "(责任单位:甲)")
    '加快发展县要主动对接;'
    >>> sentence_naming("甲负责。", ("丙",), "(责任单位:甲)")
    '(责任单位:甲)'
    """
    for sentence in re.findall(r"[^。；;]*[。；;]?", text):
        if any(name and name in sentence for name in names):
            return sentence.strip()
    return fallback


@dataclass(frozen=True)
class UnsureUnit:
    """A unit of a document the rule flags, with the tasks naming it (in path order)."""

    name: str
    raw: str  # as first written
    reason: str
    task_paths: tuple[str, ...]
    quote: str  # the sentence of its first task naming it (else that task's clause)


def unsure_units(*, session: Session, document_id: int) -> list[UnsureUnit]:
    """The units named on ``document_id``'s tasks that :func:`unsure_reason` flags."""
    rows = session.exec(
        select(Unit, TaskUnit.raw, Task)
        .join(TaskUnit, col(TaskUnit.unit_id) == col(Unit.id))
        .join(Task, col(Task.id) == col(TaskUnit.task_id))
        .where(Task.document_id == document_id)
        .order_by(col(Task.start), col(TaskUnit.position))).all()
    seen: dict[int, tuple[Unit, str, list[str], str]] = {}
    for unit, raw, task in rows:
        assert unit.id is not None
        if unit.id not in seen:
            seen[unit.id] = (unit, raw, [], sentence_naming(task.text, (raw, unit.name),
                                                            task.source_quote))
        seen[unit.id][2].append(task.path)
    if not seen:
        return []
    elsewhere = set(session.exec(
        select(TaskUnit.unit_id).join(Task, col(Task.id) == col(TaskUnit.task_id))
        .where(col(TaskUnit.unit_id).in_(list(seen)), Task.document_id != document_id)).all())
    found = []
    for unit_id, (unit, raw, paths, quote) in seen.items():
        reason = unsure_reason(unit.name, collective=unit.collective,
                               unplaced=unit.jurisdiction_id == UNKNOWN_JURISDICTION_ID,
                               named_elsewhere=unit_id in elsewhere)
        if reason is not None:
            found.append(UnsureUnit(unit.name, raw or unit.name, reason,
                                    tuple(dict.fromkeys(paths)), quote))
    return found
