"""Places (counties, districts, townships, parks) and the county pairings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from extract.divisions import Division, ancestors, full_name
from store.bulk import insert_ids
from store.crud.jurisdictions import ensure_jurisdiction
from store.lists import among, listed, per_dialect
from store.tables import Jurisdiction, Pairing, Place
from store.unit_index import UnitIndex
from store.unit_rows import JurisdictionRow, plain_rows


def get_place(*, session: Session, name: str) -> Place | None:
    """The place whose full name (浙江省温州市泰顺县) is ``name``, else the first place
    whose short name (泰顺县) is; ``None`` when there is none."""
    found = session.exec(select(Place).where(Place.full_name == name)).first()
    if found is None:
        found = session.exec(select(Place).where(Place.name == name)
                             .order_by(col(Place.id))).first()
    return found


def find_places(*, session: Session, name: str) -> list[Place]:
    """Every place called ``name`` (full name, code or short name), by full name."""
    exact = session.exec(select(Place).where(
        (col(Place.full_name) == name) | (col(Place.code) == name))).all()
    if exact:
        return list(exact)
    return list(session.exec(select(Place).where(Place.name == name)
                             .order_by(col(Place.full_name))).all())


def upsert_place(*, session: Session, name: str, kind: str, division: Division | None = None,
                 within: Jurisdiction | JurisdictionRow | None = None,
                 index: UnitIndex | None = None) -> Place:
    """Find or create the place: a division by its code, anything else (a township, a
    park) by its name under ``within`` (the document's jurisdiction).

    The kind already stored wins: reference data (loaded first) knows better than a
    mention in running text.

    Returns
    -------
    Place
        Flushed, so ``id`` is set.

    ``index`` is the ingest's :class:`store.unit_index.UnitIndex`, when there is one: its
    jurisdictions are already known.
    """
    if division is not None:
        jurisdiction = (index.jurisdiction(division) if index is not None
                        else ensure_jurisdiction(session=session, division=division))
        place = session.exec(select(Place).where(Place.code == division.code)).first()
        if place is None:
            chain = ancestors(division)
            place = Place(name=division.name, full_name=full_name(division), code=division.code,
                          kind=kind, parent=chain[-1].name if chain else None,
                          jurisdiction_id=jurisdiction.id)
            session.add(place)
            session.flush()
        return place
    prefix = within.full_name if within is not None and within.code else ""
    place = session.exec(select(Place).where(Place.full_name == prefix + name)).first()
    if place is None:
        place = Place(name=name, full_name=prefix + name, kind=kind,
                      parent=within.name if prefix and within is not None else None)
        session.add(place)
        session.flush()
    return place


# built once, their lists bound when executed (see store.unit_index)
_BY_CODE = per_dialect(lambda dialect: sa_select(col(Place.id), col(Place.code))
                       .where(among(Place.code, "codes", dialect)).order_by(col(Place.id)))
_BY_FULL_NAME = per_dialect(lambda dialect: sa_select(col(Place.id), col(Place.full_name))
                            .where(among(Place.full_name, "names", dialect)))
# the same as SQL texts sent to the driver (store.unit_rows.plain_rows)
_BY_CODE_SQL = {
    "sqlite": ("SELECT place.id, place.code FROM place "
               "WHERE place.code IN (SELECT value FROM json_each(?)) ORDER BY place.id"),
    "postgresql": "SELECT place.id, place.code FROM place WHERE place.code = ANY(%s) "
                  "ORDER BY place.id",
}
_BY_FULL_NAME_SQL = {
    "sqlite": ("SELECT place.id, place.full_name FROM place "
               "WHERE place.full_name IN (SELECT value FROM json_each(?))"),
    "postgresql": "SELECT place.id, place.full_name FROM place WHERE place.full_name = ANY(%s)",
}


def place_ids(*, session: Session, places: Sequence[tuple[str, str, Division | None]],
              within: Jurisdiction | JurisdictionRow | None, index: UnitIndex) -> list[int]:
    """The ids of many places at once, as :func:`upsert_place` would give them one by one.

    ``places`` are ``(name, kind, division)`` in mention order.  Stored places are read
    with two statements (by code, by full name) and the missing ones inserted with one,
    in that order, so they get the ids one-by-one upserts would have given them; each
    division's jurisdiction is ensured first, in the same order, as :func:`upsert_place`
    does.  Nothing is flushed per place: one document names dozens.  The places the
    index's transaction has already found or added (``index.places``) are not asked again.
    """
    prefix = within.full_name if within is not None and within.code else ""
    jurisdictions = [index.jurisdiction(division).id if division is not None else None
                     for _, _, division in places]
    known = index.places
    codes = {division.code for _, _, division in places if division is not None
             and ("code", division.code) not in known}
    names = {prefix + name for name, _, division in places if division is None
             and ("name", prefix + name) not in known}
    by_code = {value: place_id for (kind, value), place_id in known.items() if kind == "code"}
    by_name = {value: place_id for (kind, value), place_id in known.items() if kind == "name"}
    connection = session.connection()  # plain columns: no ORM step
    dialect = connection.dialect.name
    for place_id, code in plain_rows(connection, _BY_CODE_SQL, _BY_CODE, {
            "codes": listed(dialect, sorted(codes))}) if codes else ():
        if place_id is not None and code is not None:
            by_code.setdefault(code, place_id)  # the first, as upsert_place's .first()
    for place_id, full in plain_rows(connection, _BY_FULL_NAME_SQL, _BY_FULL_NAME, {
            "names": listed(dialect, sorted(names))}) if names else ():
        if place_id is not None:
            by_name[full] = place_id
    keys: list[tuple[str, str]] = []  # ("code" | "name", value) of each mention
    missing: dict[tuple[str, str], dict[str, object]] = {}
    for (name, kind, division), jurisdiction_id in zip(places, jurisdictions, strict=True):
        if division is not None:
            key = ("code", division.code)
            if division.code not in by_code and key not in missing:
                chain = ancestors(division)
                missing[key] = {"name": division.name, "full_name": full_name(division),
                                "code": division.code, "kind": kind,
                                "parent": chain[-1].name if chain else None,
                                "jurisdiction_id": jurisdiction_id}
        else:
            key = ("name", prefix + name)
            if prefix + name not in by_name and key not in missing:
                missing[key] = {"name": name, "full_name": prefix + name, "kind": kind,
                                "code": None, "jurisdiction_id": None,
                                "parent": within.name if prefix and within is not None else None}
        keys.append(key)
    if missing:
        new_ids = insert_ids(session, Place, list(missing.values()), keys=("full_name",))
        for (kind_of_key, value), place_id in zip(missing, new_ids, strict=True):
            (by_code if kind_of_key == "code" else by_name)[value] = place_id
    ids = [(by_code if kind_of_key == "code" else by_name)[value]
           for kind_of_key, value in keys]
    known.update(zip(keys, ids, strict=True))
    return ids


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


def pairing_accelerating(*, session: Session, place_id: int) -> Pairing | None:
    """A pairing whose accelerated (helped) side is the place ``place_id``, if any."""
    return session.exec(select(Pairing).where(Pairing.accelerated_id == place_id)).first()
