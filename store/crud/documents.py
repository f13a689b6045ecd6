"""Documents: look-up by key or identity, withdrawal, supersession, removal of facts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from store.fingerprint import normalised_number, normalised_text
from store.notify import announce
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


def _by_number(session: Session, number: str | None) -> Document | None:
    """The document with this 文号 in any spelling (:func:`normalised_number`): one
    look-up of the indexed ``number_normalised`` column, however many are stored."""
    spelled = normalised_number(number)
    if spelled is None:
        return None
    same = session.exec(select(Document).where(Document.number_normalised == spelled)
                        .order_by(col(Document.id))).all()
    # as written first (the number given or its normal spelling), then the oldest
    return min(same, key=lambda d: d.number not in (number, spelled), default=None)


def _by_title(session: Session, title: str | None) -> Document | None:
    """The document with this title, 《》 and whitespace aside."""
    wanted = normalised_text(title or "").strip("《》")
    if not wanted:
        return None
    exact = session.exec(select(Document).where(col(Document.title).in_({title, wanted}))
                         .order_by(col(Document.id))).first()
    if exact is not None:
        return exact
    for doc_id, stored in session.exec(select(Document.id, Document.title)
                                       .where(col(Document.title).is_not(None))
                                       .order_by(col(Document.id))).all():
        if normalised_text(stored or "").strip("《》") == wanted:
            return session.get(Document, doc_id)
    return None


def find_same_document(*, session: Session, number: str | None, fingerprint: str,
                       sha256: str | None = None) -> Document | None:
    """The stored document that is this one whatever its file name, or ``None``.

    Recognised by its 文号 (compared in one spelling, :func:`normalised_number`), else,
    for a document without one, by the same bytes or the same normalised text.  Two
    documents with different numbers are never the same, even with equal text.
    """
    if normalised_number(number) is not None:
        return _by_number(session, number)
    conditions = [col(Document.fingerprint) == fingerprint]
    if sha256 is not None:
        conditions.append(col(Document.sha256) == sha256)
    return session.exec(select(Document).where(col(Document.number).is_(None))
                        .where(or_(*conditions)).order_by(col(Document.id))).first()


def find_document_by_reference(*, session: Session, number: str | None,
                               title: str | None) -> Document | None:
    """The stored document a text cites by 文号 or by 《title》, or ``None``."""
    return _by_number(session, number) or _by_title(session, title)


def withdraw_document(*, session: Session, document: Document, on: dt.date | None) -> None:
    """Mark a document withdrawn (废止) from ``on`` (``None``: in force again)."""
    document.withdrawn_on = on
    session.add(document)
    bump_data_version(session=session)


def supersede_document(*, session: Session, document: Document, on: dt.date | None,
                       by: str | None) -> None:
    """Mark a document replaced from ``on`` by the document keyed ``by``."""
    document.superseded_on, document.superseded_by = on, by
    session.add(document)
    bump_data_version(session=session)


def remove_document(*, session: Session, document: Document) -> None:
    """Delete a document, its extracted facts and its own supersession marks on others.

    Progress reports stay: they name obligation ids, not rows, and come back into
    view if the document is ingested again.
    """
    assert document.id is not None
    delete_document_facts(session=session, document_id=document.id)
    for other in session.exec(select(Document).where(Document.superseded_by == document.key)):
        other.superseded_on, other.superseded_by = None, None
        session.add(other)
    session.delete(document)
    session.flush()
    bump_data_version(session=session)


def find_document(*, session: Session, reference: str) -> Document | None:
    """The document a person names: by key, 文号 or title (in that order), or ``None``."""
    reference = reference.strip()
    return (get_document_by_key(session=session, key=reference)
            or find_document_by_reference(session=session, number=reference, title=reference))


def fact_counts(*, session: Session) -> dict[int, dict[str, int]]:
    """``{document id: {"sections": n, "tasks": n, "deadlines": n, "targets": n}}``."""
    counts: dict[int, dict[str, int]] = {}
    tables: tuple[type[Section | Task | Deadline | Target], ...] = (Section, Task, Deadline, Target)
    for table in tables:
        name = f"{table.__tablename__}s"
        rows = session.exec(select(table.document_id, func.count())
                            .group_by(col(table.document_id))).all()
        for document_id, n in rows:
            counts.setdefault(int(document_id), {})[name] = int(n)
    return counts


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


def bump_data_version(*, session: Session, by: int = 1) -> int:
    """Increment the data version in the caller's transaction; return the new value.

    One ``UPDATE … RETURNING`` (a round trip per stored document less than reading the
    row first), atomic however many writers bump at once.  ``by``: how many changes it
    counts (a batch of documents ingested in one transaction bumps once, by their number).
    """
    now = dt.datetime.now(dt.UTC)
    version = session.execute(
        update(DataVersion).where(col(DataVersion.id) == 1)
        .values(version=col(DataVersion.version) + by, changed_at=now)
        .returning(col(DataVersion.version))).scalar()
    if version is None:  # a database no fact was ever stored in
        row = DataVersion(id=1, version=by, changed_at=now)
        session.add(row)
        session.flush()
        version = row.version
    # every server process rebuilds its graph when (and only if) this commits
    announce(session=session, kind="version", id=version)
    return int(version)


def data_version(*, session: Session) -> int:
    """The current data version (0 for a database nothing was ingested into)."""
    row = session.get(DataVersion, 1)
    return row.version if row is not None else 0


def get_document(*, session: Session, id: int) -> Document | None:
    """One document by id, or ``None``."""
    return session.get(Document, id)


def document_keys(*, session: Session, document_ids: set[int]) -> dict[int, str]:
    """The key of each of the given documents (an empty set issues no query).

    Parameters
    ----------
    session
        An open session.
    document_ids
        The documents asked about.

    Returns
    -------
    dict of int to str
        Document id → key, for those that exist.
    """
    if not document_ids:
        return {}
    query = select(Document.id, Document.key).where(col(Document.id).in_(document_ids))
    return {i: key for i, key in session.exec(query).all() if i is not None}
