"""The idempotency-keys migration (0004) rewrites stored unit names and aliases in their normalised spelling,
leaving a look-alike whose spelling is already taken for a person to merge."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine

from store.setup import alembic_config


def test_upgrade_normalises_stored_unit_names(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
        connection.execute(text("INSERT INTO unit (name, level, collective) VALUES "
                                "('省\u2f42化厅', 'province', false), ('市规划\u200b局', 'city', false), "
                                "('市规划局', 'city', false)"))
        command.upgrade(config, "head")
        names = sorted(connection.execute(text("SELECT name FROM unit")).scalars())
    assert names == sorted(["省文化厅", "市规划\u200b局", "市规划局"])
