"""Move the rows of a database made before jurisdictions to their new identities.

Run by Alembic revision 0006 inside its transaction, on a plain connection (no ORM
models: the models describe the schema after the migration, not during it).  Each
document gets the jurisdiction of its issuer (read again from its stored header and
text, as ingest now does), each place its division, each citation its kind; the units
are split and merged by :mod:`store.migrations.unit_backfill`; alert state and outbox
receivers keyed by a unit's old name follow it (:mod:`store.migrations.receiver_backfill`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection

from extract.citations import citation_kind
from extract.divisions import Division, ancestors, full_name, named
from extract.fold import fold
from extract.jurisdictions import issuer_division, place_division
from store.migrations.receiver_backfill import rename_receivers
from store.migrations.unit_backfill import UnitMoves, move_units

UNKNOWN = "未确定"
UNKNOWN_ID = 1

log = logging.getLogger(__name__)


class Jurisdictions:
    """The jurisdiction rows, created (with their ancestors) the first time one is needed."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        rows = connection.execute(text("SELECT code, id, full_name FROM jurisdiction")).all()
        self.ids: dict[str, int] = {code: id_ for code, id_, _ in rows if code is not None}
        self.full_names: dict[int, str] = {id_: full for _, id_, full in rows}

    def id_of(self, division: Division | None) -> int:
        """The id of ``division``'s jurisdiction; the unknown one for ``None``."""
        if division is None:
            return UNKNOWN_ID
        parent: int | None = None
        for d in (*ancestors(division), division):
            if d.code not in self.ids:
                new = self.connection.execute(text(
                    "INSERT INTO jurisdiction (code, name, full_name, level, parent_id) "
                    "VALUES (:code, :name, :full, :level, :parent) RETURNING id"),
                    {"code": d.code, "name": d.name, "full": full_name(d), "level": d.level,
                     "parent": parent}).scalar_one()
                self.ids[d.code], self.full_names[new] = new, full_name(d)
            parent = self.ids[d.code]
        assert parent is not None
        return parent


@dataclass
class Backfill:
    """What the backfill did, for its log and its tests."""

    documents: dict[int, Division | None] = field(default_factory=dict)  # id → issuer
    units: UnitMoves | None = None
    places_merged: int = 0
    governments: list[str] = field(default_factory=list)  # county government units made
    receivers_renamed: dict[str, set[str]] = field(default_factory=dict)


def backfill(connection: Connection) -> Backfill:
    """Give every document, unit, alias, place and citation its new columns, and move
    the rows that point at units and places to the rows they now are."""
    connection.execute(text(
        "INSERT INTO jurisdiction (id, name, full_name, level) VALUES (:id, :n, :n, 'unknown')"),
        {"id": UNKNOWN_ID, "n": UNKNOWN})
    if connection.dialect.name == "postgresql":  # an explicit id does not advance the sequence
        connection.execute(text("SELECT setval(pg_get_serial_sequence('jurisdiction', 'id'), 1)"))
    jurisdictions = Jurisdictions(connection)
    done = Backfill()
    done.documents = _documents(connection, jurisdictions)
    done.units = move_units(connection, issuers=done.documents, jurisdiction_of=jurisdictions.id_of,
                            full_names=jurisdictions.full_names)
    done.receivers_renamed = rename_receivers(connection, row_for=done.units.row_for,
                                              full_names=jurisdictions.full_names,
                                              unknown_id=UNKNOWN_ID)
    done.places_merged = _places(connection, jurisdictions, done.documents)
    done.governments = _county_governments(connection)
    log.info("jurisdictions: %d documents placed, %d units moved, %d places merged",
             len(done.documents), len(done.units.rows), done.places_merged)
    return done


