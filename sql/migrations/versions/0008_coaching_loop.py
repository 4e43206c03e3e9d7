"""the coaching loop: coaching sessions and their criteria, QA disputes, rescores (history), audit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coaching_sessions',
    sa.Column('session_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('agent_id', sa.String(length=64), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('coached_by', sa.String(length=254), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('logged_by', sa.String(length=254), nullable=False),
    sa.Column('logged_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_coaching_sessions'))
    )
    op.create_index(op.f('ix_coaching_sessions_agent_id_session_date_coached_by'), 'coaching_sessions',
                    ['agent_id', 'session_date', 'coached_by'], unique=True)
    op.create_index(op.f('ix_coaching_sessions_session_date'), 'coaching_sessions', ['session_date'], unique=False)
    op.create_table('coaching_session_criteria',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('session_id', 'criterion', name=op.f('pk_coaching_session_criteria'))
    )
    op.create_table('qa_disputes',
    sa.Column('dispute_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('evaluation_id', sa.String(length=64), nullable=False),
    sa.Column('agent_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('raised_by', sa.String(length=254), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by', sa.String(length=254), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('dispute_id', name=op.f('pk_qa_disputes'))
    )
    op.create_index(op.f('ix_qa_disputes_evaluation_id'), 'qa_disputes', ['evaluation_id'], unique=False)
    op.create_index(op.f('ix_qa_disputes_status'), 'qa_disputes', ['status'], unique=False)
    op.create_table('qa_rescores',
    sa.Column('rescore_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('evaluation_id', sa.String(length=64), nullable=False),
    sa.Column('criterion', sa.String(length=200), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('score_before', sa.Float(), nullable=False),
    sa.Column('score_after', sa.Float(), nullable=False),
    sa.Column('rescored_by', sa.String(length=254), nullable=False),
    sa.Column('rescored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('rescore_id', name=op.f('pk_qa_rescores'))
    )
    op.create_index(op.f('ix_qa_rescores_evaluation_id_criterion_rescore_id'), 'qa_rescores',
                    ['evaluation_id', 'criterion', 'rescore_id'], unique=False)
    op.create_table('qa_audit',
    sa.Column('audit_id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=False),
    sa.Column('agent_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('audit_id', name=op.f('pk_qa_audit'))
    )
    op.create_index(op.f('ix_qa_audit_subject'), 'qa_audit', ['subject'], unique=False)
    op.create_index(op.f('ix_qa_audit_agent_id_at'), 'qa_audit', ['agent_id', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_qa_audit_agent_id_at'), table_name='qa_audit')
    op.drop_index(op.f('ix_qa_audit_subject'), table_name='qa_audit')
    op.drop_table('qa_audit')
    op.drop_index(op.f('ix_qa_rescores_evaluation_id_criterion_rescore_id'), table_name='qa_rescores')
    op.drop_table('qa_rescores')
    op.drop_index(op.f('ix_qa_disputes_status'), table_name='qa_disputes')
    op.drop_index(op.f('ix_qa_disputes_evaluation_id'), table_name='qa_disputes')
    op.drop_table('qa_disputes')
    op.drop_table('coaching_session_criteria')
    op.drop_index(op.f('ix_coaching_sessions_session_date'), table_name='coaching_sessions')
    op.drop_index(op.f('ix_coaching_sessions_agent_id_session_date_coached_by'), table_name='coaching_sessions')
    op.drop_table('coaching_sessions')
