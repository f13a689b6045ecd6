"""Units and their aliases: one row per bureau of one government.

A unit is (jurisdiction, standard name): 市发改委, 市发展改革委 and 市发展和改革委员会 in
温州市's documents are one unit (:func:`extract.bureaus.standard_name`), 杭州市's 市发改委
another.  Within a jurisdiction a unit is found by its name *or* any alias (经合办 and
市招商局 are one unit), however it is written: names are stored and looked up in one
spelling (:func:`store.names.normalise_name`, brackets folded).  A caller that needs
*one* unit gets :class:`AmbiguousUnit`, naming the candidates with their jurisdictions,
when several governments have a unit of that name, never an arbitrary one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import Session, col, select

from extract.bureaus import standard_name
from extract.divisions import Division
from extract.model import UnitRef
from store.names import normalise_name
from store.tables import Jurisdiction, Unit, UnitAlias
from store.unit_index import UnitIndex


@lru_cache(maxsize=16384)  # every clause of every document asks again
def unit_key(name: str, division: Division | None = None) -> str:
    """The stored spelling of a unit's name: normalised, brackets folded, standard;
    with the unit's ``division``, its own government written as its documents write it
    (温州市财政局 → 市财政局 within 温州市).

    >>> unit_key("市发展改革委"), unit_key("结对县〈市、区〉党委、政府")
    ('市发展和改革委员会', '结对县(市、区)党委、政府')
    """
    return standard_name(normalise_name(name), division)


def find_units(*, session: Session, name: str, jurisdiction_id: int | None = None) -> list[Unit]:
    """Units whose name or alias is ``name`` (in any spelling), in one jurisdiction or all.

    Parameters
    ----------
    session
        An open session.
    name
        A name (``市发改委``, ``市发展和改革委员会``) or an alias (``经合办``).
    jurisdiction_id
        Only this jurisdiction's units; ``None``: every jurisdiction's.

    Returns
    -------
    list of Unit
        Ordered by id; more than one when several governments have a unit of this name.
    """
    spellings = {normalise_name(name), unit_key(name)} - {""}
    if not spellings:
        return []
    by_name = select(Unit).where(col(Unit.name).in_(spellings))
    by_alias = (select(Unit).join(UnitAlias, col(UnitAlias.unit_id) == col(Unit.id))
                .where(col(UnitAlias.alias).in_(spellings)))
    if jurisdiction_id is not None:
        by_name = by_name.where(Unit.jurisdiction_id == jurisdiction_id)
        by_alias = by_alias.where(Unit.jurisdiction_id == jurisdiction_id)
    found = {u.id: u for u in session.exec(by_name).all()}
    for unit in session.exec(by_alias).all():
        found.setdefault(unit.id, unit)
    return [found[i] for i in sorted(i for i in found if i is not None)]


@dataclass(frozen=True)
class Candidate:
    """A unit a name could mean, with the full name of its jurisdiction."""

    unit_id: int
    name: str
    jurisdiction_id: int
    jurisdiction: str  # 浙江省温州市


class AmbiguousUnit(LookupError):
    """A name that units of several jurisdictions answer to."""

    def __init__(self, name: str, candidates: list[Candidate]) -> None:
        self.name = name
        self.candidates = candidates
        listed = "; ".join(f"{c.name} ({c.jurisdiction})" for c in candidates)
        super().__init__(f"{name} names {len(candidates)} units: {listed}")


def candidates_of(*, session: Session, units: list[Unit]) -> list[Candidate]:
    """``units`` as candidates with their jurisdictions' full names, by full name."""
    out = []
    for unit in units:
        assert unit.id is not None
        jurisdiction = session.get(Jurisdiction, unit.jurisdiction_id)
        out.append(Candidate(unit.id, unit.name, unit.jurisdiction_id,
                             jurisdiction.full_name if jurisdiction else "?"))
    return sorted(out, key=lambda c: (c.jurisdiction, c.unit_id))


