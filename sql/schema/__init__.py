"""The database schema: one source of truth for every table (SQLAlchemy Core), by subject.

Timestamps are stored as naive UTC (`DateTime` without zone) so that the same
comparisons work on every engine. Raw tables carry `run_id`, the ingest run
that last changed the row. There are no foreign keys on raw tables on purpose:
rosters lag behind telephony, so a call may name an agent we do not know yet.

`base` holds the metadata; `contract` the raw tables, `attribution`, `records` (runs, bookmarks,
draws, send log, pending rebuilds), `rollups` (metrics) and `coaching` the rest. Import tables from `sql.schema`.
"""

from __future__ import annotations

from sql.schema.attribution import account_name_keys, attribution_decisions, attributions, review_flags
from sql.schema.base import ID, metadata
from sql.schema.coaching import coaching_session_criteria, coaching_sessions, qa_audit, qa_disputes, qa_rescores
from sql.schema.contract import (
    accounts,
    agents,
    calls,
    consents,
    digital,
    pauses,
    qa_evaluations,
    review_versions,
    reviews,
)
from sql.schema.records import (
    ingest_rejects,
    ingest_runs,
    notify_sends,
    pending_rebuilds,
    prize_draws,
    sync_bookmarks,
)
from sql.schema.rollups import (
    metrics_account_days,
    metrics_account_ids,
    metrics_account_sets,
    metrics_contacts_daily,
    metrics_contacts_everyone_daily,
    metrics_contacts_monthly,
    metrics_fact_keys,
    metrics_outcomes_daily,
    metrics_outcomes_monthly,
    metrics_talk_daily,
    metrics_talk_sets,
    metrics_violations,
)

__all__ = [
    "ID",
    "account_name_keys",
    "accounts",
    "agents",
    "attribution_decisions",
    "attributions",
    "calls",
    "coaching_session_criteria",
    "coaching_sessions",
    "consents",
    "digital",
    "ingest_rejects",
    "ingest_runs",
    "metadata",
    "metrics_account_days",
    "metrics_account_ids",
    "metrics_account_sets",
    "metrics_contacts_daily",
    "metrics_contacts_everyone_daily",
    "metrics_contacts_monthly",
    "metrics_fact_keys",
    "metrics_outcomes_daily",
    "metrics_outcomes_monthly",
    "metrics_talk_daily",
    "metrics_talk_sets",
    "metrics_violations",
    "notify_sends",
    "pauses",
    "pending_rebuilds",
    "prize_draws",
    "qa_audit",
    "qa_disputes",
    "qa_evaluations",
    "qa_rescores",
    "review_flags",
    "review_versions",
    "reviews",
    "sync_bookmarks",
]
