"""Stored unit names through the migrations: 0004 rewrites names and aliases in their
normalised spelling, leaving a look-alike whose spelling is already taken for a person to
merge; 0006 merges it, since both are one standard name in one jurisdiction."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from store.db import make_engine
from store.setup import alembic_config, migration_connection

ROWS = ("INSERT INTO unit (name, level, collective) VALUES ('省\u2f42化厅', 'province', false), "
        "('市规划\u200b局', 'city', false), ('市规划局', 'city', false)")


def _names_after(db_url: str, revision: str) -> list[str]:
    engine = make_engine(db_url)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(text(ROWS))
        command.upgrade(config, revision)
        names = sorted(connection.execute(text("SELECT name FROM unit")).scalars())
    engine.dispose()
    return names


def test_0004_normalises_stored_unit_names_and_leaves_a_taken_spelling(db_url: str) -> None:
    assert _names_after(db_url, "0004") == sorted(["省文化厅", "市规划\u200b局", "市规划局"])


def test_0006_merges_look_alikes_of_one_jurisdiction(db_url: str) -> None:
    assert _names_after(db_url, "head") == sorted(["省文化厅", "市规划局"])
