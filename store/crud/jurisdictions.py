"""Jurisdictions: the governments documents belong to, made from the division tree.

A jurisdiction row is created the first time a document, a unit or a place needs it,
together with its ancestors (温州市 brings 浙江省), so the tree is always whole.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from extract.divisions import Division
from store.tables import UNKNOWN_JURISDICTION, Jurisdiction


def unknown_jurisdiction(*, session: Session) -> Jurisdiction:
    """The jurisdiction of documents whose issuer could not be placed (made by 0006)."""
    found = session.exec(select(Jurisdiction)
                         .where(Jurisdiction.full_name == UNKNOWN_JURISDICTION)).first()
    if found is None:
        found = Jurisdiction(name=UNKNOWN_JURISDICTION, full_name=UNKNOWN_JURISDICTION,
                             level="unknown")
        session.add(found)
        session.flush()
    return found


def ensure_jurisdiction(*, session: Session, division: Division | None) -> Jurisdiction:
    """The jurisdiction of ``division`` (and its ancestors), created when missing;
    the unknown one for ``None``.

    Parameters
    ----------
    session
        An open session; new rows are flushed so their ids are set.
    division
        A division of :mod:`extract.divisions`, or ``None``.
    """
    from store.unit_index import UnitIndex

    row = UnitIndex(session).jurisdiction(division)
    found = session.get(Jurisdiction, row.id)
    assert found is not None
    return found


def get_jurisdiction(*, session: Session, id: int) -> Jurisdiction | None:
    """The jurisdiction with this id."""
    return session.get(Jurisdiction, id)


def find_jurisdictions(*, session: Session, name: str) -> list[Jurisdiction]:
    """Jurisdictions called ``name``: by full name (浙江省温州市), code or short name
    (温州市; several when two share it, like 鼓楼区)."""
    exact = session.exec(select(Jurisdiction).where(
        (col(Jurisdiction.full_name) == name) | (col(Jurisdiction.code) == name))).all()
    if exact:
        return list(exact)
    return list(session.exec(select(Jurisdiction).where(Jurisdiction.name == name)
                             .order_by(col(Jurisdiction.full_name))).all())


def list_jurisdictions(*, session: Session) -> list[Jurisdiction]:
    """Every jurisdiction, by full name."""
    return list(session.exec(select(Jurisdiction).order_by(col(Jurisdiction.full_name))).all())
