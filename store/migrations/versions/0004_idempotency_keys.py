"""idempotency keys of retried writes; unit names in their one spelling

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 04:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.progress.tables  # noqa: F401  (registers the table on SQLModel.metadata)
from store.names import normalise_name

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('idempotency_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('report_ids', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('actor', 'key', name='uq_idempotency_actor_key')
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_key_created_at'), ['created_at'],
                              unique=False)
    _normalise_unit_names()


def _normalise_unit_names() -> None:
    """Rewrite stored unit names and aliases in their one spelling (store.names), unless
    that spelling is already taken (those look-alikes are left for a person to merge)."""
    connection = op.get_bind()
    for table, column in (('unit', 'name'), ('unitalias', 'alias')):
        rows = connection.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
        taken = {value for _, value in rows}
        for row_id, value in rows:
            spelled = normalise_name(value)
            if spelled and spelled != value and spelled not in taken:
                connection.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :i"),
                                   {"v": spelled, "i": row_id})
                taken.add(spelled)


def downgrade() -> None:
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_key_created_at'))

    op.drop_table('idempotency_key')
