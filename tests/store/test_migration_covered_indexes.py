"""Migration 0016: the single-column indexes on taskunit.task_id, taskunit.unit_id,
section.document_id and task.document_id, which a composite index starting with the same
column covers, are dropped, and come back on downgrade, rows kept."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy.engine import Connection

from store.db import make_engine
from store.readback import index_names, insert_row, table_rows
from store.setup import alembic_config, migration_connection

AT = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
DROPPED = {"ix_section_document_id", "ix_task_document_id", "ix_taskunit_task_id",
           "ix_taskunit_unit_id"}


def _indexes(connection: Connection) -> set[str]:
    return set(index_names(connection=connection, prefix="ix_section_")
               + index_names(connection=connection, prefix="ix_task"))


def test_0016_drops_the_covered_indexes_and_downgrade_brings_them_back_keeping_rows(
        db_url: str) -> None:
    engine = make_engine(db_url)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0015")
        assert DROPPED <= _indexes(connection)
        document = insert_row(connection=connection, table="document", values={
            "key": "k", "sha256": "0" * 64, "text": "正文", "ingested_at": AT})
        insert_row(connection=connection, table="section", values={
            "document_id": document, "path": "一", "label": "一", "level": 1,
            "heading": "总体要求", "start": 0, "end": 2})
        task = insert_row(connection=connection, table="task", values={
            "document_id": document, "path": "一", "text": "市财政局负责。", "start": 0,
            "end": 7, "source_path": "一", "source_start": 0, "source_end": 7,
            "source_quote": "市财政局负责。"})
        unit = insert_row(connection=connection, table="unit", values={
            "name": "市财政局", "level": "city", "collective": False, "jurisdiction_id": 1})
        insert_row(connection=connection, table="taskunit", values={
            "task_id": task, "unit_id": unit, "role": "lead", "position": 0, "raw": "市财政局"})
        command.upgrade(config, "0016")
        assert _indexes(connection).isdisjoint(DROPPED)
        command.downgrade(config, "0015")
        assert DROPPED <= _indexes(connection)
        command.upgrade(config, "head")
        assert _indexes(connection).isdisjoint(DROPPED)
        assert table_rows(connection=connection, table="taskunit",
                          columns=["task_id", "unit_id", "role"]) == [(task, unit, "lead")]
        assert table_rows(connection=connection, table="section",
                          columns=["document_id", "path"]) == [(document, "一")]
    engine.dispose()
