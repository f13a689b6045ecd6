"""Bring a database to the current schema by running Alembic programmatically."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

STORE_DIR = Path(__file__).resolve().parent
#: The PostgreSQL advisory lock migrations hold (any constant the project owns).
MIGRATION_LOCK = 7_240_917
# Every module defining tables; Alembic's env.py imports them all so comparisons and
# autogenerate see the whole schema, not just the extraction tables.
TABLE_MODULES = ("store.tables", "store.curation_tables", "store.progress.tables",
                 "store.tokens", "store.audit", "store.silences", "store.outbox",
                 "store.idempotency", "store.urges", "store.rate_limits")


def import_table_modules() -> None:
    """Import every table module so that ``SQLModel.metadata`` holds the whole schema."""
    for name in TABLE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside the module
                raise


def alembic_config() -> Config:
    """The Alembic configuration shipped inside the package (``store/alembic.ini``)."""
    config = Config(str(STORE_DIR / "alembic.ini"))
    # Absolute, so it works whatever the working directory or install location.
    config.set_main_option("script_location", str(STORE_DIR / "migrations"))
    return config


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for migrations, committed at the end.

    On SQLite foreign keys are switched off for it (the pragma only takes effect
    outside a transaction, so before it begins): batch mode rebuilds a table by copying
    it and dropping the original, and the drop would otherwise delete, through ON
    DELETE CASCADE, every row that points at it.  Before committing, every foreign key
    is checked; they are switched on again afterwards.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegun (empty) transaction
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # several server processes starting at once migrate one after another
                    # (the later ones find the database at head); released at commit
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left rows pointing nowhere: {broken[:5]}")
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def init_db(engine: Engine) -> None:
    """Run ``alembic upgrade head`` against ``engine``; a no-op when already current.

    Parameters
    ----------
    engine
        Any SQLAlchemy engine (SQLite file or PostgreSQL).
    """
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revision() -> str | None:
    """The newest revision shipped in ``store/migrations/versions``."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` for an unmigrated database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
