"""Tables by name, reflected from the database itself: rows of any migration revision.

The mapped models (:mod:`store.readback.rows`) describe the newest schema.  A migration
check writes the rows a previous release stored into a database at that release's
revision, upgrades it and reads what the upgrade left; a dump reads every table there is.
Both need the tables as the database has them, so these functions reflect them on each
call (cheap next to a migration, and never on a request path).

>>> from sqlmodel import SQLModel, create_engine
>>> import datetime as dt
>>> import store.audit
>>> engine = create_engine("sqlite://")
>>> SQLModel.metadata.create_all(engine)
>>> with engine.begin() as connection:
...     first = insert_row(connection=connection, table="audit_entry",
...                        values={"action": "urge", "target": "unit:1", "actor": "cli",
...                                "at": dt.datetime(2019, 1, 2), "outcome": "ok"})
...     _ = insert_row(connection=connection, table="audit_entry",
...                    values={"action": "revoke_token", "target": "token:a", "actor": "cli",
...                            "at": dt.datetime(2019, 1, 3), "outcome": "ok"})
...     table_rows(connection=connection, table="audit_entry", columns=["id", "action"],
...                order_by=["id"])
[(1, 'urge'), (2, 'revoke_token')]
>>> first
1
>>> with engine.connect() as connection:
...     table_rows(connection=connection, table="audit_entry", columns=["target"],
...                where={"action": "revoke_token"})
[('token:a',)]
>>> with engine.connect() as connection:
...     sorted(index_names(connection=connection, prefix="ix_audit_entry_a"))
['ix_audit_entry_action_at_id', 'ix_audit_entry_actor_at_id', 'ix_audit_entry_at_id']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import MetaData, Table, insert, inspect, select
from sqlalchemy.engine import Connection


def _table(connection: Connection, table: str | Table) -> Table:
    if isinstance(table, Table):
        return table
    return Table(table, MetaData(), autoload_with=connection)


def table_rows(*, connection: Connection, table: str | Table, columns: Sequence[str] = (),
               where: Mapping[str, object] | None = None,
               order_by: Sequence[str] = ()) -> list[tuple[Any, ...]]:
    """``columns`` (every column when empty) of the rows of ``table`` whose columns equal
    ``where``'s values, in ``order_by`` column order (the database's order when empty).

    ``table`` is a name, reflected as the database has it now, or a ``Table`` to read as
    it is described.
    """
    found = _table(connection, table)
    chosen = [found.c[name] for name in columns] or list(found.c)
    statement = (select(*chosen)
                 .where(*(found.c[name] == value for name, value in (where or {}).items()))
                 .order_by(*(found.c[name] for name in order_by)))
    return [tuple(row) for row in connection.execute(statement).all()]


def insert_row(*, connection: Connection, table: str, values: Mapping[str, object]) -> Any:
    """Insert one row of ``values`` into ``table`` (reflected); return its primary key
    (the first column of it)."""
    found = _table(connection, table)
    result = connection.execute(insert(found).values(dict(values)))
    key = result.inserted_primary_key
    return key[0] if key else None


def index_names(*, connection: Connection, prefix: str = "") -> list[str]:
    """Names of the indexes of every table that start with ``prefix``, sorted."""
    inspector = inspect(connection)
    return sorted(index["name"] for name in inspector.get_table_names()
                  for index in inspector.get_indexes(name)
                  if index["name"] and index["name"].startswith(prefix))
