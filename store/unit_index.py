"""The units, aliases and jurisdictions one ingest transaction touches, read once.

Storing a document used to ask the database for every responsibility clause's unit
(by name, then by each alias), for every alias it might add and for every level of
every jurisdiction: three quarters of ingest time went to those small statements and
the flushes each one triggered.  :class:`UnitIndex` reads the units answering to every
spelling a document's clauses use at once (:meth:`UnitIndex.prefetch`; never all of a
jurisdiction's units, which grow with every document of its government), answers the
rest from memory and keeps itself up to date with the rows it adds, so a document costs
a handful of statements however many clauses it has.

It lives for one transaction (one session): rows other transactions commit meanwhile
are not seen, exactly as a repeated query inside the same transaction would not have
seen them on a snapshot-isolated database.  The rules are those of
:func:`store.crud.units.upsert_unit` and :func:`store.crud.jurisdictions.ensure_jurisdiction`,
which answer through this index.

Units are plain rows (:mod:`store.unit_rows`; one object per unit id) read and written
through the driver (:mod:`store.bulk`): as ORM objects they were a third of the storing
process's time (on a dialect other than SQLite and PostgreSQL, read by the statements of
:mod:`store.unit_lookups`).  Jurisdictions are kept by :mod:`store.jurisdiction_index`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from extract.divisions import Division
from extract.model import UnitRef
from store.bulk import bulk_insert, insert_ids
from store.jurisdiction_index import JurisdictionIndex
from store.lists import listed
from store.names import normalise_name
from store.tables import Unit, UnitAlias
from store.unit_lookups import ALIASES_NAMED, UNITS_BY_ID, UNITS_NAMED
from store.unit_rows import (
    ALIASES_NAMED_SQL,
    UNITS_BY_ID_SQL,
    UNITS_NAMED_SQL,
    JurisdictionRow,
    UnitRow,
    plain_rows,
)


@lru_cache(maxsize=8192)  # a corpus names a few thousand units, each many times
def _spellings(name: str) -> frozenset[str]:
    from store.crud.units import unit_key  # the one definition of a stored spelling

    return frozenset({normalise_name(name), unit_key(name)} - {""})


class UnitIndex:
    """Units by name and alias per jurisdiction, loaded on first use, for one session.

    Parameters
    ----------
    session
        The ingest's session; units and aliases are written through its connection by
        :meth:`write`.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.clear()

    def clear(self) -> None:
        """Forget everything read or added (after rows were written around the index, or
        a savepoint holding some of its rows rolled back); nothing may be pending."""
        self.jurisdictions = JurisdictionIndex(self.session)
        # jurisdiction id → spelling (name or alias) → the units answering to it; units
        # created in this transaction have no id until write(), so they are kept by object.
        self._units: dict[int, dict[str, list[UnitRow]]] = {}
        self._rows: dict[int, UnitRow] = {}  # stored id → its one row object
        self._asked: dict[int, set[str]] = defaultdict(set)  # spellings read, per jurisdiction
        self._aliases: dict[int, set[str]] = defaultdict(set)  # id(unit) → its aliases
        self._pending: list[tuple[UnitRow, str, str]] = []  # (unit, alias, source) to insert
        self._new: list[UnitRow] = []  # units to insert
        self._levels: dict[int, UnitRow] = {}  # stored units whose level was filled in
        #: place ids found or added: ("code", division code) or ("name", full name) → id
        #: (:func:`store.crud.places.place_ids` reads and fills it)
        self.places: dict[tuple[str, str], int] = {}

    def preload(self, divisions: Iterable[Division | None]) -> None:
        """As :meth:`JurisdictionIndex.preload`."""
        self.jurisdictions.preload(divisions)

    def jurisdiction(self, division: Division | None) -> JurisdictionRow:
        """As :meth:`JurisdictionIndex.jurisdiction`."""
        return self.jurisdictions.jurisdiction(division)

    def _known(self, jurisdiction_id: int) -> dict[str, list[UnitRow]]:
        """The spellings of the jurisdiction read so far (see :meth:`_fetch`)."""
        return self._units.setdefault(jurisdiction_id, defaultdict(list))

    def prefetch(self, wanted: dict[int, set[str]]) -> None:
        """Read the units answering to the given spellings of each jurisdiction, all with
        three statements, so the look-ups that follow ask nothing."""
        if len(wanted) == 1:  # most calls: one jurisdiction, its spellings read already
            ((jid, spellings),) = wanted.items()
            if spellings <= self._asked[jid]:
                return
        missing = {jid: {s for s in spellings if s and s not in self._asked[jid]}
                   for jid, spellings in wanted.items()}
        missing = {jid: spellings for jid, spellings in missing.items() if spellings}
        if missing:
            self._fetch(missing)

    def _fetch(self, wanted: dict[int, set[str]]) -> None:
        # Only the spellings asked about, never a jurisdiction's every unit: a city that
        # many documents name has hundreds, and each document names a few dozen.
        names = set().union(*wanted.values())
        ids = list(wanted)
        # (no flush: the units this transaction added are known, and written by write())
        connection = self.session.connection()
        dialect = connection.dialect.name
        lists = {"ids": listed(dialect, ids), "names": listed(dialect, sorted(names))}
        by_name = [u for u in self._read(connection, UNITS_NAMED_SQL, UNITS_NAMED, lists)
                   if u.name in wanted.get(u.jurisdiction_id, ())]
        # (the order of the alias rows decides nothing: find_all orders stored units by id)
        aliases = [(unit_id, alias, jid) for unit_id, alias, jid in
                   plain_rows(connection, ALIASES_NAMED_SQL, ALIASES_NAMED, lists)
                   if alias in wanted.get(jid, ())]
        units = {u.id: u for u in by_name}
        other = {unit_id for unit_id, _, _ in aliases} - set(units)
        if other:
            units.update((u.id, u) for u in self._read(
                connection, UNITS_BY_ID_SQL, UNITS_BY_ID, {"ids": listed(dialect, sorted(other))}))
        for jid, spellings in wanted.items():
            self._asked[jid].update(spellings)
        for unit in by_name:
            self._add(self._known(unit.jurisdiction_id)[unit.name], unit)
        for unit_id, alias, jid in aliases:
            unit = units[unit_id]
            self._add(self._known(jid)[alias], unit)
            self._aliases[id(unit)].add(alias)

    def _read(self, connection: Any, sql: dict[str, str], statements: dict[str, Any],
              params: dict[str, Any]) -> list[UnitRow]:
        """The units a statement reads, as the index's one row object per id (a unit read
        again keeps what this transaction changed of it, as the identity map did)."""
        rows = []
        for unit_id, name, level, collective, jurisdiction_id in plain_rows(
                connection, sql, statements, params):
            row = self._rows.get(unit_id)
            if row is None:
                row = self._rows[unit_id] = UnitRow(unit_id, name, level, bool(collective),
                                                    jurisdiction_id)
            rows.append(row)
        return rows

    @staticmethod
    def _add(units: list[UnitRow], unit: UnitRow) -> None:
        if not any(other is unit for other in units):
            units.append(unit)

    def _ensure(self, jurisdiction_id: int,
                spellings: Iterable[str]) -> dict[str, list[UnitRow]]:
        """The jurisdiction's spellings, those given read now if they were not yet."""
        self.prefetch({jurisdiction_id: set(spellings)})
        return self._known(jurisdiction_id)

    def spellings(self, ref: UnitRef, division: Division | None = None) -> set[str]:
        """Every spelling :meth:`upsert` of ``ref`` looks up or may add as an alias."""
        from store.crud.units import unit_key

        candidates = (unit_key(ref.name, division), normalise_name(ref.name),
                      *map(normalise_name, ref.aliases))
        return {s for c in candidates for s in (normalise_name(c), *_spellings(c)) if s}

    def find_all(self, name: str, jurisdiction_id: int) -> list[UnitRow]:
        """Units of the jurisdiction answering to ``name`` (name or alias), oldest first."""
        spellings = _spellings(name)
        known = self._ensure(jurisdiction_id, spellings)
        found: dict[int, UnitRow] = {}
        for spelling in spellings:
            found.update((id(u), u) for u in known.get(spelling, ()))
        # Stored units by id, then the ones this transaction created, in creation order.
        return sorted(found.values(), key=lambda u: (u.id is None, u.id or 0))

    def find(self, name: str, jurisdiction_id: int) -> UnitRow | None:
        """The one unit of the jurisdiction called ``name``; a standard name beats an alias."""
        found = self.find_all(name, jurisdiction_id)
        if len(found) <= 1:
            return found[0] if found else None
        spellings = _spellings(name)
        return ([u for u in found if u.name in spellings] or found)[0]

    def upsert(self, ref: UnitRef, jurisdiction_id: int,
               division: Division | None = None) -> UnitRow:
        """As :func:`store.crud.units.upsert_unit`: find or create, then record spellings.

        A unit created here has its ``id``, and is stored, only after :meth:`write`.
        """
        from store.crud.units import unit_key

        written = normalise_name(ref.name)
        name = unit_key(ref.name, division)
        aliases = [a for a in map(normalise_name, ref.aliases) if a]
        unit = None
        for candidate in (name, written, *aliases):
            unit = self.find(candidate, jurisdiction_id)
            if unit is not None:
                break
        if unit is None:
            unit = UnitRow(None, name, ref.level, ref.collective, jurisdiction_id)
            self._new.append(unit)  # inserted by write(), all at once
            self._known(jurisdiction_id)[name].append(unit)
        elif unit.level == "unknown" and ref.level != "unknown":
            unit.level = ref.level
            if unit.id is not None:  # stored: updated by write()
                self._levels[unit.id] = unit
        self.add_aliases(unit, (name, written, *aliases))
        return unit

    def add_aliases(self, unit: UnitRow | Unit, aliases: tuple[str, ...] | list[str],
                    source: str = "extracted") -> list[str]:
        """Record the ``aliases`` no other unit of the jurisdiction answers to; return them.

        They are inserted by :meth:`write`.  ``unit``: a row of this index, or a stored
        unit's ORM object.
        """
        if isinstance(unit, Unit):
            unit = self.row_of(unit)
        wanted = [a for a in map(normalise_name, aliases) if a]
        known = self._ensure(unit.jurisdiction_id,
                             {s for a in wanted for s in (a, *_spellings(a))})
        names = {unit.name, *self._aliases[id(unit)]}
        added = []
        for alias in map(normalise_name, aliases):
            if not alias or alias in names:
                continue
            names.add(alias)
            # Another unit of the jurisdiction already answering to it keeps it.
            if any(other is not unit for other in self.find_all(alias, unit.jurisdiction_id)):
                continue
            self._pending.append((unit, alias, source))
            self._aliases[id(unit)].add(alias)
            known[alias].append(unit)
            added.append(alias)
        return added

    def row_of(self, unit: Unit) -> UnitRow:
        """This index's row of a stored unit given as an ORM object."""
        if unit.id is None:
            self.session.flush()
        assert unit.id is not None
        row = self._rows.get(unit.id)
        if row is None:
            row = self._rows[unit.id] = UnitRow(unit.id, unit.name, unit.level,
                                                unit.collective, unit.jurisdiction_id)
        return row

    def write(self) -> None:
        """Insert the units created so far (giving them ids) and their new aliases, and
        fill in the levels learnt of stored units."""
        new, self._new = self._new, []
        ids = insert_ids(self.session, Unit, [
            {"name": u.name, "level": u.level, "collective": u.collective,
             "jurisdiction_id": u.jurisdiction_id} for u in new],
            keys=("jurisdiction_id", "name"))  # unique together
        for unit, unit_id in zip(new, ids, strict=True):
            unit.id = unit_id
            self._rows[unit_id] = unit
        levels, self._levels = self._levels, {}
        if levels:
            self._write_levels(levels)
        rows = [{"unit_id": unit.id, "alias": alias, "jurisdiction_id": unit.jurisdiction_id,
                 "source": source} for unit, alias, source in self._pending]
        self._pending.clear()
        bulk_insert(self.session, UnitAlias, rows)

    def _write_levels(self, levels: dict[int, UnitRow]) -> None:
        """One UPDATE per stored unit whose unknown level a document filled in (rare)."""
        table = Unit.__table__  # type: ignore[attr-defined]
        connection = self.session.connection()
        for unit_id, unit in sorted(levels.items()):
            connection.execute(table.update().where(table.c.id == unit_id)
                               .values(level=unit.level))
            # a loaded ORM object of it (an admin's upsert_unit) sees the new level
            loaded = self.session.identity_map.get(self.session.identity_key(Unit, unit_id))
            if loaded is not None:
                set_committed_value(loaded, "level", unit.level)
