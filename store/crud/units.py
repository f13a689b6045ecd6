"""Units and their aliases, merged across documents.

A unit is identified by its canonical name *or* any alias: ``经合办`` and ``市招商局``
are one unit, whichever document names it first and however it is written.  Names are
stored and looked up in one spelling (:func:`store.names.normalise_name`), so look-alike
characters and zero-width spaces never make a second unit.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from extract.model import UnitRef
from store.names import normalise_name
from store.tables import Unit, UnitAlias


def get_unit_by_name_or_alias(*, session: Session, name: str) -> Unit | None:
    """The unit whose canonical name, or one of whose aliases, is ``name``.

    Parameters
    ----------
    session
        An open session.
    name
        A canonical name (``市招商局``) or an alias (``经合办``).

    Returns
    -------
    Unit or None
    """
    name = normalise_name(name)
    unit = session.exec(select(Unit).where(Unit.name == name)).first()
    if unit is not None:
        return unit
    return session.exec(
        select(Unit)
        .join(UnitAlias, col(UnitAlias.unit_id) == col(Unit.id))
        .where(UnitAlias.alias == name)
    ).first()


def upsert_unit(*, session: Session, ref: UnitRef) -> Unit:
    """Find the unit ``ref`` names (by name or any alias) or create it; add new aliases.

    An alias already taken by another unit stays with that unit (aliases resolve to one
    unit); an unknown level is filled in when ``ref`` knows it.

    Parameters
    ----------
    session
        An open session; the unit is flushed so its ``id`` is set.
    ref
        The unit as the extractor resolved it.

    Returns
    -------
    Unit
    """
    name = normalise_name(ref.name)
    aliases = [a for a in map(normalise_name, ref.aliases) if a]
    unit = None
    for candidate in (name, *aliases):
        unit = get_unit_by_name_or_alias(session=session, name=candidate)
        if unit is not None:
            break
    if unit is None:
        unit = Unit(name=name, level=ref.level, collective=ref.collective)
        session.add(unit)
        session.flush()
    elif unit.level == "unknown" and ref.level != "unknown":
        unit.level = ref.level
        session.add(unit)
    assert unit.id is not None
    names = {unit.name, *unit_aliases(session=session, unit_id=unit.id)}
    for alias in (name, *aliases):
        if alias in names:
            continue
        names.add(alias)
        if get_unit_by_name_or_alias(session=session, name=alias) is None:
            session.add(UnitAlias(unit_id=unit.id, alias=alias))
    session.flush()
    return unit


def unit_aliases(*, session: Session, unit_id: int) -> list[str]:
    """The aliases of one unit, sorted."""
    rows = session.exec(select(UnitAlias.alias).where(UnitAlias.unit_id == unit_id))
    return sorted(rows.all())


def list_units(*, session: Session) -> list[Unit]:
    """Every unit, ordered by canonical name."""
    return list(session.exec(select(Unit).order_by(col(Unit.name))).all())
