"""rate-limit counters shared by every server process on one database

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 12:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'rate_limit_counter',
        sa.Column('key', _S(length=255), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_rate_limit_counter_expires_at', 'rate_limit_counter', ['expires_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_rate_limit_counter_expires_at', table_name='rate_limit_counter')
    op.drop_table('rate_limit_counter')
