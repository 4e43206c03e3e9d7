"""Metrics rollups, kept by `metrics.rollups` after each load and rebuildable from the raw tables."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, LargeBinary, String, Table, Text, false

from sql.schema.base import ID, metadata

# --- Metrics rollups (maintained by metrics.rollups.daily after each load; rebuildable) ---
# `agent_key` is who an interaction counts for (see METRICS.md): the agent, the
# handoff agent of a voice-AI call, "voice_ai", or "" (nobody). `language` "" = none.


def _grain(*keys: Column) -> list[Column]:
    """The rollups' key: UTC day (or first of the month), who it counts for, channel, language, `keys`; + month."""
    return [
        Column("day", Date, primary_key=True),
        Column("agent_key", ID, primary_key=True),
        Column("channel", String(8), primary_key=True),
        Column("language", String(8), primary_key=True),
        *keys,
        Column("month", String(7), nullable=False),
    ]


def _contacts_rollup(name: str) -> Table:
    """Contact counts per (day, agent_key, channel, language): one shape for the day, month and "*" tables."""
    return Table(
        name,
        metadata,
        *_grain(),
        Column("interactions", Integer, nullable=False),
        Column("contacts", Integer, nullable=False),
        Column("conversions", Integer, nullable=False),
        Column("resolutions", Integer, nullable=False),
        Column("talk_sum", Integer, nullable=False),
        Column("talk_n", Integer, nullable=False),
        Column("ai_calls", Integer, nullable=False),
        Column("ai_handoffs", Integer, nullable=False),
        Column("placed_calls", Integer, nullable=False),
    )


def _outcomes_rollup(name: str) -> Table:
    """Engaged interactions per outcome and (day, agent_key, channel, language), by day or by month."""
    return Table(
        name,
        metadata,
        *_grain(Column("outcome", String(32), primary_key=True)),
        Column("n", Integer, nullable=False),
    )


metrics_contacts_daily = _contacts_rollup("metrics_contacts_daily")

metrics_account_days = Table(
    "metrics_account_days",
    metadata,
    *_grain(Column("account_id", ID, primary_key=True)),
    Column("engaged", Integer, nullable=False),
    Column("inbound_digital", Integer, nullable=False),
    Column("inbound_call", Integer, nullable=False),
)

metrics_talk_daily = Table(
    "metrics_talk_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("agent_key", ID, primary_key=True),
    Column("language", String(8), primary_key=True),
    Column("talk_seconds", Integer, primary_key=True),
    Column("month", String(7), nullable=False),
    Column("n", Integer, nullable=False),
)

metrics_outcomes_daily = _outcomes_rollup("metrics_outcomes_daily")

metrics_fact_keys = Table(
    "metrics_fact_keys",
    metadata,
    Column("source", String(8), primary_key=True),
    Column("interaction_id", ID, primary_key=True),
    Column("day", Date, nullable=False),
    Column("account_id", ID, nullable=False),
)

metrics_violations = Table(
    "metrics_violations",
    metadata,
    Column("source", String(8), primary_key=True),
    Column("interaction_id", ID, primary_key=True),
    Column("rule", String(24), primary_key=True),
    Column("account_id", ID, nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("local_time", String(40)),
    Column("placed_by", ID, nullable=False),
    Column("agent_key", ID, nullable=False),
    Column("channel", String(8), nullable=False),
    Column("language", String(8), nullable=False),
    Column("month", String(7), nullable=False),
    Column("placed", Boolean, nullable=False, server_default=false()),  # a placed call (compliance_rate)
    Column("evidence", Text),  # JSON: what the finding rests on (metrics.rollups.regf)
    # Covers `violation_counts` and the findings listing of a period: index-only scans.
    Index("ix_metrics_violations_period", "started_at", "agent_key", "source", "interaction_id", "rule",
          "account_id", "local_time", "placed_by"),
    Index(None, "account_id"),
)


# --- Metrics fast path (metrics.rollups.monthly, metrics.rollups.set_rollups): month rollups and
# compressed sets, maintained with the daily rollups and rebuilt by `refresh_all`.
# `span` is "day" or "month"; `start` is that day or the first day of the month.
# `agent_key` "*" rows hold the union over every agent_key (leadership, no person cut).

metrics_contacts_monthly = _contacts_rollup("metrics_contacts_monthly")

# The day rows of metrics_contacts_daily summed over every agent_key (agent_key "*").
metrics_contacts_everyone_daily = _contacts_rollup("metrics_contacts_everyone_daily")

metrics_outcomes_monthly = _outcomes_rollup("metrics_outcomes_monthly")

metrics_account_ids = Table(
    "metrics_account_ids",
    metadata,
    Column("account_id", ID, primary_key=True),
    Column("account_no", Integer, nullable=False, unique=True),
)

def _set_grain(*keys: Column) -> list:
    """The stored sets' key: span ("day"/"month"), its first day, who it counts for, `keys`; + month; and
    the index that reads one person's (or everyone's) sets of a period."""
    return [
        Column("span", String(5), primary_key=True),
        Column("start", Date, primary_key=True),
        Column("agent_key", ID, primary_key=True),
        *keys,
        Column("month", String(7), nullable=False),
        Index(None, "agent_key", "span", "start"),
    ]


metrics_account_sets = Table(
    "metrics_account_sets",
    metadata,
    *_set_grain(Column("channel", String(8), primary_key=True), Column("language", String(8), primary_key=True)),
    Column("accounts_any", LargeBinary, nullable=False),
    Column("accounts_engaged", LargeBinary),
    Column("accounts_inbound_digital", LargeBinary),
    Column("accounts_inbound_call", LargeBinary),
)

metrics_talk_sets = Table(
    "metrics_talk_sets",
    metadata,
    *_set_grain(Column("language", String(8), primary_key=True)),
    Column("histogram", LargeBinary, nullable=False),
)
