"""Find the one unit a person means by a name (经合办 → 市招商局), or say it is ambiguous.

The look-up itself is :func:`store.crud.units.find_units`; this module only decides
what a caller that needs *one* unit gets when several governments have a unit of
that name (杭州's and 宁波's 市发展和改革委员会): an :class:`AmbiguousUnit` error
naming the candidates with their jurisdictions, never an arbitrary one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from store.crud.units import find_units, unit_key
from store.names import normalise_name
from store.tables import Jurisdiction, Unit


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
