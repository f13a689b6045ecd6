"""Engine and sessions.  Any SQLAlchemy URL (the setting ``POLICYGRAPH_DATABASE_URL`` or
``DATABASE_URL``, read at the edges and passed in); the default is an SQLite file in
``data/policygraph.db`` (the embedded single-city deployment)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "policygraph.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else the bundled SQLite file.

    >>> database_url("sqlite://"), database_url(None).endswith("data/policygraph.db")
    ('sqlite://', True)
    """
    return url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: str | None = None, *, read_only: bool = False,
                **kwargs: object) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout so several
    processes can share the file without 'database is locked' on every write.

    With ``read_only`` a SQLite file keeps its journal mode (switching to WAL rewrites
    its header: a source that is only read, as ``db copy``'s, is left as it was) and
    refuses writes; other databases are unaffected.
    """
    resolved = database_url(url)
    # Bare postgres URLs (as Heroku-style hosts hand them out) get the installed driver.
    for bare in ("postgresql://", "postgres://"):
        if resolved.startswith(bare):
            resolved = "postgresql+psycopg://" + resolved[len(bare) :]
    if resolved.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
    engine = create_engine(resolved, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_reading if read_only else _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_reading(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


#: The PostgreSQL advisory lock a transaction storing documents holds ('pgdw': documents
#: written), so two processes never store at once (any constant the project owns).
DOCUMENT_WRITER_LOCK = 0x70676477
_WRITER_OF = "policygraph_document_writer"  # session.info: the transaction holding the lock


def writing(session: Session) -> None:
    """Make ``session``'s transaction the one that stores documents, before it reads.

    Storing a document reads which units, aliases, places and jurisdictions exist and
    inserts those it lacks.  Two transactions doing that at once (two processes, or an
    upload beside the command line) would both read "absent" and the second would fail
    on the unique constraints.  So the second waits for the first to end, then reads
    what it committed: on SQLite by taking the write lock now (``BEGIN IMMEDIATE``, as
    long as the busy timeout allows), on PostgreSQL by an advisory lock held to the end
    of the transaction.  Readers never wait for either.  Call it first, before the
    transaction reads; calling it again in the same transaction costs nothing (no second
    statement), and other databases are left alone.
    """
    name = session.get_bind().dialect.name
    if name == "sqlite":
        connection = session.connection()
        # The driver begins no transaction before a read: without an explicit BEGIN a
        # savepoint's release would commit on its own, and reads would meet a snapshot
        # another writer has moved on from.
        if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif name == "postgresql":
        session.connection()  # begins the transaction the lock is held for
        transaction = session.get_transaction()
        if session.info.get(_WRITER_OF) is not transaction:  # once a transaction, not a document
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": DOCUMENT_WRITER_LOCK})
            session.info[_WRITER_OF] = transaction


@contextmanager
def consistent_read(engine: Engine) -> Iterator[Session]:
    """A read-only session whose every query sees the database as of its first one.

    Reading many tables one ``SELECT`` at a time otherwise sees an ingest that commits
    in between half before and half after (a graph built that way had edges to rows
    that were gone).  PostgreSQL runs the session at ``REPEATABLE READ``; SQLite's
    driver starts no transaction for a ``SELECT``, so one is begun explicitly: under WAL
    it reads one snapshot until it ends, without blocking writers.
    """
    with Session(engine, expire_on_commit=False) as session:
        if engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        elif engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN")
        try:
            yield session
        finally:
            session.rollback()  # nothing was written; ends the read transaction
