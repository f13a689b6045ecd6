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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, literal
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from extract.bureaus import recognised
from store.lists import among, for_dialect, listed, per_dialect
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


@dataclass(frozen=True)
class Naming:
    """A unit named on a task, as stored: what :func:`flag_units` judges.

    The ingest builds these from the rows it has just written; :func:`unsure_units`
    reads them back for a document whose facts a correction may have changed.
    """

    unit_id: int
    name: str
    collective: bool
    jurisdiction_id: int | None
    raw: str | None
    task_path: str
    task_text: str
    task_quote: str


def flag_units(namings: Sequence[Naming],
               named_elsewhere: Callable[[list[int]], set[int]]) -> list[UnsureUnit]:
    """The units of ``namings`` (in reading order) that :func:`unsure_reason` flags.

    ``named_elsewhere`` gives, of the unit ids it is passed, those other documents name
    on a task; it is asked only about units the rule would otherwise flag as not
    recognised, so a document of ordinary bureaus costs no query.

    >>> def naming(unit_id, name, path):
    ...     return Naming(unit_id, name, False, 3, None, path, f"{name}负责。", "")
    >>> namings = [naming(1, "加快发展县", "一"), naming(2, "市财政局", "一"),
    ...            naming(1, "加快发展县", "二")]
    >>> [(u.name, u.reason, u.task_paths) for u in flag_units(namings, lambda ids: set())]
    [('加快发展县', 'not_recognised', ('一', '二'))]
    >>> flag_units(namings, lambda ids: set(ids))
    []
    """
    first: dict[int, Naming] = {}
    paths: dict[int, list[str]] = {}
    for naming in namings:
        first.setdefault(naming.unit_id, naming)
        paths.setdefault(naming.unit_id, []).append(naming.task_path)
    reasons = {unit_id: unsure_reason(n.name, collective=n.collective,
                                      unplaced=n.jurisdiction_id == UNKNOWN_JURISDICTION_ID,
                                      named_elsewhere=False)
               for unit_id, n in first.items()}
    doubtful = [unit_id for unit_id, reason in reasons.items() if reason == "not_recognised"]
    elsewhere = named_elsewhere(doubtful) if doubtful else set()
    found = []
    for unit_id, n in first.items():
        reason = reasons[unit_id]
        if reason is None or unit_id in elsewhere:
            continue
        found.append(UnsureUnit(n.name, n.raw or n.name, reason,
                                tuple(dict.fromkeys(paths[unit_id])),
                                sentence_naming(n.task_text, (n.raw or "", n.name),
                                                n.task_quote)))
    return found


# Built once, its id list one parameter: building and compiling the select, with an IN
# list of each length, cost more than the database took to answer it.  One probe per
# unit that stops at its first naming elsewhere: a join returned every naming of a
# common unit in every other document, more the larger the corpus.
_NAMED_ELSEWHERE = per_dialect(lambda dialect: sa_select(col(Unit.id)).where(
    among(Unit.id, "ids", dialect),
    sa_select(literal(1)).select_from(TaskUnit)
    .join(Task, col(Task.id) == col(TaskUnit.task_id))
    .where(col(TaskUnit.unit_id) == col(Unit.id),
           col(Task.document_id) != bindparam("document_id")).exists()))


def named_elsewhere(*, session: Session, document_id: int, unit_ids: list[int]) -> set[int]:
    """Of ``unit_ids``, the units a task of another document than ``document_id`` names."""
    if not unit_ids:
        return set()
    session.flush()  # what the ORM select this replaces flushed first
    dialect = session.get_bind().dialect.name
    rows = session.connection().execute(for_dialect(_NAMED_ELSEWHERE, dialect), {
        "ids": listed(dialect, unit_ids), "document_id": document_id})
    return {unit_id for (unit_id,) in rows}


def unsure_units(*, session: Session, document_id: int) -> list[UnsureUnit]:
    """The units named on ``document_id``'s tasks that :func:`unsure_reason` flags,
    read from the stored rows."""
    rows = session.execute(  # eight columns: SQLAlchemy's select (SQLModel's types four)
        sa_select(col(Unit.id), col(Unit.name), col(Unit.collective), col(Unit.jurisdiction_id),
                  col(TaskUnit.raw), col(Task.path), col(Task.text), col(Task.source_quote))
        .join(TaskUnit, col(TaskUnit.unit_id) == col(Unit.id))
        .join(Task, col(Task.id) == col(TaskUnit.task_id))
        .where(col(Task.document_id) == document_id)
        .order_by(col(Task.start), col(TaskUnit.position))).all()
    namings = [Naming(unit_id or 0, name, collective, jurisdiction_id, raw, path, text, quote)
               for unit_id, name, collective, jurisdiction_id, raw, path, text, quote in rows]
    return flag_units(namings, lambda ids: named_elsewhere(
        session=session, document_id=document_id, unit_ids=ids))
