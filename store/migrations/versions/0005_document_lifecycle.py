"""documents: text fingerprint, withdrawal and supersession dates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 05:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store.fingerprint import text_fingerprint

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column('withdrawn_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('superseded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('superseded_by',
                                      sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_document_fingerprint'), ['fingerprint'],
                              unique=False)
    # Documents stored before this revision are recognised by their text from now on.
    connection = op.get_bind()
    for row_id, body in connection.execute(sa.text("SELECT id, text FROM document")).all():
        connection.execute(sa.text("UPDATE document SET fingerprint = :f WHERE id = :i"),
                           {"f": text_fingerprint(body or ""), "i": row_id})


def downgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_fingerprint'))
        batch_op.drop_column('superseded_by')
        batch_op.drop_column('superseded_on')
        batch_op.drop_column('withdrawn_on')
        batch_op.drop_column('fingerprint')
