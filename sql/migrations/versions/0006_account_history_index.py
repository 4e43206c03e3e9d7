"""account history indexes: calls and digital by (account_id, started_at) carry the columns attribution reads

They replace the two-column (account_id, started_at) indexes, which they serve in full,
so the contact-history reads of a review never visit the tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 06:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_account_history', ['account_id', 'started_at', 'talk_seconds', 'handled_by',
                                                            'agent_id', 'handoff_agent_id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_calls_account_id_started_at'))
    with op.batch_alter_table('digital', schema=None) as batch_op:
        batch_op.create_index('ix_digital_account_history', ['account_id', 'started_at', 'direction', 'agent_id',
                                                              'channel'], unique=False)
        batch_op.drop_index(batch_op.f('ix_digital_account_id_started_at'))


def downgrade() -> None:
    with op.batch_alter_table('digital', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digital_account_id_started_at'), ['account_id', 'started_at'],
                              unique=False)
        batch_op.drop_index('ix_digital_account_history')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calls_account_id_started_at'), ['account_id', 'started_at'], unique=False)
        batch_op.drop_index('ix_calls_account_history')
