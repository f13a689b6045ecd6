"""Chinese substring search over task text and target quotes.

Chinese has no spaces, so word tokenisers miss most queries; a substring match is what
users expect.  On PostgreSQL the migration adds ``pg_trgm`` GIN indexes (when the
extension can be created) so ``ILIKE '%…%'`` is served by an index; on SQLite the
search is a plain ``LIKE`` scan, which is fast enough for a single city's corpus
(thousands of tasks).  The indexes live outside ``SQLModel.metadata`` because they are
dialect-specific; :func:`include_object` keeps Alembic's comparison from reporting them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from store.tables import Document, Section, Target, Task, Unit

TRIGRAM_PREFIX = "ix_trgm_"
# (index name, table, column): the columns users search for Chinese phrases.
TRIGRAM_INDEXES = (
    ("ix_trgm_task_text", "task", "text"),
    ("ix_trgm_target_source_quote", "target", "source_quote"),
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic hook: ignore the dialect-specific trigram indexes when comparing schemas."""
    return not (type_ == "index" and name is not None and name.startswith(TRIGRAM_PREFIX))


def create_trigram_indexes(connection: Connection) -> bool:
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
    for name, table, column in TRIGRAM_INDEXES:
        connection.execute(
            text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")
        )
    return True


def drop_trigram_indexes(connection: Connection) -> None:
    """Drop the trigram indexes if present (the migration's downgrade)."""
    if connection.dialect.name != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
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


def tasks_containing(*, session: Session, phrase: str) -> list[Task]:
    """Tasks whose text contains ``phrase``, by document and start offset."""
    query = (select(Task).where(contains(Task.text, phrase))
             .order_by(col(Task.document_id), col(Task.start)))
    return list(session.exec(query).all())


def targets_quoting(*, session: Session, phrase: str) -> list[Target]:
    """Targets whose source sentence contains ``phrase``, by document and position."""
    query = (select(Target).where(contains(Target.source_quote, phrase))
             .order_by(col(Target.document_id), col(Target.source_start)))
    return list(session.exec(query).all())


def sections_headed(*, session: Session, phrase: str) -> list[Section]:
    """Sections whose heading contains ``phrase``, by document and start offset."""
    query = (select(Section).where(contains(Section.heading, phrase))
             .order_by(col(Section.document_id), col(Section.start)))
    return list(session.exec(query).all())


def units_named(*, session: Session, phrase: str) -> list[Unit]:
    """Units whose standard name contains ``phrase``, by name."""
    query = select(Unit).where(contains(Unit.name, phrase)).order_by(col(Unit.name))
    return list(session.exec(query).all())


def search_section_bodies(*, session: Session, phrase: str) -> list[tuple[Section, str]]:
    """Leaf sections whose body (heading line included) contains ``phrase``, with the body.

    Covers the text no task holds: a section with no responsible unit or deadline (a
    保障措施 clause on 考核) is still searchable.  Only leaves: a parent's span holds its
    children's text, which would repeat every hit.

    Returns
    -------
    list of (Section, str)
        In document order; the string is the section's text.
    """
    matching = select(Document.id, Document.text).where(contains(Document.text, phrase))
    found: list[tuple[Section, str]] = []
    for document_id, body_text in session.exec(matching).all():
        sections = session.exec(select(Section).where(Section.document_id == document_id)
                                .order_by(col(Section.start))).all()
        for i, section in enumerate(sections):
            later = sections[i + 1] if i + 1 < len(sections) else None
            if later is not None and later.start < section.end:
                continue  # its first child starts inside it: not a leaf
            body = body_text[section.start:section.end]
            if phrase in body:
                found.append((section, body))
    return found
