"""jurisdictions: units per government, places by division code, successions, county shares

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 07:20:00.000000

Schema first (new tables and columns, nullable), then the existing rows are moved to
their identities (:mod:`store.migrations.jurisdiction_backfill`), then the columns that
every row now has become NOT NULL and the new unique constraints are made.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # Batch mode rebuilds unit, unitalias and place by copying and dropping them; with
        # foreign keys on, the drop would cascade-delete every task link and alias.
        has_rows = bind.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM unit UNION ALL "
                                        "SELECT 1 FROM place)").scalar()
        if has_rows:
            raise RuntimeError("revision 0006 needs SQLite foreign keys off; migrate with "
                               "store.setup.init_db (or store.setup.migration_connection)")
    op.create_table(
        'jurisdiction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', _S(length=12), nullable=True),
        sa.Column('name', _S(length=100), nullable=False),
        sa.Column('full_name', _S(length=300), nullable=False),
        sa.Column('level', _S(length=16), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['parent_id'], ['jurisdiction.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_jurisdiction_code', 'jurisdiction', ['code'], unique=True)
    op.create_index('ix_jurisdiction_name', 'jurisdiction', ['name'], unique=False)
    op.create_index('ix_jurisdiction_full_name', 'jurisdiction', ['full_name'], unique=True)
    op.create_index('ix_jurisdiction_parent_id', 'jurisdiction', ['parent_id'], unique=False)

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jurisdiction_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_document_jurisdiction_id', ['jurisdiction_id'], unique=False)
        batch_op.create_foreign_key('fk_document_jurisdiction', 'jurisdiction',
                                    ['jurisdiction_id'], ['id'])
    with op.batch_alter_table('citation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', _S(length=16), nullable=False,
                                      server_default='cites'))
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jurisdiction_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('unitalias', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jurisdiction_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source', _S(length=16), nullable=False,
                                      server_default='extracted'))
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('full_name', _S(length=300), nullable=True))
        batch_op.add_column(sa.Column('code', _S(length=12), nullable=True))
        batch_op.add_column(sa.Column('jurisdiction_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_progress_report_place_id', ['place_id'], unique=False)
        batch_op.create_foreign_key('fk_progress_report_place', 'place', ['place_id'], ['id'])
    with op.batch_alter_table('silence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_silence_place_id', ['place_id'], unique=False)
        batch_op.create_foreign_key('fk_silence_place', 'place', ['place_id'], ['id'])
    op.create_table(
        'succession',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('predecessor_id', sa.Integer(), nullable=False),
        sa.Column('successor_id', sa.Integer(), nullable=False),
        sa.Column('kind', _S(length=16), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_by', _S(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['predecessor_id'], ['unit.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['successor_id'], ['unit.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('predecessor_id', 'successor_id', name='uq_succession_pair'),
    )
    op.create_index('ix_succession_predecessor_id', 'succession', ['predecessor_id'], unique=False)
    op.create_index('ix_succession_successor_id', 'succession', ['successor_id'], unique=False)

    # A name is no longer unique on its own (two cities' 市发展和改革委员会; 泰顺 renamed
    # 泰顺县 while 泰顺县 is still there, before the two merge): unique per jurisdiction.
    op.drop_index('ix_unit_name', table_name='unit')
    op.drop_index('ix_unitalias_alias', table_name='unitalias')
    op.drop_index('ix_place_name', table_name='place')

    from store.migrations.jurisdiction_backfill import backfill

    backfill(op.get_bind())

    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.alter_column('jurisdiction_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('ix_unit_name', ['name'], unique=False)
        batch_op.create_index('ix_unit_jurisdiction_id', ['jurisdiction_id'], unique=False)
        batch_op.create_unique_constraint('uq_unit_jurisdiction_name', ['jurisdiction_id', 'name'])
        batch_op.create_foreign_key('fk_unit_jurisdiction', 'jurisdiction',
                                    ['jurisdiction_id'], ['id'])
    with op.batch_alter_table('unitalias', schema=None) as batch_op:
        batch_op.alter_column('jurisdiction_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('ix_unitalias_alias', ['alias'], unique=False)
        batch_op.create_index('ix_unitalias_jurisdiction_id', ['jurisdiction_id'], unique=False)
        batch_op.create_unique_constraint('uq_alias_jurisdiction_alias',
                                          ['jurisdiction_id', 'alias'])
        batch_op.create_foreign_key('fk_unitalias_jurisdiction', 'jurisdiction',
                                    ['jurisdiction_id'], ['id'])
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.alter_column('full_name', existing_type=_S(length=300), nullable=False)
        batch_op.create_index('ix_place_name', ['name'], unique=False)
        batch_op.create_index('ix_place_full_name', ['full_name'], unique=True)
        batch_op.create_index('ix_place_code', ['code'], unique=False)
        batch_op.create_index('ix_place_jurisdiction_id', ['jurisdiction_id'], unique=False)
        batch_op.create_foreign_key('fk_place_jurisdiction', 'jurisdiction',
                                    ['jurisdiction_id'], ['id'])


def downgrade() -> None:
    raise NotImplementedError(
        "0006 moves units to their jurisdictions and cannot be undone; restore a backup")
