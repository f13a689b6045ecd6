"""Filling SQLite's search index once per ingest batch instead of once per row.

The FTS5 tables of :mod:`store.search_index` are kept in step by triggers, a statement
per inserted row; an ingest batch inserts thousands of rows.  While a batch is open its
transaction holds one row per FTS table in ``search_deferred``: the highest id the table
had when the batch began (the *watermark*).  The triggers leave rows above it alone
(inserted, updated or deleted), and :func:`fill` indexes them all with one
``INSERT … SELECT`` per table just before the batch commits, then deletes the rows of
``search_deferred``.  Rows at or below the watermark (a document updated in place, a
unit renamed, an id reused after a delete) go through the triggers as before, and so
does every other writer: without a ``search_deferred`` row the triggers are 0012's.

The deferral is made and undone inside one transaction, so it is never committed: a
batch that fails or a process that dies rolls it back with the rows it covered.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from store.search_index import INDEXED, create_triggers, drop_triggers, value

DEFERRED = "search_deferred"


def _skip(fts: str, row: str) -> str:
    """The condition true when ``row`` is above ``fts``'s watermark of a deferring batch."""
    return (f"EXISTS (SELECT 1 FROM {DEFERRED} WHERE fts = '{fts}' "
            f"AND {row}.id > watermark)")


def create_deferrable_triggers(connection: Connection) -> bool:
    """Create ``search_deferred`` and replace the triggers with ones that leave the rows
    above a deferring batch's watermark to :func:`fill` (migration 0014); report whether
    the search index exists to be deferred."""
    if not _has_index(connection):
        return False
    connection.execute(text(f"CREATE TABLE {DEFERRED} (fts TEXT PRIMARY KEY, "
                            "watermark INTEGER NOT NULL)"))
    drop_triggers(connection)
    for fts, table, column in INDEXED:
        delete = (f"INSERT INTO {fts}({fts}, rowid, body) SELECT 'delete', old.id, "
                  f"{value('old', column)} WHERE NOT {_skip(fts, 'old')};")
        insert = (f"INSERT INTO {fts}(rowid, body) SELECT new.id, {value('new', column)} "
                  f"WHERE NOT {_skip(fts, 'new')};")
        connection.execute(text(
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} "
            f"WHEN NOT {_skip(fts, 'new')} BEGIN {insert} END"))
        connection.execute(text(
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} "
            f"WHEN NOT {_skip(fts, 'old')} BEGIN {delete} END"))
        # old and new ids may fall on either side of the watermark: each half decides
        connection.execute(text(
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF id, {column} ON {table} "
            f"BEGIN {delete} {insert} END"))
    return True


def restore_triggers(connection: Connection) -> None:
    """Back to migration 0012's triggers, without ``search_deferred`` (the downgrade)."""
    if not _has_index(connection):
        return
    drop_triggers(connection)
    create_triggers(connection)
    connection.execute(text(f"DROP TABLE IF EXISTS {DEFERRED}"))


def defer(connection: Connection) -> bool:
    """Start deferring in the caller's (open) transaction: each FTS table's watermark is
    its base table's highest id now.  False when there is nothing to defer (PostgreSQL,
    an index without ``search_deferred``)."""
    if connection.dialect.name != "sqlite" or not _has_table(connection, DEFERRED):
        return False
    for fts, table, _column in INDEXED:
        connection.execute(text(
            f"INSERT INTO {DEFERRED}(fts, watermark) "
            f"SELECT :fts, coalesce(max(id), 0) FROM {table}"), {"fts": fts})
    return True


def fill(connection: Connection) -> None:
    """Index every row above the watermarks and stop deferring, in the caller's
    transaction (before it commits)."""
    for fts, table, column in INDEXED:
        connection.execute(text(
            f"INSERT INTO {fts}(rowid, body) SELECT id, {value(table, column)} FROM {table} "
            f"WHERE id > (SELECT watermark FROM {DEFERRED} WHERE fts = :fts)"), {"fts": fts})
    connection.execute(text(f"DELETE FROM {DEFERRED}"))


def _has_index(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite" and _has_table(connection, INDEXED[0][0])


def _has_table(connection: Connection, name: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                    "name = :name"), {"name": name}).first()
    return found is not None
