"""Places (counties, districts, townships, parks) and the county pairings."""

from __future__ import annotations

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from store.tables import Pairing, Place


def get_place(*, session: Session, name: str) -> Place | None:
    """The place called ``name``, or ``None``."""
    return session.exec(select(Place).where(Place.name == name)).first()


def upsert_place(*, session: Session, name: str, kind: str, parent: str | None = None) -> Place:
    """Find the place by name or create it; fill in a missing parent.

    The kind already stored wins: reference data (loaded first) knows better than a
    mention in running text.

    Returns
    -------
    Place
        Flushed, so ``id`` is set.
    """
    place = get_place(session=session, name=name)
    if place is None:
        place = Place(name=name, kind=kind, parent=parent)
        session.add(place)
    elif parent and not place.parent:
        place.parent = parent
        session.add(place)
    session.flush()
    return place


def upsert_pairing(
    *,
    session: Session,
    developed: Place,
    accelerated: Place,
    confidence: str,
    source: str,
    since: int | None = None,
) -> Pairing:
    """Create or update the pairing of two places, keeping confidence, source and since."""
    assert developed.id is not None and accelerated.id is not None
    pairing = session.exec(
        select(Pairing).where(
            Pairing.developed_id == developed.id, Pairing.accelerated_id == accelerated.id
        )
    ).first()
    if pairing is None:
        pairing = Pairing(
            developed_id=developed.id,
            accelerated_id=accelerated.id,
            confidence=confidence,
            source=source,
        )
    pairing.confidence, pairing.source, pairing.since = confidence, source, since
    session.add(pairing)
    session.flush()
    return pairing


def list_places(*, session: Session) -> list[Place]:
    """Every place, ordered by name."""
    return list(session.exec(select(Place).order_by(col(Place.name))).all())


def list_pairings(*, session: Session) -> list[tuple[Pairing, Place, Place]]:
    """Every pairing with its developed and accelerated place, by developed name."""
    developed, accelerated = aliased(Place), aliased(Place)
    query = (
        select(Pairing, developed, accelerated)
        .join(developed, col(Pairing.developed_id) == developed.id)
        .join(accelerated, col(Pairing.accelerated_id) == accelerated.id)
        .order_by(developed.name)
    )
    return [(p, d, a) for p, d, a in session.exec(query).all()]
