"""Every row the knowledge graph is built from, one query a table, none per row.

:func:`graph.build.build_graph` reads the store only through these functions, so the
graph package holds no SQL.  Orders are the ones the graph relies on: sections by
document and start (parents before children), links by position, aliases and
citations by their natural order; the rest in the database's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from store import tables as t

STREAM = 1_000
"""Rows of the largest tables (sections, tasks, their units, targets, deadlines) the graph build
holds at once: they are read as a stream (sections too: twice, the second time only
the columns a parent is found from).  An ORM row weighs about a kilobyte; holding
a whole table set the build's peak, and the peak, not what the graph keeps, sets the
resident size of the serving process that built it."""


def all_jurisdictions(*, session: Session) -> Sequence[t.Jurisdiction]:
    """Every jurisdiction row."""
    return session.exec(select(t.Jurisdiction)).all()


def document_headers(*, session: Session) -> Sequence[t.Document]:
    """Every document without its (large) text column loaded."""
    query = select(t.Document).options(defer(t.Document.text))  # type: ignore[arg-type]
    return session.exec(query).all()


def document_texts(*, session: Session, document_ids: list[int]) -> dict[int, str]:
    """The text of the given documents, by id (an empty list issues no query)."""
    if not document_ids:
        return {}
    query = select(t.Document.id, t.Document.text).where(col(t.Document.id).in_(document_ids))
    return {i: text for i, text in session.exec(query).all() if i is not None}


def sections_in_order(*, session: Session) -> Sequence[t.Section]:
    """Every section, by document and start offset."""
    query = select(t.Section).order_by(col(t.Section.document_id), col(t.Section.start))
    return session.exec(query).all()


def sections_streamed(*, session: Session) -> Iterable[t.Section]:
    """Every section, by document, start and id, streamed (:data:`STREAM`): iterate once."""
    query = select(t.Section).order_by(col(t.Section.document_id), col(t.Section.start),
                                       col(t.Section.id))
    return session.exec(query.execution_options(yield_per=STREAM))


def section_labels(*, session: Session) -> Iterable[tuple[int, str, str]]:
    """``(document id, path, own label)`` of every section in the order of
    :func:`sections_streamed`, streamed: what a section's parent is found from."""
    query = select(t.Section.document_id, t.Section.path, t.Section.label).order_by(
        col(t.Section.document_id), col(t.Section.start), col(t.Section.id))
    return session.exec(query.execution_options(yield_per=STREAM))


def all_citations(*, session: Session) -> Sequence[t.Citation]:
    """Every citation, by id."""
    return session.exec(select(t.Citation).order_by(col(t.Citation.id))).all()


def all_unit_aliases(*, session: Session) -> Sequence[t.UnitAlias]:
    """Every alias row, by alias."""
    return session.exec(select(t.UnitAlias).order_by(col(t.UnitAlias.alias))).all()


def all_units(*, session: Session) -> Sequence[t.Unit]:
    """Every unit row."""
    return session.exec(select(t.Unit)).all()


def all_successions(*, session: Session) -> Sequence[t.Succession]:
    """Every succession, by id."""
    return session.exec(select(t.Succession).order_by(col(t.Succession.id))).all()


def all_tasks(*, session: Session) -> Iterable[t.Task]:
    """Every task row, streamed (:data:`STREAM`): iterate once."""
    return session.exec(select(t.Task).execution_options(yield_per=STREAM))


def all_task_links(*, session: Session) -> Iterable[t.TaskUnit]:
    """Every task–unit link, by its position in the clause, streamed (:data:`STREAM`):
    iterate once."""
    query = select(t.TaskUnit).order_by(col(t.TaskUnit.position))
    return session.exec(query.execution_options(yield_per=STREAM))


def all_targets(*, session: Session) -> Iterable[t.Target]:
    """Every target row, streamed (:data:`STREAM`): iterate once."""
    return session.exec(select(t.Target).execution_options(yield_per=STREAM))


def all_deadlines(*, session: Session) -> Iterable[t.Deadline]:
    """Every deadline row, streamed (:data:`STREAM`): iterate once; in the order of
    :func:`deadline_places`."""
    query = select(t.Deadline).order_by(col(t.Deadline.id))
    return session.exec(query.execution_options(yield_per=STREAM))


def deadline_places(*, session: Session) -> Sequence[tuple[int, int, str, int, str]]:
    """``(id, document id, section path, start, phrase)`` of every deadline, by id: what
    its stable obligation id is made of (:mod:`graph.obligation_ids`), read before
    the rows themselves."""
    query = select(t.Deadline.id, t.Deadline.document_id, t.Deadline.path,  # type: ignore[call-overload]
                   t.Deadline.source_start, t.Deadline.raw).order_by(col(t.Deadline.id))
    return [(i or 0, d, p, s, r) for i, d, p, s, r in session.exec(query).all()]


def all_places(*, session: Session) -> Sequence[t.Place]:
    """Every place row."""
    return session.exec(select(t.Place)).all()


def all_place_mentions(*, session: Session) -> Sequence[t.PlaceMention]:
    """Every mention of a place by a task or document."""
    return session.exec(select(t.PlaceMention)).all()


def all_pairings(*, session: Session) -> Sequence[t.Pairing]:
    """Every pairing row."""
    return session.exec(select(t.Pairing)).all()
