"""indexes for reading the review queue and the audit trail a page at a time by key

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 15:30:00.000000

The review queue pages on (document_id, id), of one status or of all; the audit trail
on (at, id), newest first, all of it or one action's or one actor's.  Each composite
index replaces the single-column one it starts with.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_review_item_document_id_id', 'review_item', ['document_id', 'id'],
                    unique=False)
    op.create_index('ix_review_item_status_document_id_id', 'review_item',
                    ['status', 'document_id', 'id'], unique=False)
    op.drop_index('ix_review_item_document_id', table_name='review_item')
    op.drop_index('ix_review_item_status', table_name='review_item')
    op.create_index('ix_audit_entry_at_id', 'audit_entry', ['at', 'id'], unique=False)
    op.create_index('ix_audit_entry_action_at_id', 'audit_entry', ['action', 'at', 'id'],
                    unique=False)
    op.create_index('ix_audit_entry_actor_at_id', 'audit_entry', ['actor', 'at', 'id'],
                    unique=False)
    op.drop_index('ix_audit_entry_at', table_name='audit_entry')
    op.drop_index('ix_audit_entry_action', table_name='audit_entry')
    op.drop_index('ix_audit_entry_actor', table_name='audit_entry')


def downgrade() -> None:
    op.create_index('ix_audit_entry_actor', 'audit_entry', ['actor'], unique=False)
    op.create_index('ix_audit_entry_action', 'audit_entry', ['action'], unique=False)
    op.create_index('ix_audit_entry_at', 'audit_entry', ['at'], unique=False)
    op.drop_index('ix_audit_entry_actor_at_id', table_name='audit_entry')
    op.drop_index('ix_audit_entry_action_at_id', table_name='audit_entry')
    op.drop_index('ix_audit_entry_at_id', table_name='audit_entry')
    op.create_index('ix_review_item_status', 'review_item', ['status'], unique=False)
    op.create_index('ix_review_item_document_id', 'review_item', ['document_id'], unique=False)
    op.drop_index('ix_review_item_status_document_id_id', table_name='review_item')
    op.drop_index('ix_review_item_document_id_id', table_name='review_item')
