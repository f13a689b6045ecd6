"""Migration 0010: the indexes the page reads walk (review queue by status, document and
id; audit trail by time and id, of one action or actor) replace the single-column ones,
and back, rows kept."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy.engine import Connection

from store.db import make_engine
from store.readback import index_names, insert_row, table_rows
from store.setup import alembic_config, migration_connection

NEW = ["ix_audit_entry_action_at_id", "ix_audit_entry_actor_at_id", "ix_audit_entry_at_id",
       "ix_review_item_document_id_id", "ix_review_item_status_document_id_id"]
AT = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
OLD = ["ix_audit_entry_action", "ix_audit_entry_actor", "ix_audit_entry_at",
       "ix_review_item_document_id", "ix_review_item_status"]


def _indexes(connection: Connection) -> set[str]:
    return set(index_names(connection=connection, prefix="ix_review_item")
               + index_names(connection=connection, prefix="ix_audit_entry_a"))


def test_0010_adds_the_page_indexes_and_downgrades_to_the_old_ones_keeping_rows(
        db_url: str) -> None:
    engine = make_engine(db_url)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
        assert _indexes(connection) == set(OLD)
        document = insert_row(connection=connection, table="document", values={
            "key": "k", "sha256": "0" * 64, "text": "正文", "ingested_at": AT})
        insert_row(connection=connection, table="review_item", values={
            "document_id": document, "kind": "no_tasks", "task_path": "", "quote": "",
            "detail": "{}", "key": "x", "status": "open", "created_at": AT})
        command.upgrade(config, "0010")
        assert _indexes(connection) == set(NEW)
        command.downgrade(config, "0009")
        assert _indexes(connection) == set(OLD)
        command.upgrade(config, "head")
        assert set(NEW) <= _indexes(connection)
        assert table_rows(connection=connection, table="review_item",
                          columns=["key", "status"]) == [("x", "open")]
    engine.dispose()
