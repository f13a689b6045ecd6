"""an index on the stored bytes' hash of each document

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 16:20:00.000000

Ingest asks, for every file, whether the same bytes are already stored; without an index
that question read every document row, so each new document cost more than the last.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_document_sha256', 'document', ['sha256'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_document_sha256', table_name='document')
