"""The substring index the search reads on SQLite: FTS5 tables with the ``trigram`` tokenizer.

One contentless FTS5 table per searched column (``search_task`` holds ``task.text`` …),
its rowid the row's id, kept in step by triggers on the base table, so every writer
(ingest, corrections, deletes) keeps it current without knowing it exists.  The index
only narrows the rows: the caller still applies the ``LIKE`` condition, so a hit is
exactly what the substring scan found.

A trigram index answers a phrase of three characters or more.  For one or two
characters each indexed value carries two :data:`SENTINEL` characters at its end, so
every occurrence of the phrase starts some trigram; the trigrams starting with the
phrase are read from the index's vocabulary (a range over its terms) and matched
together.  Cased (Latin) short phrases, and short phrases starting more than
:data:`MAX_TERMS` distinct trigrams, scan instead (the tokenizer folds case in its own
way; a very common character would expand to most of the vocabulary).

Needs SQLite 3.34 or later (the ``trigram`` tokenizer); :func:`usable` says whether the
tables exist.
"""

from __future__ import annotations

from sqlalchemy import TextClause, text
from sqlalchemy.engine import Connection
from sqlmodel import Session

SENTINEL = "\x1f"
"""Appended twice to every indexed value (never searched for: a control character)."""

MAX_TERMS = 400
"""The most trigrams a one- or two-character phrase expands to before it scans."""

# (FTS table, base table, column): the columns the search reads.
INDEXED = (
    ("search_task", "task", "text"),
    ("search_target", "target", "source_quote"),
    ("search_section", "section", "heading"),
    ("search_document", "document", "text"),
    ("search_unit", "unit", "name"),
)
MIN_SQLITE = (3, 34, 0)


def value(row: str, column: str) -> str:
    """The SQL of the indexed value of ``row``'s ``column`` (sentinels appended)."""
    return f"coalesce({row}.{column}, '') || char(31, 31)"


def create_search_index(connection: Connection) -> bool:
    """Create the FTS5 tables, fill them from the stored rows and add the triggers
    (SQLite 3.34 or later); report whether they exist."""
    if connection.dialect.name != "sqlite" or sqlite_version(connection) < MIN_SQLITE:
        return False
    for fts, table, column in INDEXED:
        connection.execute(text(
            f"CREATE VIRTUAL TABLE {fts} USING fts5(body, tokenize='trigram', content='')"))
        connection.execute(text(
            f"INSERT INTO {fts}(rowid, body) SELECT id, {value(table, column)} FROM {table}"))
    create_triggers(connection)
    create_vocabularies(connection)
    return True


def create_triggers(connection: Connection) -> None:
    """The triggers keeping each FTS table in step with its column on every write."""
    for fts, table, column in INDEXED:
        delete = (f"INSERT INTO {fts}({fts}, rowid, body) "
                  f"VALUES ('delete', old.id, {value('old', column)});")
        insert = f"INSERT INTO {fts}(rowid, body) VALUES (new.id, {value('new', column)});"
        connection.execute(text(
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END"))
        connection.execute(text(
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END"))
        connection.execute(text(
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF id, {column} ON {table} "
            f"BEGIN {delete} {insert} END"))


def drop_triggers(connection: Connection) -> None:
    """Drop the triggers of every FTS table, if present."""
    for fts, _table, _column in INDEXED:
        for event in ("insert", "delete", "update"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {fts}_{event}"))


def drop_search_index(connection: Connection) -> None:
    """Drop the triggers and FTS5 tables if present (the migration's downgrade)."""
    if connection.dialect.name != "sqlite":
        return
    drop_vocabularies(connection)
    drop_triggers(connection)
    for fts, _table, _column in INDEXED:
        connection.execute(text(f"DROP TABLE IF EXISTS {fts}"))


def sqlite_version(connection: Connection) -> tuple[int, ...]:
    """The linked SQLite library's version, as numbers."""
    found = connection.execute(text("SELECT sqlite_version()")).scalar_one()
    return tuple(int(part) for part in str(found).split("."))


def usable(session: Session, fts: str) -> bool:
    """Whether the FTS table ``fts`` exists (SQLite, migrated, new enough)."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    # on the driver (SQLite's qmark style): asked by every search, it is cheap in SQL
    found = session.connection().exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (fts,)).first()
    return found is not None


def quoted(term: str) -> str:
    """An FTS5 string literal: the term in double quotes, its own quotes doubled.

    >>> print(quoted('他说"好"了'))
    "他说""好""了"
    """
    return '"' + term.replace('"', '""') + '"'


def match_expression(session: Session, fts: str, phrase: str) -> str | None:
    """The FTS5 query finding every row whose value contains ``phrase``: ``None`` when
    the index cannot narrow the search (the caller scans), ``""`` when no row can match."""
    if len(phrase) >= 3:
        return quoted(phrase)
    if any(c.lower() != c or c.upper() != c for c in phrase) or SENTINEL in phrase:
        return None
    # the trigrams starting with the phrase: its occurrences followed by anything
    terms = session.execute(text(
        f"SELECT term FROM {fts}_terms WHERE term >= :low AND term < :high LIMIT :cap"),
        {"low": phrase, "high": phrase + "\U0010ffff", "cap": MAX_TERMS + 1}).scalars().all()
    if len(terms) > MAX_TERMS:
        return None
    return " OR ".join(quoted(t) for t in terms)  # empty: no value contains the phrase


def create_vocabularies(connection: Connection) -> None:
    """The ``fts5vocab`` tables listing each index's trigrams (read for short phrases)."""
    for fts, _table, _column in INDEXED:
        connection.execute(text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts}_terms USING fts5vocab({fts}, row)"))


def drop_vocabularies(connection: Connection) -> None:
    """Drop the vocabulary tables (before their FTS tables)."""
    if connection.dialect.name != "sqlite":
        return
    for fts, _table, _column in INDEXED:
        connection.execute(text(f"DROP TABLE IF EXISTS {fts}_terms"))


def matching_ids(fts: str, expression: str) -> TextClause:
    """The SQL selecting the rowids of ``fts`` matching ``expression``."""
    return text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :match").bindparams(
        match=expression)
