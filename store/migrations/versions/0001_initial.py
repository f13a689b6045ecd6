"""Initial schema: every table of store/tables.py, the DataVersion row, search indexes.

Written out explicitly (not create_all) so later revisions can alter it step by step;
a test checks it against SQLModel.metadata with alembic's compare_metadata.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from store.search import create_trigram_indexes, drop_trigram_indexes


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('dataversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('document',
    sa.Column('key', AutoString(length=200), nullable=False),
    sa.Column('number', AutoString(length=100), nullable=True),
    sa.Column('title', AutoString(), nullable=True),
    sa.Column('issuer', AutoString(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('source_file', AutoString(), nullable=True),
    sa.Column('sha256', AutoString(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('ingested_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_document_key', 'document', ['key'], unique=True)
    op.create_index('ix_document_number', 'document', ['number'], unique=False)

    op.create_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', AutoString(length=100), nullable=False),
    sa.Column('kind', AutoString(length=16), nullable=False),
    sa.Column('parent', AutoString(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_place_name', 'place', ['name'], unique=True)

    op.create_table('unit',
    sa.Column('name', AutoString(length=200), nullable=False),
    sa.Column('level', AutoString(length=16), nullable=False),
    sa.Column('collective', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_unit_name', 'unit', ['name'], unique=True)

    op.create_table('citation',
    sa.Column('source_path', AutoString(length=64), nullable=False),
    sa.Column('source_start', sa.Integer(), nullable=False),
    sa.Column('source_end', sa.Integer(), nullable=False),
    sa.Column('source_quote', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', AutoString(length=100), nullable=True),
    sa.Column('title', AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_citation_document_id', 'citation', ['document_id'], unique=False)
    op.create_index('ix_citation_number', 'citation', ['number'], unique=False)

    op.create_table('pairing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('developed_id', sa.Integer(), nullable=False),
    sa.Column('accelerated_id', sa.Integer(), nullable=False),
    sa.Column('confidence', AutoString(length=16), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('since', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accelerated_id'], ['place.id'], ),
    sa.ForeignKeyConstraint(['developed_id'], ['place.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('developed_id', 'accelerated_id')
    )
    op.create_index('ix_pairing_accelerated_id', 'pairing', ['accelerated_id'], unique=False)
    op.create_index('ix_pairing_developed_id', 'pairing', ['developed_id'], unique=False)

    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('path', AutoString(length=64), nullable=False),
    sa.Column('label', AutoString(length=16), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'path')
    )
    op.create_index('ix_section_document_id', 'section', ['document_id'], unique=False)

    op.create_table('task',
    sa.Column('source_path', AutoString(length=64), nullable=False),
    sa.Column('source_start', sa.Integer(), nullable=False),
    sa.Column('source_end', sa.Integer(), nullable=False),
    sa.Column('source_quote', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('path', AutoString(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'path')
    )
    op.create_index('ix_task_document_id', 'task', ['document_id'], unique=False)
    op.create_index('ix_task_path', 'task', ['path'], unique=False)

    op.create_table('unitalias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('alias', AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_unitalias_alias', 'unitalias', ['alias'], unique=True)
    op.create_index('ix_unitalias_unit_id', 'unitalias', ['unit_id'], unique=False)

    op.create_table('deadline',
    sa.Column('source_path', AutoString(length=64), nullable=False),
    sa.Column('source_start', sa.Integer(), nullable=False),
    sa.Column('source_end', sa.Integer(), nullable=False),
    sa.Column('source_quote', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('path', AutoString(length=64), nullable=False),
    sa.Column('raw', AutoString(length=64), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('precision', AutoString(length=8), nullable=False),
    sa.Column('recurrence', AutoString(length=8), nullable=False),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('day', sa.Integer(), nullable=True),
    sa.Column('horizon', sa.Date(), nullable=True),
    sa.Column('readings', AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_deadline_document_id', 'deadline', ['document_id'], unique=False)
    op.create_index('ix_deadline_due', 'deadline', ['due'], unique=False)
    op.create_index('ix_deadline_task_id', 'deadline', ['task_id'], unique=False)

    op.create_table('placemention',
    sa.Column('source_path', AutoString(length=64), nullable=False),
    sa.Column('source_start', sa.Integer(), nullable=False),
    sa.Column('source_end', sa.Integer(), nullable=False),
    sa.Column('source_quote', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_placemention_document_id', 'placemention', ['document_id'], unique=False)
    op.create_index('ix_placemention_place_id', 'placemention', ['place_id'], unique=False)
    op.create_index('ix_placemention_task_id', 'placemention', ['task_id'], unique=False)

    op.create_table('target',
    sa.Column('source_path', AutoString(length=64), nullable=False),
    sa.Column('source_start', sa.Integer(), nullable=False),
    sa.Column('source_end', sa.Integer(), nullable=False),
    sa.Column('source_quote', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('path', AutoString(length=64), nullable=False),
    sa.Column('metric', AutoString(), nullable=False),
    sa.Column('comparator', AutoString(length=8), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('unit', AutoString(length=16), nullable=False),
    sa.Column('base_value', sa.Float(), nullable=True),
    sa.Column('base_unit', AutoString(length=16), nullable=True),
    sa.Column('scope', AutoString(), nullable=True),
    sa.Column('period', AutoString(length=16), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_target_document_id', 'target', ['document_id'], unique=False)
    op.create_index('ix_target_due', 'target', ['due'], unique=False)
    op.create_index('ix_target_task_id', 'target', ['task_id'], unique=False)

    op.create_table('taskunit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', AutoString(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('raw', AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('task_id', 'unit_id')
    )
    op.create_index('ix_taskunit_task_id', 'taskunit', ['task_id'], unique=False)
    op.create_index('ix_taskunit_unit_id', 'taskunit', ['unit_id'], unique=False)
    op.create_index('ix_taskunit_unit_role', 'taskunit', ['unit_id', 'role'], unique=False)

    # One DataVersion row, bumped by every ingest (servers poll it to see a stale graph).
    op.bulk_insert(
        sa.table('dataversion', sa.column('id', sa.Integer()), sa.column('version', sa.Integer()),
                 sa.column('changed_at', UTCDateTime())),
        [{'id': 1, 'version': 0, 'changed_at': dt.datetime.now(dt.UTC)}],
    )
    # PostgreSQL only, and only if pg_trgm can be created; skipped quietly otherwise.
    create_trigram_indexes(op.get_bind())


def downgrade() -> None:
    drop_trigram_indexes(op.get_bind())
    op.drop_index('ix_taskunit_unit_role', table_name='taskunit')
    op.drop_index('ix_taskunit_unit_id', table_name='taskunit')
    op.drop_index('ix_taskunit_task_id', table_name='taskunit')

    op.drop_table('taskunit')
    op.drop_index('ix_target_task_id', table_name='target')
    op.drop_index('ix_target_due', table_name='target')
    op.drop_index('ix_target_document_id', table_name='target')

    op.drop_table('target')
    op.drop_index('ix_placemention_task_id', table_name='placemention')
    op.drop_index('ix_placemention_place_id', table_name='placemention')
    op.drop_index('ix_placemention_document_id', table_name='placemention')

    op.drop_table('placemention')
    op.drop_index('ix_deadline_task_id', table_name='deadline')
    op.drop_index('ix_deadline_due', table_name='deadline')
    op.drop_index('ix_deadline_document_id', table_name='deadline')

    op.drop_table('deadline')
    op.drop_index('ix_unitalias_unit_id', table_name='unitalias')
    op.drop_index('ix_unitalias_alias', table_name='unitalias')

    op.drop_table('unitalias')
    op.drop_index('ix_task_path', table_name='task')
    op.drop_index('ix_task_document_id', table_name='task')

    op.drop_table('task')
    op.drop_index('ix_section_document_id', table_name='section')

    op.drop_table('section')
    op.drop_index('ix_pairing_developed_id', table_name='pairing')
    op.drop_index('ix_pairing_accelerated_id', table_name='pairing')

    op.drop_table('pairing')
    op.drop_index('ix_citation_number', table_name='citation')
    op.drop_index('ix_citation_document_id', table_name='citation')

    op.drop_table('citation')
    op.drop_index('ix_unit_name', table_name='unit')

    op.drop_table('unit')
    op.drop_index('ix_place_name', table_name='place')

    op.drop_table('place')
    op.drop_index('ix_document_number', table_name='document')
    op.drop_index('ix_document_key', table_name='document')

    op.drop_table('document')
    op.drop_table('dataversion')
