"""metrics fast path: month rollups, account and talk sets, covering index for violations

Fills the new tables from the existing daily rollups, so figures stay exact right after
the upgrade (`python -m metrics refresh` rebuilds everything).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 03:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('metrics_account_ids',
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('account_no', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_metrics_account_ids')),
    sa.UniqueConstraint('account_no', name=op.f('uq_metrics_account_ids_account_no'))
    )
    op.create_table('metrics_account_sets',
    sa.Column('span', sa.String(length=5), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('accounts_any', sa.LargeBinary(), nullable=False),
    sa.Column('accounts_engaged', sa.LargeBinary(), nullable=True),
    sa.Column('accounts_inbound_digital', sa.LargeBinary(), nullable=True),
    sa.Column('accounts_inbound_call', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('span', 'start', 'agent_key', 'channel', 'language', name=op.f('pk_metrics_account_sets'))
    )
    op.create_index(op.f('ix_metrics_account_sets_agent_key_span_start'), 'metrics_account_sets', ['agent_key', 'span', 'start'], unique=False)

    op.create_table('metrics_contacts_monthly',
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
    sa.PrimaryKeyConstraint('day', 'agent_key', 'channel', 'language', name=op.f('pk_metrics_contacts_monthly'))
    )
    op.create_table('metrics_contacts_everyone_daily',
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
    sa.PrimaryKeyConstraint('day', 'agent_key', 'channel', 'language', name=op.f('pk_metrics_contacts_everyone_daily'))
    )
    op.create_table('metrics_outcomes_monthly',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'agent_key', 'channel', 'language', 'outcome', name=op.f('pk_metrics_outcomes_monthly'))
    )
    op.create_table('metrics_talk_sets',
    sa.Column('span', sa.String(length=5), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('agent_key', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('histogram', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('span', 'start', 'agent_key', 'language', name=op.f('pk_metrics_talk_sets'))
    )
    op.create_index(op.f('ix_metrics_talk_sets_agent_key_span_start'), 'metrics_talk_sets', ['agent_key', 'span', 'start'], unique=False)

    op.drop_index(op.f('ix_metrics_violations_started_at'), table_name='metrics_violations')
    op.create_index('ix_metrics_violations_period', 'metrics_violations',
                    ['started_at', 'agent_key', 'source', 'interaction_id', 'rule', 'account_id', 'local_time',
                     'placed_by'], unique=False)

    from metrics.rollups import monthly, set_rollups

    conn = op.get_bind()
    monthly.rebuild_months(conn, None)
    monthly.rebuild_everyone(conn, None)
    set_rollups.rebuild_sets(conn, None)


def downgrade() -> None:
    op.drop_index('ix_metrics_violations_period', table_name='metrics_violations')
    op.create_index(op.f('ix_metrics_violations_started_at'), 'metrics_violations', ['started_at'], unique=False)
    op.drop_index(op.f('ix_metrics_talk_sets_agent_key_span_start'), table_name='metrics_talk_sets')
    op.drop_table('metrics_talk_sets')
    op.drop_table('metrics_outcomes_monthly')
    op.drop_table('metrics_contacts_monthly')
    op.drop_table('metrics_contacts_everyone_daily')
    op.drop_index(op.f('ix_metrics_account_sets_agent_key_span_start'), table_name='metrics_account_sets')
    op.drop_table('metrics_account_sets')
    op.drop_table('metrics_account_ids')
