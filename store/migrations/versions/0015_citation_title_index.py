"""citations: an index on the title

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 10:50:00.000000

Ingest asks, for every document it stores, which stored documents cite its title (they
may repeal it): without an index that read every citation.  A hash index on
PostgreSQL (a long title may not fit a b-tree entry), a b-tree on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_citation_title', 'citation', ['title'], unique=False,
                    postgresql_using='hash')


def downgrade() -> None:
    op.drop_index('ix_citation_title', table_name='citation')