def find_unit(*, session: Session, name: str, jurisdiction_id: int | None = None) -> Unit | None:
    """The one unit called ``name`` (by standard name or alias, in any spelling).

    Parameters
    ----------
    session
        An open session.
    name
        A name (``市招商局``, ``市发改委``) or an alias (``经合办``).
    jurisdiction_id
        Only this jurisdiction's units; ``None``: any jurisdiction's.

    Returns
    -------
    Unit | None
        ``None`` when no unit has this name or alias.

    Raises
    ------
    AmbiguousUnit
        When units of several jurisdictions answer to ``name``.
    """
    found = find_units(session=session, name=name, jurisdiction_id=jurisdiction_id)
    if len(found) <= 1:
        return found[0] if found else None
    # One unit's standard name beats another's alias of the same spelling.
    spellings = {normalise_name(name), unit_key(name)}
    named = [u for u in found if u.name in spellings]
    if len({u.jurisdiction_id for u in found}) == 1:
        return (named or found)[0]
    raise AmbiguousUnit(name, candidates_of(session=session, units=found))


def upsert_unit(*, session: Session, ref: UnitRef, jurisdiction_id: int,
                division: Division | None = None) -> Unit:
    """Find the unit ``ref`` names in a jurisdiction (by name or alias) or create it;
    record the spellings it was written in as aliases.

    An alias already taken by another unit of the jurisdiction stays with that unit;
    an unknown level is filled in when ``ref`` knows it.

    Parameters
    ----------
    session
        An open session; the unit is flushed so its ``id`` is set.
    ref
        The unit as the extractor read it (as written, not yet standard).
    jurisdiction_id
        The jurisdiction the name resolves in (:func:`extract.jurisdictions.unit_division`).
    division
        That jurisdiction's division, when it is one: a name that spells it out in full
        (温州市财政局) is then stored as its own documents write it (市财政局).

    Returns
    -------
    Unit
    """
    index = UnitIndex(session)
    row = index.upsert(ref, jurisdiction_id, division)
    index.write()
    unit = session.get(Unit, row.id)
    assert unit is not None
    return unit


def add_aliases(*, session: Session, unit: Unit, aliases: tuple[str, ...] | list[str],
                source: str = "extracted") -> list[str]:
    """Record ``aliases`` of ``unit`` that its jurisdiction does not know yet; return them.

    An alias another unit of the jurisdiction already answers to stays with that unit.
    """
    index = UnitIndex(session)
    added = index.add_aliases(unit, aliases, source)
    index.write()
    return added


def unit_aliases(*, session: Session, unit_id: int) -> list[str]:
    """The aliases of one unit, sorted."""
    rows = session.exec(select(UnitAlias.alias).where(UnitAlias.unit_id == unit_id))
    return sorted(rows.all())


def list_units(*, session: Session, jurisdiction_id: int | None = None,
               limit: int | None = None) -> list[Unit]:
    """Every unit (of one jurisdiction), ordered by name; the first ``limit`` of them."""
    query = select(Unit).order_by(col(Unit.name), col(Unit.id))
    if jurisdiction_id is not None:
        query = query.where(Unit.jurisdiction_id == jurisdiction_id)
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query).all())


def get_unit(*, session: Session, id: int) -> Unit | None:
    """One unit by id, or ``None``."""
    return session.get(Unit, id)


def unit_jurisdiction(*, session: Session, unit: Unit) -> Jurisdiction:
    """The jurisdiction a unit belongs to."""
    found = session.get(Jurisdiction, unit.jurisdiction_id)
    assert found is not None
    return found


def alias_rows(*, session: Session, unit_id: int) -> list[UnitAlias]:
    """The alias rows of one unit (with their source), by alias."""
    query = select(UnitAlias).where(UnitAlias.unit_id == unit_id).order_by(col(UnitAlias.alias))
    return list(session.exec(query).all())
