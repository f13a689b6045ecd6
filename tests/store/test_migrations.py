"""The Alembic migration builds exactly the schema the SQLModel tables describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from store.readback import table_rows
from store.search import include_object
from store.setup import current_revision, head_revision, import_table_modules, init_db

import_table_modules()


def test_migrated_schema_has_no_difference_from_the_sqlmodel_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_migration_creates_every_table_of_the_metadata(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {
        "document", "section", "citation", "unit", "unitalias", "task", "taskunit", "target",
        "deadline", "place", "placemention", "pairing", "dataversion", "alembic_version",
    } <= names  # fmt: skip


def test_init_db_twice_keeps_the_database_at_head_with_one_data_version_row(engine: Engine) -> None:
    init_db(engine)
    assert current_revision(engine) == head_revision()
    assert head_revision() is not None
    with engine.connect() as conn:
        assert table_rows(connection=conn, table="dataversion",
                          columns=["id", "version"]) == [(1, 0)]
