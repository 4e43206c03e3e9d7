"""notify send log: one row per (digest, period, recipient) with status, attempts, error and time

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 13:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notify_sends',
    sa.Column('digest', sa.String(length=16), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('destination', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('digest', 'period', 'recipient', name=op.f('pk_notify_sends'))
    )
    op.create_index(op.f('ix_notify_sends_sent_at'), 'notify_sends', ['sent_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_notify_sends_sent_at'), table_name='notify_sends')
    op.drop_table('notify_sends')
