"""index accounts.run_id (attribution refreshes its name index from newly loaded accounts)

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-24 02:10:00
"""

from __future__ import annotations

from alembic import op


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f('ix_accounts_run_id'), 'accounts', ['run_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_accounts_run_id'), table_name='accounts')
