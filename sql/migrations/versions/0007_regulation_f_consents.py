"""Regulation F as the official interpretation reads it: consents, the dialled number, finding evidence

`consents` holds prior consents given directly by the consumer (kinds `calls` and
`calling_hours`); `calls.dialled_number` is the number a call went to (blank = the
account's phone); `metrics_violations.evidence` is the JSON a finding explains itself with, and `placed`
says whether the finding's call was a placed call (the compliance_rate's calls).

The stored findings and the rollups' `placed_calls` were computed under the old definitions
(busy calls were placed). This migration does not rebuild them itself (that is live `metrics` code,
and a migration stays frozen); it creates `pending_rebuilds` and, when there are calls, records
with frozen SQL that the derived metrics tables must be rebuilt. The application opens the database
through `metrics.database.open_engine`, which migrates, rebuilds what a row there asks for and
deletes the row in the same transaction, so no manual `python -m metrics refresh` is needed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 13:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


REBUILD_REASON = ("Regulation F revised: busy calls are not placed calls; findings carry placed and evidence "
                  "(rollups' placed_calls and every finding are rebuilt)")


def upgrade() -> None:
    op.create_table('pending_rebuilds',
    sa.Column('revision', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('revision', name=op.f('pk_pending_rebuilds'))
    )
    op.create_table('consents',
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('given_at', sa.DateTime(), nullable=False),
    sa.Column('until', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('account_id', 'kind', 'given_at', name=op.f('pk_consents'))
    )
    op.create_index(op.f('ix_consents_run_id'), 'consents', ['run_id'], unique=False)
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dialled_number', sa.String(length=20), nullable=True))
    with op.batch_alter_table('metrics_violations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placed', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('evidence', sa.Text(), nullable=True))
    # An empty database has nothing derived to rebuild; the derived tables come from calls alone.
    op.get_bind().execute(
        sa.text("insert into pending_rebuilds (revision, reason) "
                "select :revision, :reason where exists (select 1 from calls)"),
        {"revision": revision, "reason": REBUILD_REASON},
    )


def downgrade() -> None:
    with op.batch_alter_table('metrics_violations', schema=None) as batch_op:
        batch_op.drop_column('evidence')
        batch_op.drop_column('placed')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_column('dialled_number')
    op.drop_index(op.f('ix_consents_run_id'), table_name='consents')
    op.drop_table('consents')
    op.drop_table('pending_rebuilds')
