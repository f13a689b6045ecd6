"""Inserting many rows at once and learning their ids.

The ingest writes a document's tasks, units, places and review items with one statement
per table; the facts that point at them need their ids.  The rows are plain dictionaries
sent through the session's connection (its transaction, savepoints included), not
through the ORM's execution path: these are Core statements, and the ORM's per-statement
work was a measurable part of each document's cost.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session, SQLModel


def insert_ids(session: Session, table: type[SQLModel], rows: list[dict[str, Any]],
               keys: tuple[str, ...]) -> list[int]:
    """INSERT ``rows`` into ``table`` with one statement; their ids, in the order given.

    Each row is matched to its id by its ``keys`` columns, which must tell the rows apart
    (a unique constraint of the table does), never by the order RETURNING gives: SQLite
    does not promise one, and SQLAlchemy asked to keep the order sends one statement per
    row there.
    """
    if not rows:
        return []
    core = table_of(table)
    columns = [core.c.id, *(core.c[key] for key in keys)]
    found = {tuple(row[1:]): row[0]
             for row in session.connection().execute(insert(core).returning(*columns), rows)}
    return [found[tuple(row[key] for key in keys)] for row in rows]


def insert_one(session: Session, table: type[SQLModel], row: dict[str, Any]) -> int:
    """INSERT one plain row into ``table`` (no ORM object, no flush); its new id."""
    result = session.connection().execute(insert(table_of(table)).values(row))
    key = result.inserted_primary_key
    assert key is not None and key[0] is not None
    return int(key[0])


def bulk_insert(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` into ``table`` in one statement (nothing when there are none).

    Every row names the same columns.  The table's Core form is used: the ORM's bulk
    INSERT splits the rows into one statement per set of columns holding ``None``.
    """
    if rows:
        session.connection().execute(insert(table_of(table)), rows)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a mapped model."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table
