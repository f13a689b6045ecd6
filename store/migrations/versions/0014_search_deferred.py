"""the search index filled once per ingest batch

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 10:40:00.000000

SQLite with the FTS5 search index (0012): a ``search_deferred`` table, empty outside an
ingest batch's transaction, and the index's triggers recreated so that the rows a batch
inserts above its watermark are indexed once, by the batch, before it commits
(:mod:`store.search_deferred`).  Every other write goes through the triggers as before.
Nothing on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from store.search_deferred import create_deferrable_triggers, restore_triggers

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_deferrable_triggers(op.get_bind())


def downgrade() -> None:
    restore_triggers(op.get_bind())
