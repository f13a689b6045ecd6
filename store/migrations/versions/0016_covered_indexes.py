"""drop the single-column indexes a composite index starting with the same column covers

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 02:40:00.000000

``taskunit.task_id`` is the first column of the unique (task_id, unit_id) index,
``taskunit.unit_id`` of ``ix_taskunit_unit_role``, ``section.document_id`` and
``task.document_id`` of their unique (document_id, path) indexes: both databases read
a composite index by its first column alone, so these four only cost every ingest an
index entry more per row.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, column)
COVERED = (
    ('ix_taskunit_task_id', 'taskunit', 'task_id'),
    ('ix_taskunit_unit_id', 'taskunit', 'unit_id'),
    ('ix_section_document_id', 'section', 'document_id'),
    ('ix_task_document_id', 'task', 'document_id'),
)


def upgrade() -> None:
    for name, table, _ in COVERED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, column in COVERED:
        op.create_index(name, table, [column], unique=False)
