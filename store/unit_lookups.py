"""The unit index's look-ups built with SQLAlchemy, once per dialect.

:class:`store.unit_index.UnitIndex` sends the fixed SQL texts of :mod:`store.unit_rows`
to the driver on SQLite and PostgreSQL; any other dialect runs these statements instead,
the same look-ups with the same columns: units by jurisdiction and name, units by id, and
aliases by jurisdiction and alias.  Their lists are bound when executed
(:func:`store.lists.among`).
"""

from __future__ import annotations

from sqlalchemy import select as sa_select
from sqlmodel import col

from store.lists import among, per_dialect
from store.tables import Unit, UnitAlias

# The look-ups every document makes, built once (their lists bound when executed): building
# a statement with its IN lists cost more than SQLite took to answer it.  Sent to the driver
# as the SQL texts of store.unit_rows on SQLite and PostgreSQL; these for any other dialect.
UNITS_NAMED = per_dialect(lambda dialect: sa_select(
    col(Unit.id), col(Unit.name), col(Unit.level), col(Unit.collective),
    col(Unit.jurisdiction_id)).where(among(Unit.jurisdiction_id, "ids", dialect),
                                     among(Unit.name, "names", dialect)))
UNITS_BY_ID = per_dialect(lambda dialect: sa_select(
    col(Unit.id), col(Unit.name), col(Unit.level), col(Unit.collective),
    col(Unit.jurisdiction_id)).where(among(Unit.id, "ids", dialect)))
ALIASES_NAMED = per_dialect(lambda dialect: sa_select(
    col(UnitAlias.unit_id), col(UnitAlias.alias), col(Unit.jurisdiction_id))
    .join(Unit, col(Unit.id) == col(UnitAlias.unit_id))
    .where(among(Unit.jurisdiction_id, "ids", dialect), among(UnitAlias.alias, "names", dialect)))
