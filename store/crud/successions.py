"""Successions (机构改革): a unit merged into, split into or renamed as another on a day.

The predecessor keeps its rows, its name in history and in the audit trail; from
``effective_on`` its obligations belong to the successor (:mod:`graph` applies that).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from store.tables import Succession, Unit

KINDS = ("merge", "split", "rename")


class SuccessionError(ValueError):
    """A succession that cannot be recorded (a loop, a unit succeeding itself, a bad kind)."""


def record_succession(*, session: Session, predecessor: Unit, successor: Unit, kind: str,
                      effective_on: dt.date, note: str = "",
                      created_by: str = "cli") -> Succession:
    """Record (or update) that ``predecessor`` became ``successor`` on ``effective_on``.

    Parameters
    ----------
    session
        An open session; the caller commits and bumps the data version.
    predecessor, successor
        Stored units; they may be of different jurisdictions only when one contains the
        other's government (a county bureau taken over by the city's is rare but real).
    kind
        ``merge`` (several into one), ``split`` (one into several) or ``rename``.
    effective_on
        The first day the successor answers for the predecessor's obligations.

    Raises
    ------
    SuccessionError
        When the kind is unknown, the two units are one, or the successor already
        (transitively) succeeds into the predecessor.
    """
    if kind not in KINDS:
        raise SuccessionError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if predecessor.id == successor.id:
        raise SuccessionError("a unit cannot succeed itself")
    assert predecessor.id is not None and successor.id is not None
    if predecessor.id in successors_chain(session=session, unit_id=successor.id):
        raise SuccessionError(f"{successor.name} already succeeds into {predecessor.name}")
    row = session.exec(select(Succession).where(
        Succession.predecessor_id == predecessor.id,
        Succession.successor_id == successor.id)).first()
    if row is None:
        row = Succession(predecessor_id=predecessor.id, successor_id=successor.id, kind=kind,
                         effective_on=effective_on, note=note, created_by=created_by)
    else:
        row.kind, row.effective_on, row.note = kind, effective_on, note
    session.add(row)
    session.flush()
    return row


def successors_chain(*, session: Session, unit_id: int) -> list[int]:
    """Every unit ``unit_id`` succeeds into, directly or through others (no loops)."""
    seen: list[int] = []
    frontier = [unit_id]
    while frontier:
        rows = session.exec(select(Succession.successor_id)
                            .where(col(Succession.predecessor_id).in_(frontier))).all()
        frontier = [r for r in rows if r not in seen and r != unit_id]
        seen.extend(frontier)
    return seen


def list_successions(*, session: Session, unit_id: int | None = None) -> list[Succession]:
    """Every succession (that ``unit_id`` takes part in), by date."""
    query = select(Succession).order_by(col(Succession.effective_on), col(Succession.id))
    if unit_id is not None:
        query = query.where((col(Succession.predecessor_id) == unit_id)
                            | (col(Succession.successor_id) == unit_id))
    return list(session.exec(query).all())


def remove_succession(*, session: Session, succession_id: int) -> Succession | None:
    """Delete one succession; return it (``None`` when there was none)."""
    row = session.get(Succession, succession_id)
    if row is not None:
        session.delete(row)
        session.flush()
    return row
