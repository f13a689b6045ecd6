"""documents: the 文号 in one spelling, indexed

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 18:40:00.000000

Ingest recognises a document by its 文号 in any spelling (〔〕 or [], full-width digits,
spaces), and the documents list filters by it.  With only the number as written
stored, both read every stored number and normalised each one in Python, so each new
document cost more than the last.  ``number_normalised`` holds
:func:`store.fingerprint.normalised_number` of ``number`` and is indexed: one look-up.

The column is added in place (``ALTER TABLE … ADD COLUMN``), never by rebuilding the
table: on SQLite a rebuild would drop the search index's triggers on ``document``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store.fingerprint import normalised_number

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000  # rows read and updated per round trip by the backfill


def upgrade() -> None:
    op.add_column('document', sa.Column('number_normalised',
                                        sqlmodel.sql.sqltypes.AutoString(length=100),
                                        nullable=True))
    connection = op.get_bind()
    last = 0
    while True:  # in id order, a batch at a time: a large store is never held at once
        rows = connection.execute(sa.text(
            "SELECT id, number FROM document WHERE id > :last AND number IS NOT NULL "
            "ORDER BY id LIMIT :n"), {"last": last, "n": BATCH}).all()
        if not rows:
            break
        connection.execute(sa.text("UPDATE document SET number_normalised = :v WHERE id = :i"),
                           [{"v": normalised_number(number), "i": row_id}
                            for row_id, number in rows])
        last = rows[-1][0]
    op.create_index('ix_document_number_normalised', 'document', ['number_normalised'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_document_number_normalised', table_name='document')
    op.drop_column('document', 'number_normalised')
