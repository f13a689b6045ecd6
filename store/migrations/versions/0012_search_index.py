"""a substring index for the search on both back-ends

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 16:00:00.000000

SQLite (3.34 or later): one FTS5 ``trigram`` table per searched column (task text,
target quotes, section headings, document text, unit names), filled from the stored
rows and kept in step by triggers (:mod:`store.search_index`).  PostgreSQL: ``pg_trgm``
GIN indexes on the three searched columns that had none (task text and target quotes
have theirs since 0001), when the extension can be created.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from store.search import MORE_TRIGRAM_INDEXES, create_trigram_indexes, drop_trigram_indexes
from store.search_index import create_search_index, drop_search_index

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_search_index(op.get_bind())
    create_trigram_indexes(op.get_bind(), MORE_TRIGRAM_INDEXES)


def downgrade() -> None:
    drop_trigram_indexes(op.get_bind(), MORE_TRIGRAM_INDEXES)
    drop_search_index(op.get_bind())
