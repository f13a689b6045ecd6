"""Documents and the removal of their extracted facts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from store.tables import (
    Citation,
    DataVersion,
    Deadline,
    Document,
    PlaceMention,
    Section,
    Target,
    Task,
    TaskUnit,
)


def get_document_by_key(*, session: Session, key: str) -> Document | None:
    """The document with this key (its file stem), or ``None``."""
    return session.exec(select(Document).where(Document.key == key)).first()


def list_documents(*, session: Session) -> list[Document]:
    """Every document, ordered by key."""
    return list(session.exec(select(Document).order_by(col(Document.key))).all())


def count_documents(*, session: Session) -> int:
    """How many documents are stored."""
    return int(session.exec(select(func.count()).select_from(Document)).one())


def delete_document_facts(*, session: Session, document_id: int) -> None:
    """Delete every fact extracted from a document, keeping the Document row itself.

    Deletes children before parents explicitly rather than relying on ``ON DELETE
    CASCADE``, because SQLite enforces it only when the foreign-keys pragma is on.
    Units, aliases and places are shared across documents and stay.
    """
    task_ids = select(Task.id).where(Task.document_id == document_id)
    session.execute(delete(TaskUnit).where(col(TaskUnit.task_id).in_(task_ids)))
    tables: tuple[type[PlaceMention | Target | Deadline | Citation | Task | Section], ...] = (
        PlaceMention, Target, Deadline, Citation, Task, Section,
    )  # fmt: skip
    for table in tables:
        session.execute(delete(table).where(col(table.document_id) == document_id))
    session.flush()


def bump_data_version(*, session: Session) -> int:
    """Increment the data version in the caller's transaction; return the new value."""
    row = session.get(DataVersion, 1)
    if row is None:
        row = DataVersion(id=1, version=0)
    row.version += 1
    row.changed_at = dt.datetime.now(dt.UTC)
    session.add(row)
    session.flush()
    return row.version


def data_version(*, session: Session) -> int:
    """The current data version (0 for a database nothing was ingested into)."""
    row = session.get(DataVersion, 1)
    return row.version if row is not None else 0
