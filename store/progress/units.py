"""Find a unit by its canonical name or an alias (经合办 → 市招商局)."""

from __future__ import annotations

from sqlmodel import Session, select

from store.names import normalise_name
from store.tables import Unit, UnitAlias


def find_unit(*, session: Session, name: str) -> Unit | None:
    """The unit called ``name``, by canonical name first, then by alias.

    Parameters
    ----------
    session
        An open session.
    name
        A canonical name (``市招商局``) or an alias (``经合办``), normalised first
        (:func:`store.names.normalise_name`).

    Returns
    -------
    Unit | None
        ``None`` when no unit has this name or alias.
    """
    wanted = normalise_name(name)
    if not wanted:
        return None
    unit = session.exec(select(Unit).where(Unit.name == wanted)).first()
    if unit is not None:
        return unit
    return session.exec(
        select(Unit).join(UnitAlias, UnitAlias.unit_id == Unit.id).where(UnitAlias.alias == wanted)  # type: ignore[arg-type]
    ).first()
