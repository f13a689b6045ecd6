"""urges (催办): who urged which unit when, with which note, naming which obligations

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'urge',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('receiver', _S(length=200), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('sender', _S(length=200), nullable=False),
        sa.Column('created_by', _S(length=64), nullable=False),
        sa.Column('created_role', _S(length=16), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_urge_unit_created', 'urge', ['unit_id', 'created_at'], unique=False)
    op.create_table(
        'urge_obligation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('urge_id', sa.Integer(), nullable=False),
        sa.Column('obligation_id', _S(length=128), nullable=False),
        sa.Column('kind', _S(length=16), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['urge_id'], ['urge.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('urge_id', 'obligation_id', name='uq_urge_obligation'),
    )
    op.create_index('ix_urge_obligation_urge_id', 'urge_obligation', ['urge_id'], unique=False)
    op.create_index('ix_urge_obligation_obligation_id', 'urge_obligation', ['obligation_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_table('urge_obligation')
    op.drop_table('urge')
