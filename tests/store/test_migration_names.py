"""Stored unit names through the migrations: 0004 rewrites names and aliases in their
normalised spelling, leaving a look-alike whose spelling is already taken for a person to
merge; 0006 merges it, since both are one standard name in one jurisdiction."""

from __future__ import annotations

from alembic import command

from store.db import make_engine
from store.readback import insert_row, table_rows
from store.setup import alembic_config, migration_connection

ROWS = [{"name": "省\u2f42化厅", "level": "province", "collective": False},
        {"name": "市规划\u200b局", "level": "city", "collective": False},
        {"name": "市规划局", "level": "city", "collective": False}]


def _names_after(db_url: str, revision: str) -> list[str]:
    engine = make_engine(db_url)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        for row in ROWS:
            insert_row(connection=connection, table="unit", values=row)
        command.upgrade(config, revision)
        names = sorted(name for (name,) in table_rows(connection=connection, table="unit",
                                                      columns=["name"]))
    engine.dispose()
    return names


def test_0004_normalises_stored_unit_names_and_leaves_a_taken_spelling(db_url: str) -> None:
    assert _names_after(db_url, "0004") == sorted(["省文化厅", "市规划\u200b局", "市规划局"])


def test_0006_merges_look_alikes_of_one_jurisdiction(db_url: str) -> None:
    assert _names_after(db_url, "head") == sorted(["省文化厅", "市规划局"])
