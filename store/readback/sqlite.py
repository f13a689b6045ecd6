"""SQLite's maintenance pragmas: the journal mode, the integrity check, a WAL checkpoint,
the rollback journal a file had before the server switched it to WAL.

Each is a no-argument check or chore on a SQLite connection (PostgreSQL has none of them).

>>> from sqlmodel import create_engine
>>> engine = create_engine("sqlite://")
>>> with engine.connect() as connection:
...     journal_mode(connection=connection), integrity_check(connection=connection)
('memory', 'ok')
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def journal_mode(*, connection: Connection) -> str:
    """The journal mode of the database (``wal`` for the server's file database)."""
    return str(connection.execute(text("PRAGMA journal_mode")).scalar_one())


def integrity_check(*, connection: Connection) -> str:
    """SQLite's integrity check: ``ok``, or the first problem it found."""
    return str(connection.execute(text("PRAGMA integrity_check")).scalar_one())


def checkpoint_wal(*, connection: Connection) -> None:
    """Fold the write-ahead log into the main database file (a full checkpoint)."""
    connection.execute(text("PRAGMA wal_checkpoint(FULL)"))


def use_rollback_journal(*, connection: Connection) -> str:
    """Switch the file back to SQLite's default rollback journal; the mode now (``delete``)."""
    return str(connection.execute(text("PRAGMA journal_mode=DELETE")).scalar_one())
