"""metrics rollups, fact keys and Regulation F violations

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24 01:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('metrics_account_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('engaged', sa.Integer(), nullable=False),
    sa.Column('inbound_digital', sa.Integer(), nullable=False),
    sa.Column('inbound_call', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'agent_key', 'channel', 'language', 'account_id',
                            name=op.f('pk_metrics_account_days'))
    )
    op.create_table('metrics_contacts_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('interactions', sa.Integer(), nullable=False),
    sa.Column('contacts', sa.Integer(), nullable=False),
    sa.Column('conversions', sa.Integer(), nullable=False),
    sa.Column('resolutions', sa.Integer(), nullable=False),
    sa.Column('talk_sum', sa.Integer(), nullable=False),
    sa.Column('talk_n', sa.Integer(), nullable=False),
    sa.Column('ai_calls', sa.Integer(), nullable=False),
    sa.Column('ai_handoffs', sa.Integer(), nullable=False),
    sa.Column('placed_calls', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'agent_key', 'channel', 'language', name=op.f('pk_metrics_contacts_daily'))
    )
    op.create_table('metrics_fact_keys',
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('interaction_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('source', 'interaction_id', name=op.f('pk_metrics_fact_keys'))
    )
    op.create_table('metrics_outcomes_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'agent_key', 'channel', 'language', 'outcome',
                            name=op.f('pk_metrics_outcomes_daily'))
    )
    op.create_table('metrics_talk_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('talk_seconds', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'agent_key', 'language', 'talk_seconds', name=op.f('pk_metrics_talk_daily'))
    )
    op.create_table('metrics_violations',
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('interaction_id', sa.String(length=64), nullable=False),
    sa.Column('rule', sa.String(length=24), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('local_time', sa.String(length=40), nullable=True),
    sa.Column('placed_by', sa.String(length=64), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.PrimaryKeyConstraint('source', 'interaction_id', 'rule', name=op.f('pk_metrics_violations'))
    )
    with op.batch_alter_table('metrics_violations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metrics_violations_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_metrics_violations_started_at'), ['started_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('metrics_violations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metrics_violations_started_at'))
        batch_op.drop_index(batch_op.f('ix_metrics_violations_account_id'))

    op.drop_table('metrics_violations')
    op.drop_table('metrics_talk_daily')
    op.drop_table('metrics_outcomes_daily')
    op.drop_table('metrics_fact_keys')
    op.drop_table('metrics_contacts_daily')
    op.drop_table('metrics_account_days')
