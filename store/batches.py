"""Batched look-ups for the GraphQL DataLoaders: one ``SELECT … IN (…)`` for many keys.

Each function answers for a whole batch of ids in one statement (those keyed by task, one
per :data:`TASKS_PER_STATEMENT` tasks; corrections, one per
:data:`CORRECTIONS_PER_STATEMENT`), so a nested GraphQL query costs one query per
level, never one per row.  The rows come back flat, in the order the API shows them; the
caller groups them by key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import and_, case, func
from sqlalchemy import select as select_columns
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from store.corrections.crud import corrections_with_ids
from store.crud.documents import document_keys
from store.curation_tables import Correction
from store.tables import DataVersion, Document, Target, Task, TaskUnit, Unit, UnitAlias

Row = TypeVar("Row", Unit, Document, Task, Target)


def _by_id(session: Session, model: type[Row], ids: Sequence[int], *options: Any
           ) -> dict[int, Row]:
    query = select(model).where(col(model.id).in_(ids)).options(*options)
    return {row.id: row for row in session.exec(query).all() if row.id is not None}


def units_by_id(*, session: Session, ids: Sequence[int]) -> dict[int, Unit]:
    """The units of ``ids`` that exist, by id."""
    return _by_id(session, Unit, ids)


def documents_by_id(*, session: Session, ids: Sequence[int]) -> dict[int, Document]:
    """The documents of ``ids`` that exist, by id, without their (large) text loaded."""
    return _by_id(session, Document, ids, defer(Document.text))  # type: ignore[arg-type]


HEAD_CHARS = 400
"""How much of a document's text :func:`document_headers_by_id` reads for a document
with neither number nor title: enough for its first line (:func:`store.labels.first_line`
shows at most 40 characters of it)."""


class DocumentHeader(NamedTuple):
    """A document's header columns, as :class:`~store.tables.Document` names them; ``text``
    is only the head of the text, and only when there is neither number nor title to name
    the document by (else ``None``)."""

    id: int
    key: str
    number: str | None
    title: str | None
    issuer: str | None
    issued_on: dt.date | None
    withdrawn_on: dt.date | None
    superseded_on: dt.date | None
    superseded_by: str | None
    jurisdiction_id: int | None
    text: str | None


def document_headers_by_id(*, session: Session, ids: Sequence[int]) -> dict[int, DocumentHeader]:
    """The headers of the documents of ``ids`` that exist, by id, in one statement that
    never reads a whole text: a document's full text (megabytes at most, tens of kilobytes
    usually) is the one column the graph never shows."""
    unnamed = and_(col(Document.number).is_(None), col(Document.title).is_(None))
    head = case((unnamed, func.substr(Document.text, 1, HEAD_CHARS)), else_=None)
    columns: list[Any] = [Document.id, Document.key, Document.number, Document.title,
                          Document.issuer, Document.issued_on, Document.withdrawn_on,
                          Document.superseded_on, Document.superseded_by,
                          Document.jurisdiction_id, head]
    query = select_columns(*columns).where(col(Document.id).in_(ids))
    # (sqlmodel's select types at most four columns: SQLAlchemy's, run by execute)
    return {row[0]: DocumentHeader(*row) for row in session.execute(query).all()}


def tasks_by_id(*, session: Session, ids: Sequence[int]) -> dict[int, Task]:
    """The tasks of ``ids`` that exist, by id."""
    return _by_id(session, Task, ids)


def targets_by_id(*, session: Session, ids: Sequence[int]) -> dict[int, Target]:
    """The targets of ``ids`` that exist, by id."""
    return _by_id(session, Target, ids)


def aliases_of_units(*, session: Session, unit_ids: Sequence[int]) -> list[UnitAlias]:
    """The alias rows of the given units, by alias."""
    query = (select(UnitAlias).where(col(UnitAlias.unit_id).in_(unit_ids))
             .order_by(col(UnitAlias.alias)))
    return list(session.exec(query).all())


def task_counts_of_units(*, session: Session, unit_ids: Sequence[int]) -> dict[int, int]:
    """How many task links each of the given units has (units with none are absent)."""
    query = (select(TaskUnit.unit_id, func.count(col(TaskUnit.task_id)))
             .where(col(TaskUnit.unit_id).in_(unit_ids)).group_by(col(TaskUnit.unit_id)))
    return {unit_id: int(count) for unit_id, count in session.exec(query).all()}


def targets_of_tasks(*, session: Session, task_ids: Sequence[int]) -> list[Target]:
    """The targets of the given tasks, by position in the text."""
    query = (select(Target).where(col(Target.task_id).in_(task_ids))
             .order_by(col(Target.source_start), col(Target.id)))
    return list(session.exec(query).all())


def owners_of_tasks(*, session: Session, task_ids: Sequence[int]
                    ) -> list[tuple[TaskUnit, Unit]]:
    """(link, unit) for every unit responsible for the given tasks, in clause order."""
    query = (select(TaskUnit, Unit).join(Unit, col(Unit.id) == TaskUnit.unit_id)
             .where(col(TaskUnit.task_id).in_(task_ids))
             .order_by(col(TaskUnit.position), col(TaskUnit.id)))
    return [(link, unit) for link, unit in session.exec(query).all()]


TASKS_PER_STATEMENT = 500
"""The most tasks :func:`link_corrections` and :func:`corrections_at_task_paths` ask
about in one statement: well under SQLite's limit on parameters, whatever its build."""


