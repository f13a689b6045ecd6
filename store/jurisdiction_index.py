"""The jurisdictions one ingest transaction touches, read once and made when missing.

A document's issuer, its places and the governments its units belong to each name a
division; every level above it (province, city, county) must exist as a jurisdiction row
too.  :class:`JurisdictionIndex` reads the stored ones of a document's divisions and
their ancestors with one statement (:meth:`JurisdictionIndex.preload`), answers the rest
from memory and inserts what is missing, parents first.  It lives for one transaction,
inside :class:`store.unit_index.UnitIndex`, whose units it places.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from extract.divisions import Division, ancestors, full_name
from store.bulk import insert_one
from store.lists import among, listed, per_dialect
from store.tables import Jurisdiction
from store.unit_rows import JURISDICTIONS_SQL, JurisdictionRow, jurisdiction_row, plain_rows

# Built once (its list bound when executed); sent as store.unit_rows' SQL text on SQLite
# and PostgreSQL, this statement for any other dialect.
_JURISDICTIONS = per_dialect(lambda dialect: sa_select(
    col(Jurisdiction.id), col(Jurisdiction.code), col(Jurisdiction.name),
    col(Jurisdiction.full_name), col(Jurisdiction.level), col(Jurisdiction.parent_id))
    .where(among(Jurisdiction.code, "codes", dialect)))


class JurisdictionIndex:
    """Jurisdictions by division code, for one session.

    Parameters
    ----------
    session
        The ingest's session; a missing jurisdiction is inserted through it at once (its
        id is needed by the rows that follow).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._jurisdictions: dict[str, JurisdictionRow] = {}
        self._unknown: JurisdictionRow | None = None
        self._absent: set[str] = set()  # codes preload found no jurisdiction for
        self._whole: dict[str, JurisdictionRow] = {}  # codes jurisdiction() answered

    def preload(self, divisions: Iterable[Division | None]) -> None:
        """Read the stored jurisdictions of ``divisions`` and their ancestors with one
        statement, so that :meth:`jurisdiction` asks only about missing ones."""
        codes = {d.code for division in divisions if division is not None
                 for d in (*ancestors(division), division)} - set(self._jurisdictions)
        if not codes:
            return
        # plain columns through the driver (no flush: nothing the index adds is pending)
        connection = self.session.connection()
        for found in plain_rows(connection, JURISDICTIONS_SQL, _JURISDICTIONS,
                                {"codes": listed(connection.dialect.name, sorted(codes))}):
            row = JurisdictionRow(*found)
            if row.code is not None:
                self._jurisdictions.setdefault(row.code, row)
        self._absent.update(codes - set(self._jurisdictions))  # created without asking again

    def jurisdiction(self, division: Division | None) -> JurisdictionRow:
        """The jurisdiction of ``division`` and its ancestors, created when missing
        (:func:`store.crud.jurisdictions.ensure_jurisdiction` gives its ORM object)."""
        from store.crud.jurisdictions import unknown_jurisdiction

        if division is None:
            if self._unknown is None:
                self._unknown = jurisdiction_row(unknown_jurisdiction(session=self.session))
            return self._unknown
        # asked already: every ancestor was found or made then (a document asks a few
        # divisions over and over, once per place and unit name)
        whole = self._whole.get(division.code)
        if whole is not None:
            return whole
        parent: JurisdictionRow | None = None
        for d in (*ancestors(division), division):
            row = self._jurisdictions.get(d.code)
            if row is None and d.code not in self._absent:
                # no autoflush: the units added meanwhile are written together by write()
                with self.session.no_autoflush:
                    stored = self.session.exec(select(Jurisdiction)
                                               .where(Jurisdiction.code == d.code)).first()
                row = None if stored is None else jurisdiction_row(stored)
            if row is None:
                parent_id = parent.id if parent else None
                new_id = insert_one(self.session, Jurisdiction, {
                    "code": d.code, "name": d.name, "full_name": full_name(d),
                    "level": d.level, "parent_id": parent_id})
                row = JurisdictionRow(new_id, d.code, d.name, full_name(d), d.level, parent_id)
            self._jurisdictions[d.code] = row
            parent = row
        assert parent is not None
        self._whole[division.code] = parent
        return parent
