"""A full dump of every table, to prove a refused file changed nothing."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine

from store.readback import table_rows


def dump_store(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (values as text), sorted, by table name."""
    metadata = MetaData()
    metadata.reflect(bind=engine)
    dump: dict[str, list[tuple[str, ...]]] = {}
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            rows = table_rows(connection=connection, table=table)
            dump[name] = sorted(tuple(repr(v) for v in row) for row in rows)
    return dump
