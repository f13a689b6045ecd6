"""Chinese substring search over task text and target quotes.

Chinese has no spaces, so word tokenisers miss most queries; a substring match is what
users expect.  On PostgreSQL the migrations add ``pg_trgm`` GIN indexes (when the
extension can be created) so ``LIKE '%…%'`` is served by an index; on SQLite the FTS5
trigram tables of :mod:`store.search_index` narrow the rows the ``LIKE`` reads.  Each
function takes a ``limit`` so the bound is applied in SQL.  The indexes live outside ``SQLModel.metadata`` because they are
dialect-specific; :func:`include_object` keeps Alembic's comparison from reporting them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from store.search_index import match_expression, matching_ids, usable
from store.tables import Document, Section, Target, Task, Unit

TRIGRAM_PREFIX = "ix_trgm_"
SEARCH_TABLE_PREFIX = "search_"  # SQLite's FTS5 tables (store.search_index)
# (index name, table, column): the columns users search for Chinese phrases.
TRIGRAM_INDEXES = (
    ("ix_trgm_task_text", "task", "text"),
    ("ix_trgm_target_source_quote", "target", "source_quote"),
)
# the other searched columns (migration 0012): headings, document text, unit names
MORE_TRIGRAM_INDEXES = (
    ("ix_trgm_section_heading", "section", "heading"),
    ("ix_trgm_document_text", "document", "text"),
    ("ix_trgm_unit_name", "unit", "name"),
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic hook: ignore the dialect-specific search indexes (PostgreSQL's trigram
    indexes, SQLite's FTS5 tables and their shadow tables) when comparing schemas."""
    if name is None:
        return True
    return not ((type_ == "index" and name.startswith(TRIGRAM_PREFIX))
                or (type_ == "table" and name.startswith(SEARCH_TABLE_PREFIX)))


def create_trigram_indexes(connection: Connection,
                           indexes: tuple[tuple[str, str, str], ...] = TRIGRAM_INDEXES) -> bool:
    """Create the ``pg_trgm`` GIN indexes on PostgreSQL; report whether they exist.

    Creating the extension needs privileges a hosted database may not grant; that is not
    an error, searches then fall back to sequential scans.  The attempt runs in a
    savepoint so a refusal does not abort the migration's transaction.
    """
    if connection.dialect.name != "postgresql":
        return False
    try:
        with connection.begin_nested():
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception:  # any refusal (privileges, missing contrib) means: skip
        return False
    for name, table, column in indexes:
        connection.execute(
            text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")
        )
    return True


def drop_trigram_indexes(connection: Connection,
                         indexes: tuple[tuple[str, str, str], ...] = TRIGRAM_INDEXES) -> None:
    """Drop the trigram indexes if present (the migration's downgrade)."""
    if connection.dialect.name != "postgresql":
        return
    for name, _table, _column in indexes:
        connection.execute(text(f"DROP INDEX IF EXISTS {name}"))


def like_pattern(phrase: str) -> str:
    """A ``LIKE`` pattern matching ``phrase`` anywhere, its ``%``, ``_`` and ``\\`` literal
    (used with ``escape="\\"``).

    >>> print(like_pattern("50%_以上"))
    %50\\%\\_以上%
    """
    escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, phrase: str) -> ColumnElement[bool]:
    """The condition ``column`` contains ``phrase`` literally (see :func:`like_pattern`)."""
    return col(column).like(like_pattern(phrase), escape="\\")


def narrowed(session: Session, query: Any, id_column: Any, fts: str, phrase: str) -> Any:
    """``query`` limited to the rows the substring index says may contain ``phrase``
    (SQLite's FTS5 tables, :mod:`store.search_index`); ``None`` when none can.

    The ``LIKE`` condition stays on the query: the index only narrows the rows read.
    PostgreSQL's ``pg_trgm`` GIN indexes serve the ``LIKE`` itself, so it is unchanged.
    """
    if not usable(session, fts):
        return query
    expression = match_expression(session, fts, phrase)
    if expression is None:
        return query
    if not expression:
        return None
    return query.where(col(id_column).in_(matching_ids(fts, expression)))


def _rows(session: Session, query: Any, limit: int | None) -> list[Any]:
    if query is None or limit == 0:
        return []
    return list(session.exec(query.limit(limit) if limit is not None else query).all())


def tasks_containing(*, session: Session, phrase: str, limit: int | None = None) -> list[Task]:
    """Tasks whose text contains ``phrase``, by document and start offset (the first
    ``limit``)."""
    query = (select(Task).where(contains(Task.text, phrase))
             .order_by(col(Task.document_id), col(Task.start), col(Task.id)))
    return _rows(session, narrowed(session, query, Task.id, "search_task", phrase), limit)


def targets_quoting(*, session: Session, phrase: str, limit: int | None = None
                    ) -> list[Target]:
    """Targets whose source sentence contains ``phrase``, by document and position (the
    first ``limit``)."""
    query = (select(Target).where(contains(Target.source_quote, phrase))
             .order_by(col(Target.document_id), col(Target.source_start), col(Target.id)))
    return _rows(session, narrowed(session, query, Target.id, "search_target", phrase), limit)


def sections_headed(*, session: Session, phrase: str, limit: int | None = None
                    ) -> list[Section]:
    """Sections whose heading contains ``phrase``, by document and start offset (the
    first ``limit``)."""
    query = (select(Section).where(contains(Section.heading, phrase))
             .order_by(col(Section.document_id), col(Section.start)))
    return _rows(session, narrowed(session, query, Section.id, "search_section", phrase),
                 limit)


def units_named(*, session: Session, phrase: str, limit: int | None = None) -> list[Unit]:
    """Units whose standard name contains ``phrase``, by name (the first ``limit``)."""
    query = select(Unit).where(contains(Unit.name, phrase)).order_by(col(Unit.name))
    return _rows(session, narrowed(session, query, Unit.id, "search_unit", phrase), limit)


def search_section_bodies(*, session: Session, phrase: str) -> Iterator[tuple[Section, str]]:
    """Leaf sections whose body (heading line included) contains ``phrase``, with the body.

    Covers the text no task holds: a section with no responsible unit or deadline (a
    保障措施 clause on 考核) is still searchable.  Only leaves: a parent's span holds its
    children's text, which would repeat every hit.

    Yields
    ------
    (Section, str)
        In document order; the string is the section's text.  Read one document at a
        time, so a caller stopping early reads no more documents.
    """
    query = (select(Document.id).where(contains(Document.text, phrase))
             .order_by(col(Document.id)))
    for document_id in _rows(session, narrowed(session, query, Document.id,
                                               "search_document", phrase), None):
        body_text = session.exec(select(Document.text).where(Document.id == document_id)).one()
        sections = session.exec(select(Section).where(Section.document_id == document_id)
                                .order_by(col(Section.start))).all()
        for i, section in enumerate(sections):
            later = sections[i + 1] if i + 1 < len(sections) else None
            if later is not None and later.start < section.end:
                continue  # its first child starts inside it: not a leaf
            body = body_text[section.start:section.end]
            if phrase in body:
                yield section, body
