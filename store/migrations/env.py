"""Alembic environment: the target metadata is SQLModel's, filled by ``store.tables``.

``store.setup.init_db`` hands an open connection in through ``config.attributes``;
run by hand, the URL comes from the settings (``POLICYGRAPH_DATABASE_URL`` or
``DATABASE_URL``, :func:`settings.read_settings`) or ``alembic.ini``.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

from store.search import include_object
from store.setup import import_table_modules

import_table_modules()  # registers every table on SQLModel.metadata

config = context.config
target_metadata = SQLModel.metadata


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (``alembic upgrade --sql``)."""
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the connection given by ``init_db``, else one made from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    from settings import read_settings  # Alembic's own command line is an edge too

    section = config.get_section(config.config_ini_section, {})
    configured = read_settings().database_url
    if configured:
        section["sqlalchemy.url"] = configured
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
