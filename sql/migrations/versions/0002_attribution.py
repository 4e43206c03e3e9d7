"""account name keys and pending-review indexes for review attribution

Revision ID: 0002
Revises: 0003
Create Date: 2026-11-24 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_name_keys',
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('name_key', 'account_id', name=op.f('pk_account_name_keys'))
    )
    op.create_index(op.f('ix_reviews_attributed_update'), 'reviews', ['attributed_update'], unique=False)
    op.create_index(op.f('ix_reviews_run_id'), 'reviews', ['run_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_reviews_run_id'), table_name='reviews')
    op.drop_index(op.f('ix_reviews_attributed_update'), table_name='reviews')
    op.drop_table('account_name_keys')
