"""curation: corrections, the review queue, editor tokens scoped to a jurisdiction

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 07:50:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
# Extracted rows a correction made or changed point at it.
_CORRECTED = ("task", "taskunit", "target", "deadline")


def upgrade() -> None:
    op.create_table(
        'correction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('task_path', _S(length=64), nullable=False),
        sa.Column('anchor_quote', sa.Text(), nullable=False),
        sa.Column('kind', _S(length=16), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('status', _S(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('source', _S(length=200), nullable=False),
        sa.Column('created_by', _S(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('reverted_by', _S(length=64), nullable=True),
        sa.Column('reverted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('before', sa.Text(), nullable=True),
        sa.Column('after', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_correction_document_id', 'correction', ['document_id'], unique=False)
    op.create_index('ix_correction_status', 'correction', ['status'], unique=False)
    op.create_table(
        'review_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('kind', _S(length=32), nullable=False),
        sa.Column('task_path', _S(length=64), nullable=False),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('key', _S(length=64), nullable=False),
        sa.Column('status', _S(length=16), nullable=False),
        sa.Column('decided_by', _S(length=64), nullable=True),
        sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('correction_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['correction_id'], ['correction.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'key', name='uq_review_item_document_key'),
    )
    op.create_index('ix_review_item_document_id', 'review_item', ['document_id'], unique=False)
    op.create_index('ix_review_item_status', 'review_item', ['status'], unique=False)
    for table in _CORRECTED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('correction_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(f'fk_{table}_correction', 'correction',
                                        ['correction_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jurisdiction_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_api_token_jurisdiction_id', ['jurisdiction_id'], unique=False)
        batch_op.create_foreign_key('fk_api_token_jurisdiction', 'jurisdiction',
                                    ['jurisdiction_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_constraint('fk_api_token_jurisdiction', type_='foreignkey')
        batch_op.drop_index('ix_api_token_jurisdiction_id')
        batch_op.drop_column('jurisdiction_id')
    for table in _CORRECTED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_correction', type_='foreignkey')
            batch_op.drop_column('correction_id')
    op.drop_table('review_item')
    op.drop_table('correction')