def _documents(connection: Connection, jurisdictions: Jurisdictions) -> dict[int, Division | None]:
    """Place every document by its issuer; recompute its citations' kinds from its text."""
    issuers: dict[int, Division | None] = {}
    ids = connection.execute(text("SELECT id FROM document ORDER BY id")).scalars().all()
    for document_id in ids:  # one text in memory at a time
        issuer, title, number, body = connection.execute(text(
            "SELECT issuer, title, number, text FROM document WHERE id = :id"),
            {"id": document_id}).one()
        division = issuer_division(issuer=issuer, title=title, number=number, text=body)
        issuers[document_id] = division
        connection.execute(text("UPDATE document SET jurisdiction_id = :j WHERE id = :id"),
                           {"j": jurisdictions.id_of(division), "id": document_id})
        folded = fold(body)
        kinds = [{"id": cid, "kind": "implements"} for cid, start in connection.execute(text(
            "SELECT id, source_start FROM citation WHERE document_id = :id"), {"id": document_id})
            if citation_kind(folded, start) == "implements"]
        if kinds:
            connection.execute(text("UPDATE citation SET kind = :kind WHERE id = :id"), kinds)
    return issuers


def _places(connection: Connection, jurisdictions: Jurisdictions,
            issuers: dict[int, Division | None]) -> int:
    """Give every place its full name, code and jurisdiction; merge places that turn
    out to be one division (泰顺 and 泰顺县).  Returns how many were merged away."""
    first_mention = dict(connection.execute(text(
        "SELECT place_id, MIN(document_id) FROM placemention GROUP BY place_id")).all())
    by_full_name: dict[str, int] = {}
    merged = 0
    for place_id, name, parent in connection.execute(text(
            "SELECT id, name, parent FROM place ORDER BY id")).all():
        near = issuers.get(first_mention[place_id]) if place_id in first_mention else None
        if near is None and parent:
            near = next(iter(named(parent)), None)
        division = place_division(name, near)
        if division is not None:
            chain = ancestors(division)
            values = {"name": division.name, "full": full_name(division), "code": division.code,
                      "j": jurisdictions.id_of(division),
                      "parent": chain[-1].name if chain else parent}
        else:  # a township or a park: under the jurisdiction of the document naming it
            within = jurisdictions.id_of(near) if near is not None else None
            prefix = jurisdictions.full_names[within] if within is not None else ""
            values = {"name": name, "full": prefix + name, "code": None, "j": None,
                      "parent": parent}
        if values["full"] in by_full_name:
            _merge_place(connection, place_id, by_full_name[values["full"]])
            merged += 1
            continue
        by_full_name[values["full"]] = place_id
        connection.execute(text(
            "UPDATE place SET name = :name, full_name = :full, code = :code, "
            "jurisdiction_id = :j, parent = :parent WHERE id = :id"), {**values, "id": place_id})
    return merged


def _merge_place(connection: Connection, gone: int, kept: int) -> None:
    """Point ``gone``'s mentions and pairings at ``kept`` and delete it."""
    connection.execute(text("UPDATE placemention SET place_id = :k WHERE place_id = :g"),
                       {"k": kept, "g": gone})
    for column, other in (("developed_id", "accelerated_id"), ("accelerated_id", "developed_id")):
        connection.execute(text(  # a pairing the kept place already has is a duplicate
            f"DELETE FROM pairing WHERE {column} = :g AND {other} IN "
            f"(SELECT {other} FROM pairing WHERE {column} = :k)"), {"k": kept, "g": gone})
        connection.execute(text(f"UPDATE pairing SET {column} = :k WHERE {column} = :g"),
                           {"k": kept, "g": gone})
    connection.execute(text("DELETE FROM place WHERE id = :g"), {"g": gone})


def _county_governments(connection: Connection) -> list[str]:
    """The government unit of each paired county (泰顺县人民政府 in 浙江省温州市泰顺县), as
    loading the pairings now makes it: the unit that reports for the county's shares
    and holds its reporter token."""
    made = []
    for name, jurisdiction in connection.execute(text(
            "SELECT DISTINCT p.name, p.jurisdiction_id FROM place p JOIN pairing r "
            "ON p.id IN (r.developed_id, r.accelerated_id) "
            "WHERE p.code IS NOT NULL AND p.jurisdiction_id IS NOT NULL ORDER BY p.name")).all():
        government = f"{name}人民政府"  # store.reference.county_government, as of 0006
        exists = connection.execute(text(
            "SELECT 1 FROM unit WHERE jurisdiction_id = :j AND name = :n"),
            {"j": jurisdiction, "n": government}).first()
        if exists is None:
            connection.execute(text(
                "INSERT INTO unit (name, level, collective, jurisdiction_id) "
                "VALUES (:n, 'county', :c, :j)"), {"n": government, "c": False, "j": jurisdiction})
            made.append(government)
    return made
