"""metrics fast path: month rollups, account and talk sets, covering index for violations

Fills the new tables from the existing daily rollups, so figures stay exact right after
the upgrade (`python -m metrics refresh` rebuilds everything). The data step is frozen here:
it reads the tables as they are at this revision (reflected) and imports no Starboard module,
so it does the same thing whatever the live code has become. It gives what
`metrics.rollups.monthly` / `set_rollups` gave at this revision (tests/test_migration_history.py
checks it against today's code), in plain Python: a one-time step, not the fast path.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 03:10:00
"""

from __future__ import annotations

import struct
from collections import Counter, defaultdict
from datetime import date

import sqlalchemy as sa
from alembic import op
from pyroaring import BitMap


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

    _fill_from_daily_rollups(op.get_bind())


ALL_AGENTS = "*"
FLAGS = ("accounts_any", "accounts_engaged", "accounts_inbound_digital", "accounts_inbound_call")
BATCH = 5_000


def _first_of_month(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _fill_from_daily_rollups(conn: sa.Connection) -> None:
    meta = sa.MetaData()
    names = ("metrics_contacts_daily", "metrics_outcomes_daily", "metrics_contacts_monthly",
             "metrics_outcomes_monthly", "metrics_contacts_everyone_daily", "metrics_account_days",
             "metrics_account_ids", "metrics_account_sets", "metrics_talk_daily", "metrics_talk_sets")
    t = {name: sa.Table(name, meta, autoload_with=conn) for name in names}
    _month_rows(conn, t["metrics_contacts_monthly"], t["metrics_contacts_daily"])
    _month_rows(conn, t["metrics_outcomes_monthly"], t["metrics_outcomes_daily"])
    _everyone_rows(conn, t["metrics_contacts_everyone_daily"], t["metrics_contacts_daily"])
    numbers = _number_accounts(conn, t["metrics_account_days"], t["metrics_account_ids"])
    days = set(conn.execute(sa.select(t["metrics_account_days"].c.day).distinct()).scalars())
    days |= set(conn.execute(sa.select(t["metrics_talk_daily"].c.day).distinct()).scalars())
    for first in sorted({_first_of_month(d) for d in days}):
        _account_sets(conn, t["metrics_account_days"], t["metrics_account_sets"], numbers, first)
        _talk_sets(conn, t["metrics_talk_daily"], t["metrics_talk_sets"], first)


def _month_rows(conn: sa.Connection, monthly: sa.Table, daily: sa.Table) -> None:
    """Month rows (day = first of the UTC month) summing the day rows, per key and company month."""
    keys = [c for c in daily.c if c.primary_key and c.name != "day"]
    values = [c for c in daily.c if not c.primary_key and c.name != "month"]
    firsts = {_first_of_month(d) for d in conn.execute(sa.select(daily.c.day).distinct()).scalars()}
    for m in sorted(firsts):
        sel = (
            sa.select(sa.literal(m, sa.Date).label("day"), *keys, daily.c.month,
                      *[sa.func.sum(c).label(c.name) for c in values])
            .where(daily.c.day >= m, daily.c.day < _next_month(m))
            .group_by(*keys, daily.c.month)
        )
        conn.execute(monthly.insert().from_select([c.name for c in sel.selected_columns], sel))


def _everyone_rows(conn: sa.Connection, everyone: sa.Table, daily: sa.Table) -> None:
    """Contact day rows summed over every agent_key, as agent_key "*"."""
    values = [c for c in daily.c if not c.primary_key and c.name != "month"]
    keys = [daily.c.day, daily.c.channel, daily.c.language, daily.c.month]
    sel = (
        sa.select(daily.c.day, sa.literal_column(f"'{ALL_AGENTS}'", sa.String).label("agent_key"), daily.c.channel,
                  daily.c.language, daily.c.month, *[sa.func.sum(c).label(c.name) for c in values])
        .group_by(*keys)
    )
    conn.execute(everyone.insert().from_select([c.name for c in sel.selected_columns], sel))


def _number_accounts(conn: sa.Connection, account_days: sa.Table, account_ids: sa.Table) -> dict[str, int]:
    """Number every account of the account-day rollup densely, in id order."""
    ids = sorted(conn.execute(sa.select(account_days.c.account_id).distinct()).scalars())
    numbers = {a: n for n, a in enumerate(ids, start=1)}
    rows = [{"account_id": a, "account_no": n} for a, n in numbers.items()]
    for i in range(0, len(rows), BATCH):
        conn.execute(account_ids.insert(), rows[i : i + BATCH])
    return numbers


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    for i in range(0, len(rows), BATCH):
        conn.execute(table.insert(), rows[i : i + BATCH])


def _account_sets(conn: sa.Connection, account_days: sa.Table, sets: sa.Table, numbers: dict[str, int],
                  first: date) -> None:
    """Day and month account bitmaps of one month, per agent_key and for "*" (every agent)."""
    d = account_days.c
    q = sa.select(d.day, d.agent_key, d.channel, d.language, d.month, d.account_id, d.engaged, d.inbound_digital,
                  d.inbound_call).where(d.day >= first, d.day < _next_month(first))
    days: dict[tuple, list[set[int]]] = defaultdict(lambda: [set() for _ in FLAGS])
    for day, agent, channel, language, month, account, *flags in conn.execute(q):
        no = numbers[account]
        for key in ((day, agent, channel, language, month), (day, ALL_AGENTS, channel, language, month)):
            groups = days[key]
            for i, on in enumerate((True, *[f == 1 for f in flags])):
                if on:
                    groups[i].add(no)
    months: dict[tuple, list[set[int]]] = defaultdict(lambda: [set() for _ in FLAGS])
    rows = []
    for (day, *key), groups in days.items():
        rows.append(_set_row("day", day, key, groups))
        for i, accounts in enumerate(groups):
            months[tuple(key)][i] |= accounts
    rows += [_set_row("month", first, list(key), groups) for key, groups in months.items()]
    _insert(conn, sets, rows)


def _set_row(span: str, start: date, key: list, groups: list[set[int]]) -> dict:
    agent, channel, language, month = key
    return {"span": span, "start": start, "agent_key": agent, "channel": channel, "language": language,
            "month": month, **{f: (BitMap(s).serialize() if s else None) for f, s in zip(FLAGS, groups, strict=True)}}


def _talk_sets(conn: sa.Connection, talk_daily: sa.Table, sets: sa.Table, first: date) -> None:
    """Day and month talk-time histograms of one month: sorted (seconds, n) pairs as little-endian int64."""
    t = talk_daily.c
    q = sa.select(t.day, t.agent_key, t.language, t.month, t.talk_seconds, t.n).where(
        t.day >= first, t.day < _next_month(first))
    days: dict[tuple, Counter] = defaultdict(Counter)
    months: dict[tuple, Counter] = defaultdict(Counter)
    for day, agent, language, month, seconds, n in conn.execute(q):
        for who in (agent, ALL_AGENTS):
            days[(day, who, language, month)][seconds] += n
            months[(who, language, month)][seconds] += n
    rows = [_talk_row("day", day, key, counts) for (day, *key), counts in days.items()]
    rows += [_talk_row("month", first, list(key), counts) for key, counts in months.items()]
    _insert(conn, sets, rows)


def _talk_row(span: str, start: date, key: list, counts: Counter) -> dict:
    agent, language, month = key
    pairs = sorted(counts.items())
    blob = struct.pack(f"<{2 * len(pairs)}q", *[v for pair in pairs for v in pair])
    return {"span": span, "start": start, "agent_key": agent, "language": language, "month": month,
            "histogram": blob}


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
