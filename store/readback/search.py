"""Reading the search indexes back: SQLite's FTS5 tables and triggers, a PostgreSQL plan.

For tests checking that the index exists, holds what the rows hold, and is what a
query reads.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from store.search_index import quoted


def schema_names(*, connection: Connection, kind: str, prefix: str) -> list[str]:
    """The names of SQLite's ``kind`` objects (``table``, ``trigger``) starting with
    ``prefix``, sorted."""
    found = connection.execute(text(
        "SELECT name FROM sqlite_master WHERE type = :kind AND substr(name, 1, :n) = :prefix "
        "ORDER BY name"), {"kind": kind, "n": len(prefix), "prefix": prefix})
    return list(found.scalars().all())


def indexed_rowids(*, connection: Connection, fts: str, phrase: str) -> list[int]:
    """The rowids the FTS5 table ``fts`` holds ``phrase`` (three characters or more) for."""
    found = connection.execute(text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :phrase "
                                    "ORDER BY rowid"), {"phrase": quoted(phrase)})
    return [int(r) for r in found.scalars().all()]


def like_plan(*, connection: Connection, table: str, column: str, phrase: str) -> str:
    """PostgreSQL's executed plan for ``column LIKE '%phrase%'`` on ``table``, sequential
    scans discouraged (the tests' tables are small enough that a scan would be cheaper)."""
    connection.execute(text("SET LOCAL enable_seqscan = off"))
    found = connection.execute(text(
        f"EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM {table} WHERE {column} LIKE :pattern"),
        {"pattern": f"%{phrase}%"})
    return "\n".join(found.scalars().all())


def indexed_instances(*, connection: Connection, fts: str) -> list[tuple[str, int, int]]:
    """Every ``(trigram, rowid, offset)`` the FTS5 table ``fts`` holds, sorted: what an
    index holds exactly, comparable with another one (a contentless table cannot give
    its values back)."""
    connection.execute(text(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts}_instances "
        f"USING fts5vocab(main, {fts}, instance)"))
    found = connection.execute(text(
        f"SELECT term, doc, offset FROM temp.{fts}_instances ORDER BY term, doc, offset"))
    return [(str(term), int(doc), int(offset)) for term, doc, offset in found.all()]


def trigger_sql(*, connection: Connection, prefix: str) -> dict[str, str]:
    """The SQL of each SQLite trigger whose name starts with ``prefix``, by name."""
    found = connection.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND substr(name, 1, :n) = :prefix"), {"n": len(prefix), "prefix": prefix})
    return {str(name): str(sql) for name, sql in found.all()}