def link_corrections(*, session: Session, links: Sequence[tuple[int, int]]
                     ) -> dict[tuple[int, int], int]:
    """The correction behind each of the given (task id, unit id) links that has one;
    links without one, and pairs that are no link, are absent.

    One statement per :data:`TASKS_PER_STATEMENT` distinct tasks (nearly always one).
    It reads the corrected links of the tasks asked about (few: most links are as read)
    and keeps the pairs asked for.
    """
    wanted = set(links)
    tasks = sorted({task_id for task_id, _ in wanted})
    found: dict[tuple[int, int], int] = {}
    for start in range(0, len(tasks), TASKS_PER_STATEMENT):
        part = tasks[start:start + TASKS_PER_STATEMENT]
        query = (select(TaskUnit.task_id, TaskUnit.unit_id, TaskUnit.correction_id)
                 .where(col(TaskUnit.task_id).in_(part),
                        col(TaskUnit.correction_id).is_not(None)))
        for task_id, unit_id, correction_id in session.exec(query).all():
            if (task_id, unit_id) in wanted and correction_id is not None:
                found[task_id, unit_id] = correction_id
    return found


def corrections_at_task_paths(*, session: Session, places: Sequence[tuple[int, str]]
                              ) -> dict[tuple[int, str], list[Correction]]:
    """The corrections anchored to each of the given (document id, task path) places, in
    the order made, whatever their status (places without any are absent).

    One statement per :data:`TASKS_PER_STATEMENT` places (nearly always one).
    """
    found: dict[tuple[int, str], list[Correction]] = {}
    ordered = sorted(set(places))
    for start in range(0, len(ordered), TASKS_PER_STATEMENT):
        part = set(ordered[start:start + TASKS_PER_STATEMENT])
        query = (select(Correction)
                 .where(col(Correction.document_id).in_(sorted({d for d, _ in part})),
                        col(Correction.task_path).in_(sorted({p for _, p in part})))
                 .order_by(col(Correction.id)))
        for row in session.exec(query).all():
            # the statement reads every document's paths asked about: keep the places asked
            if (row.document_id, row.task_path) in part:
                found.setdefault((row.document_id, row.task_path), []).append(row)
    return found


class StoredCorrection(NamedTuple):
    """A stored correction and its document's key (``""`` when the document is gone)."""

    row: Correction
    document_key: str


CORRECTIONS_PER_STATEMENT = 500
"""The most corrections, and the most of their documents, :func:`corrections_by_id` asks
about in one statement: well under SQLite's limit on parameters, whatever its build."""


def corrections_by_id(*, session: Session, ids: Sequence[int]) -> dict[int, StoredCorrection]:
    """The corrections of ``ids`` that exist, by id, each with its document's key.

    One statement for the rows and one for their documents' keys, each per
    :data:`CORRECTIONS_PER_STATEMENT` ids (nearly always two in all; none for no ids).
    """
    wanted = sorted(set(ids))
    rows: list[Correction] = []
    for start in range(0, len(wanted), CORRECTIONS_PER_STATEMENT):
        rows += corrections_with_ids(session=session,
                                     ids=wanted[start:start + CORRECTIONS_PER_STATEMENT])
    documents = sorted({row.document_id for row in rows})
    keys: dict[int, str] = {}
    for start in range(0, len(documents), CORRECTIONS_PER_STATEMENT):
        part = set(documents[start:start + CORRECTIONS_PER_STATEMENT])
        keys.update(document_keys(session=session, document_ids=part))
    return {row.id: StoredCorrection(row, keys.get(row.document_id, ""))
            for row in rows if row.id is not None}


def version_now(*, session: Session) -> int:
    """The data version as the store holds it now (0 before any ingest), always read
    (never the session's identity map, which would answer what it read earlier).

    Read *after* other rows, it tells whether they are of a given snapshot's version:
    versions only grow, and the snapshot's was committed before the rows were read, so
    an equal version now means the rows were read at exactly that version.
    """
    found = session.exec(select(DataVersion.version)
                         .where(col(DataVersion.id) == 1)).first()
    return int(found) if found is not None else 0
