"""Every row the knowledge graph is built from, one query a table, none per row.

:func:`graph.build.build_graph` reads the store only through these functions, so the
graph package holds no SQL.  Orders are the ones the graph relies on: sections by
document and start (parents before children), links by position, aliases and
citations by their natural order; the rest in the database's order.

Rows are plain result rows (:class:`sqlalchemy.engine.Row`: each column by name,
``row._mapping`` for all of them in the table's column order, which is the model's
field order), not mapped objects: the build only reads values, and loading each row
as a SQLModel object (identity map, instance state, pydantic's private attributes)
was a third of the build at province scale.  Values are converted by the columns'
own types as the ORM converts them (a date is a date on SQLite too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select as core_select
from sqlalchemy.engine import Row
from sqlalchemy.sql import Executable
from sqlmodel import Session, SQLModel, col

from store import tables as t

STREAM = 1_000
"""Rows of the largest tables (sections, tasks, their units, targets, deadlines) the graph build
holds at once: they are read as a stream (sections too: twice, the second time only
the columns a parent is found from).  A whole table of rows held at once set the
build's peak, and the peak, not what the graph keeps, sets the resident size of the
serving process that built it."""


AnyRow = Row[*tuple[Any, ...]]
"""A result row of any columns: each by name or position, ``_mapping`` for all."""


def _columns(model: type[SQLModel], *, but: tuple[str, ...] = ()) -> list[Any]:
    """``model``'s table columns in their order, without those named in ``but``."""
    return [c for c in model.__table__.columns if c.name not in but]  # type: ignore[attr-defined]


def _all(session: Session, query: Executable) -> Sequence[AnyRow]:
    # on the session's connection, so inside its read transaction (store.db.consistent_read)
    return session.connection().execute(query).all()


def _streamed(session: Session, query: Executable) -> Iterable[AnyRow]:
    return session.connection().execute(query.execution_options(yield_per=STREAM))


def all_jurisdictions(*, session: Session) -> Sequence[AnyRow]:
    """Every jurisdiction row."""
    return _all(session, core_select(*_columns(t.Jurisdiction)))


def document_headers(*, session: Session) -> Sequence[AnyRow]:
    """Every document row without its (large) text column."""
    return _all(session, core_select(*_columns(t.Document, but=("text",))))


def document_texts(*, session: Session, document_ids: list[int]) -> dict[int, str]:
    """The text of the given documents, by id (an empty list issues no query)."""
    if not document_ids:
        return {}
    query = core_select(col(t.Document.id), col(t.Document.text)).where(
        col(t.Document.id).in_(document_ids))
    return {i: text for i, text in _all(session, query) if i is not None}


def sections_in_order(*, session: Session) -> Sequence[AnyRow]:
    """Every section row, by document and start offset."""
    query = core_select(*_columns(t.Section)).order_by(col(t.Section.document_id),
                                                       col(t.Section.start))
    return _all(session, query)


def sections_streamed(*, session: Session) -> Iterable[AnyRow]:
    """Every section row, by document, start and id, streamed (:data:`STREAM`): iterate once."""
    query = core_select(*_columns(t.Section)).order_by(
        col(t.Section.document_id), col(t.Section.start), col(t.Section.id))
    return _streamed(session, query)


def section_labels(*, session: Session) -> Iterable[AnyRow]:
    """``(document id, path, own label)`` of every section in the order of
    :func:`sections_streamed`, streamed: what a section's parent is found from."""
    query = core_select(col(t.Section.document_id), col(t.Section.path),
                        col(t.Section.label)).order_by(
        col(t.Section.document_id), col(t.Section.start), col(t.Section.id))
    return _streamed(session, query)


def all_citations(*, session: Session) -> Sequence[AnyRow]:
    """Every citation row, by id."""
    return _all(session, core_select(*_columns(t.Citation)).order_by(col(t.Citation.id)))


def all_unit_aliases(*, session: Session) -> Sequence[AnyRow]:
    """Every alias row, by alias."""
    return _all(session, core_select(*_columns(t.UnitAlias)).order_by(col(t.UnitAlias.alias)))


def all_units(*, session: Session) -> Sequence[AnyRow]:
    """Every unit row."""
    return _all(session, core_select(*_columns(t.Unit)))


def all_successions(*, session: Session) -> Sequence[AnyRow]:
    """Every succession row, by id."""
    return _all(session, core_select(*_columns(t.Succession)).order_by(col(t.Succession.id)))


def all_tasks(*, session: Session) -> Iterable[AnyRow]:
    """Every task row, streamed (:data:`STREAM`): iterate once."""
    return _streamed(session, core_select(*_columns(t.Task)))


def all_task_links(*, session: Session) -> Iterable[AnyRow]:
    """Every task–unit link row, by its position in the clause, streamed
    (:data:`STREAM`): iterate once."""
    query = core_select(*_columns(t.TaskUnit)).order_by(col(t.TaskUnit.position))
    return _streamed(session, query)


def all_targets(*, session: Session) -> Iterable[AnyRow]:
    """Every target row, streamed (:data:`STREAM`): iterate once."""
    return _streamed(session, core_select(*_columns(t.Target)))


def all_deadlines(*, session: Session) -> Iterable[AnyRow]:
    """Every deadline row, streamed (:data:`STREAM`): iterate once; in the order of
    :func:`deadline_places`."""
    query = core_select(*_columns(t.Deadline)).order_by(col(t.Deadline.id))
    return _streamed(session, query)


def deadline_places(*, session: Session) -> Sequence[tuple[int, int, str, int, str]]:
    """``(id, document id, section path, start, phrase)`` of every deadline, by id: what
    its stable obligation id is made of (:mod:`graph.obligation_ids`), read before
    the rows themselves."""
    query = core_select(col(t.Deadline.id), col(t.Deadline.document_id), col(t.Deadline.path),
                        col(t.Deadline.source_start), col(t.Deadline.raw)).order_by(
        col(t.Deadline.id))
    return [(i or 0, d, p, s, r) for i, d, p, s, r in _all(session, query)]


def all_places(*, session: Session) -> Sequence[AnyRow]:
    """Every place row."""
    return _all(session, core_select(*_columns(t.Place)))


def all_place_mentions(*, session: Session) -> Sequence[AnyRow]:
    """Every mention of a place by a task or document."""
    return _all(session, core_select(*_columns(t.PlaceMention)))


def all_pairings(*, session: Session) -> Sequence[AnyRow]:
    """Every pairing row."""
    return _all(session, core_select(*_columns(t.Pairing)))
