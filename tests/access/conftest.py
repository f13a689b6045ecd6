"""The store fixtures (a migrated SQLite database with three city units) for access tests."""

from tests.store.conftest import db_file, session, sqlite_engine

__all__ = ["db_file", "session", "sqlite_engine"]
