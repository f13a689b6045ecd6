"""The rows an ingest's unit index keeps, and the look-ups that read them, as plain rows.

:class:`store.unit_index.UnitIndex` answers a batch's questions about units, aliases and
jurisdictions from memory; it holds them as the plain rows here (their columns, no ORM
state) and reads them with the fixed SQL texts here, sent to the driver's cursor of the
session's connection (:func:`store.bulk.run_driver`): one SQL text whatever the number of
values asked (a JSON array read by ``json_each`` on SQLite, an array with ``= ANY`` on
PostgreSQL), kept prepared by the driver.  Any other dialect runs the same look-up built
with SQLAlchemy (:func:`store.lists.among`; the units' in :mod:`store.unit_lookups`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from store.bulk import PLACEHOLDERS, run_driver
from store.tables import Jurisdiction

_JURISDICTION_COLUMNS = ("jurisdiction.id, jurisdiction.code, jurisdiction.name, "
                         "jurisdiction.full_name, jurisdiction.level, jurisdiction.parent_id")
JURISDICTIONS_SQL = {
    "sqlite": (f"SELECT {_JURISDICTION_COLUMNS} FROM jurisdiction "
               "WHERE jurisdiction.code IN (SELECT value FROM json_each(?))"),
    "postgresql": (f"SELECT {_JURISDICTION_COLUMNS} FROM jurisdiction "
                   "WHERE jurisdiction.code = ANY(%s)"),
}

# the units and aliases answering to the spellings asked of each jurisdiction asked
_UNIT_COLUMNS = "unit.id, unit.name, unit.level, unit.collective, unit.jurisdiction_id"
UNITS_NAMED_SQL = {
    "sqlite": (f"SELECT {_UNIT_COLUMNS} FROM unit "
               "WHERE unit.jurisdiction_id IN (SELECT value FROM json_each(?)) "
               "AND unit.name IN (SELECT value FROM json_each(?))"),
    "postgresql": (f"SELECT {_UNIT_COLUMNS} FROM unit "
                   "WHERE unit.jurisdiction_id = ANY(%s) AND unit.name = ANY(%s)"),
}
UNITS_BY_ID_SQL = {
    "sqlite": f"SELECT {_UNIT_COLUMNS} FROM unit WHERE unit.id IN (SELECT value FROM json_each(?))",
    "postgresql": f"SELECT {_UNIT_COLUMNS} FROM unit WHERE unit.id = ANY(%s)",
}
ALIASES_NAMED_SQL = {
    "sqlite": ("SELECT unitalias.unit_id, unitalias.alias, unit.jurisdiction_id FROM unitalias "
               "JOIN unit ON unit.id = unitalias.unit_id "
               "WHERE unit.jurisdiction_id IN (SELECT value FROM json_each(?)) "
               "AND unitalias.alias IN (SELECT value FROM json_each(?))"),
    "postgresql": ("SELECT unitalias.unit_id, unitalias.alias, unit.jurisdiction_id "
                   "FROM unitalias JOIN unit ON unit.id = unitalias.unit_id "
                   "WHERE unit.jurisdiction_id = ANY(%s) AND unitalias.alias = ANY(%s)"),
}


class JurisdictionRow(NamedTuple):
    """A jurisdiction as the index knows it: its columns, no ORM state."""

    id: int
    code: str | None
    name: str
    full_name: str
    level: str
    parent_id: int | None


class UnitRow:
    """A unit as the index knows it: its columns, no ORM state.  One object per stored
    id (the index keeps them by id, as a session's identity map would); a unit created
    by the index has no id until :meth:`store.unit_index.UnitIndex.write`."""

    __slots__ = ("collective", "id", "jurisdiction_id", "level", "name")

    def __init__(self, id: int | None, name: str, level: str, collective: bool,
                 jurisdiction_id: int) -> None:
        self.id, self.name, self.level = id, name, level
        self.collective, self.jurisdiction_id = collective, jurisdiction_id


def jurisdiction_row(jurisdiction: Jurisdiction) -> JurisdictionRow:
    """The plain row of a jurisdiction's ORM object."""
    assert jurisdiction.id is not None
    return JurisdictionRow(jurisdiction.id, jurisdiction.code, jurisdiction.name,
                           jurisdiction.full_name, jurisdiction.level, jurisdiction.parent_id)


def plain_rows(connection: Any, sql: dict[str, str], statements: dict[str, Any],
               params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of a look-up: its dialect's SQL text (positional parameters, in the order
    of ``params``) sent to the driver, else its statement of ``statements``
    (:func:`store.lists.per_dialect`)."""
    dialect = connection.dialect.name
    if dialect in sql and connection.dialect.paramstyle in PLACEHOLDERS:
        return run_driver(connection, sql[dialect], tuple(params.values()), fetch=True)
    statement = statements.get(dialect, statements[""])
    return [tuple(row) for row in connection.execute(statement, params).all()]
