"""Copy a whole database into another: a city's SQLite file into the province's PostgreSQL.

One machine serves a city on the embedded SQLite default; when a province outgrows it,
several server processes share one PostgreSQL.  Re-ingesting every document there would
lose what people added since (progress reports, corrections, review decisions, tokens,
the audit trail) and take hours; :func:`copy_database` copies every row of every table
instead, in dependency order, in one transaction on the target, then moves the
target's id sequences past the copied ids so new rows do not collide.

The source is only read, never migrated or created: it must already be at the newest
schema revision (``policygraph db upgrade`` on it first), as must the target, and the target
must hold no documents: the seed rows the migrations write there are replaced.  The
search index is not copied: SQLite's full-text tables are filled by their triggers on
insert, PostgreSQL's trigram indexes by the database itself.

Examples
--------
>>> from sqlmodel import Session
>>> from store.crud.documents import count_documents
>>> from store.db import make_engine
>>> from store.ingest import load_bundled
>>> source, target = make_engine("sqlite://"), make_engine("sqlite://")
>>> _ = load_bundled(engine=source)
>>> from store.setup import init_db
>>> init_db(target)
>>> copied = copy_database(source=source, target=target)
>>> copied["document"], copied["task"] > 0
(2, True)
>>> with Session(target) as session:
...     count_documents(session=session)
2
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Integer, Table, delete, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from store.setup import current_revision, head_revision, import_table_modules

CHUNK = 5000
"""Rows read and written at once: memory stays bounded whatever the table's size."""

Progress = Callable[[str, int], None]
"""Called with a table's name and how many of its rows are copied so far."""


class TransferError(ValueError):
    """The two databases cannot be copied one into the other."""


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    import_table_modules()
    return [t for t in SQLModel.metadata.sorted_tables if t.name != "alembic_version"]


def copy_database(*, source: Engine, target: Engine, progress: Progress | None = None,
                  chunk: int = CHUNK) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``; return the rows copied per table.

    Raises
    ------
    TransferError
        When the source does not exist or is not at the newest schema revision, the
        revisions differ, or the target already holds documents.
    """
    check_source(source)
    revision = current_revision(source)
    if revision is None or revision != current_revision(target):
        raise TransferError(f"schema revisions differ: source {revision}, target "
                            f"{current_revision(target)} (run `policygraph db upgrade` on both)")
    ordered = tables()
    copied: dict[str, int] = {}
    with source.connect() as reading, target.begin() as writing:
        if reading.dialect.name == "sqlite":
            reading.exec_driver_sql("BEGIN")  # one snapshot of the source throughout
        documents = next(t for t in ordered if t.name == "document")
        if writing.execute(select(func.count()).select_from(documents)).scalar_one():
            raise TransferError("the target already holds documents: copy into an empty, "
                                "migrated database")
        for table in reversed(ordered):  # the migrations' seed rows, children first
            writing.execute(delete(table))
        for table in ordered:
            copied[table.name] = _copy_table(reading, writing, table, progress, chunk)
        if writing.dialect.name == "postgresql":
            for table in ordered:
                _move_sequence(writing, table)
    return copied


def check_source(source: Engine) -> None:
    """Raise :class:`TransferError` for a source the copy would have to create or migrate:
    copying never changes its source."""
    url = source.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        raise TransferError(f"there is no database at {url.database}")
    revision, newest = current_revision(source), head_revision()
    if revision != newest:
        raise TransferError(f"the source is at schema revision {revision}, not the newest "
                            f"({newest}): run `policygraph db upgrade` on it first (a copy "
                            "never changes its source)")


def _copy_table(reading: Connection, writing: Connection, table: Table,
                progress: Progress | None, chunk: int) -> int:
    done = 0
    rows = reading.execution_options(yield_per=chunk).execute(select(table))
    for part in rows.partitions(chunk):
        writing.execute(table.insert(), [dict(row._mapping) for row in part])
        done += len(part)
        if progress is not None:
            progress(table.name, done)
    return done


def _move_sequence(writing: Connection, table: Table) -> None:
    """Set the sequence of an integer id past the largest copied id (PostgreSQL)."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or not isinstance(keys[0].type, Integer):
        return
    sequence = writing.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                               {"table": table.name, "column": keys[0].name}).scalar_one()
    if sequence is None:
        return
    largest = writing.execute(select(func.max(keys[0]))).scalar_one()
    writing.execute(text("SELECT setval(:sequence, :value, :called)"),
                    {"sequence": sequence, "value": largest or 1,
                     "called": largest is not None})
