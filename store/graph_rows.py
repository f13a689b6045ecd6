"""Every row the knowledge graph is built from, one query a table, none per row.

:func:`graph.build.build_graph` reads the store only through these functions, so the
graph package holds no SQL.  Orders are the ones the graph relies on: sections by
document and start (parents before children), links by position, aliases and
citations by their natural order; the rest in the database's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from store import tables as t


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


def all_tasks(*, session: Session) -> Sequence[t.Task]:
    """Every task row."""
    return session.exec(select(t.Task)).all()


def all_task_links(*, session: Session) -> Sequence[t.TaskUnit]:
    """Every task–unit link, by its position in the clause."""
    return session.exec(select(t.TaskUnit).order_by(col(t.TaskUnit.position))).all()


def all_targets(*, session: Session) -> Sequence[t.Target]:
    """Every target row."""
    return session.exec(select(t.Target)).all()


def all_deadlines(*, session: Session) -> Sequence[t.Deadline]:
    """Every deadline row."""
    return session.exec(select(t.Deadline)).all()


def all_places(*, session: Session) -> Sequence[t.Place]:
    """Every place row."""
    return session.exec(select(t.Place)).all()


def all_place_mentions(*, session: Session) -> Sequence[t.PlaceMention]:
    """Every mention of a place by a task or document."""
    return session.exec(select(t.PlaceMention)).all()


def all_pairings(*, session: Session) -> Sequence[t.Pairing]:
    """Every pairing row."""
    return session.exec(select(t.Pairing)).all()
