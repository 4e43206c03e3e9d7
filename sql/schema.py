"""The database schema: one source of truth for every table (SQLAlchemy Core).

Timestamps are stored as naive UTC (`DateTime` without zone) so that the same
comparisons work on every engine. Raw tables carry `run_id`, the ingest run
that last changed the row. There are no foreign keys on raw tables on purpose:
rosters lag behind telephony, so a call may name an agent we do not know yet.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(64)

agents = Table(
    "agents",
    metadata,
    Column("agent_id", ID, primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("preferred_name", String(100)),
    Column("aliases", Text),
    Column("email", String(254)),
    Column("team", String(100)),
    Column("site", String(100)),
    Column("country", String(2)),
    Column("languages", String(100)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("manager_id", ID),
    Column("run_id", Integer),
    Index(None, "email"),
    Index(None, "team"),
)

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", ID, primary_key=True),
    Column("customer_name", String(200)),
    Column("phone", String(20)),
    Column("email", String(254)),
    Column("timezone", String(64)),
    Column("client", String(200)),
    Column("run_id", Integer),
    Index(None, "customer_name"),
    Index(None, "run_id"),
)

pauses = Table(
    "pauses",
    metadata,
    Column("account_id", ID, primary_key=True),
    Column("paused_from", DateTime, primary_key=True),
    Column("paused_until", DateTime),
    Column("reason", Text),
    Column("run_id", Integer),
)

consents = Table(
    "consents",
    metadata,
    Column("account_id", ID, primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("given_at", DateTime, primary_key=True),
    Column("until", DateTime),
    Column("revoked_at", DateTime),
    Column("note", Text),
    Column("run_id", Integer),
    Index(None, "run_id"),
)
"""Prior consents given directly by the consumer (Regulation F): `calls` or `calling_hours`."""

calls = Table(
    "calls",
    metadata,
    Column("call_id", ID, primary_key=True),
    Column("account_id", ID, nullable=False),
    Column("direction", String(8), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("talk_seconds", Integer, nullable=False),
    Column("disposition", String(16), nullable=False),
    Column("handled_by", String(16), nullable=False),
    Column("agent_id", ID),
    Column("handoff_agent_id", ID),
    Column("outcome", String(32)),
    Column("language", String(8)),
    Column("dialled_number", String(20)),
    Column("run_id", Integer),
    # an account's interactions in time order, with what attribution's history reads (no table lookups)
    Index("ix_calls_account_history", "account_id", "started_at", "talk_seconds", "handled_by", "agent_id",
          "handoff_agent_id"),
    Index(None, "agent_id", "started_at"),
    Index(None, "handoff_agent_id", "started_at"),
    Index(None, "started_at"),
)

digital = Table(
    "digital",
    metadata,
    Column("interaction_id", ID, primary_key=True),
    Column("account_id", ID, nullable=False),
    Column("channel", String(8), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("agent_id", ID),
    Column("outcome", String(32)),
    Column("language", String(8)),
    Column("run_id", Integer),
    Index("ix_digital_account_history", "account_id", "started_at", "direction", "agent_id", "channel"),
    Index(None, "agent_id", "started_at"),
    Index(None, "started_at"),
)

qa_evaluations = Table(
    "qa_evaluations",
    metadata,
    Column("evaluation_id", ID, primary_key=True),
    Column("criterion", String(200), primary_key=True),
    Column("interaction_id", ID, nullable=False),
    Column("agent_id", ID, nullable=False),
    Column("evaluator", String(200)),
    Column("evaluated_at", DateTime, nullable=False),
    Column("score", Float, nullable=False),
    Column("max_score", Float, nullable=False),
    Column("critical", Boolean, nullable=False),
    Column("run_id", Integer),
    Index(None, "agent_id", "evaluated_at"),
    Index(None, "evaluated_at"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("review_id", String(200), primary_key=True),
    Column("name", Text),
    Column("location_id", String(200)),
    Column("reviewer_name", String(300)),
    Column("reviewer_is_anonymous", Boolean, nullable=False),
    Column("star_rating", Integer),
    Column("comment", Text),
    Column("comment_original", Text),
    Column("comment_translation", Text),
    Column("language", String(8)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("reply_comment", Text),
    Column("reply_updated_at", DateTime),
    Column("is_deleted", Boolean, nullable=False, default=False),
    Column("polarity", Float),
    Column("subjectivity", Float),
    Column("is_rating_text_mismatch", Boolean),
    Column("attributed_update", DateTime),
    Column("run_id", Integer),
    Index(None, "created_at"),
    Index(None, "reviewer_name"),
    Index(None, "attributed_update"),
    Index(None, "run_id"),
)

review_versions = Table(
    "review_versions",
    metadata,
    Column("review_id", String(200), primary_key=True),
    Column("updated_at", DateTime, primary_key=True),
    Column("star_rating", Integer),
    Column("comment", Text),
    Column("reviewer_name", String(300)),
    Column("raw_json", Text, nullable=False),
    Column("run_id", Integer),
)

attributions = Table(
    "attributions",
    metadata,
    Column("review_id", String(200), primary_key=True),
    Column("agent_id", ID, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("method", String(32), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("decided_by", String(254)),
    Column("decided_at", DateTime),
    Column("computed_at", DateTime, nullable=False),
    Index(None, "agent_id", "status"),
    Index(None, "status"),
)

attribution_decisions = Table(
    "attribution_decisions",
    metadata,
    Column("decision_id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", String(200), nullable=False),
    Column("agent_id", ID),
    Column("action", String(32), nullable=False),
    Column("status_before", String(16)),
    Column("status_after", String(16)),
    Column("decided_by", String(254), nullable=False),
    Column("decided_at", DateTime, nullable=False),
    Column("note", Text),
    Index(None, "review_id"),
)

review_flags = Table(
    "review_flags",
    metadata,
    Column("review_id", String(200), primary_key=True),
    Column("flag", String(32), primary_key=True),
    Column("detail", Text),
    Column("raised_at", DateTime, nullable=False),
    Column("cleared_by", String(254)),
    Column("cleared_at", DateTime),
)

account_name_keys = Table(
    "account_name_keys",
    metadata,
    Column("name_key", String(200), primary_key=True),
    Column("account_id", ID, primary_key=True),
    Column("customer_name", String(200)),
)
"""Folded forms of `accounts.customer_name` ("maria gonzalez", "maria g") for matching reviewers."""

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(32), nullable=False),
    Column("file_path", Text),
    Column("checksum", String(64)),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("inserted", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("message", Text),
    Index(None, "source", "started_at"),
)

ingest_rejects = Table(
    "ingest_rejects",
    metadata,
    Column("reject_id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, nullable=False),
    Column("file_path", Text, nullable=False),
    Column("line", Integer),
    Column("column_name", String(100)),
    Column("value", Text),
    Column("reason", Text, nullable=False),
    Index(None, "run_id"),
)

sync_bookmarks = Table(
    "sync_bookmarks",
    metadata,
    Column("source", String(32), primary_key=True),
    Column("partition_key", String(200), primary_key=True),
    Column("bookmark", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

prize_draws = Table(
    "prize_draws",
    metadata,
    Column("draw_id", Integer, primary_key=True, autoincrement=True),
    Column("month", String(7), nullable=False),
    Column("weighted", Boolean, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("entrants_json", Text, nullable=False),
    Column("winner_agent_id", ID),
    Column("drawn_at", DateTime, nullable=False),
    Column("drawn_by", String(254)),
)

# One row per (digest, period, recipient): the send log of `notify`. A row marked `sent` is never
# sent again; `failed` (and a `sending` claim left by a crashed run) is retried on the next run.
notify_sends = Table(
    "notify_sends",
    metadata,
    Column("digest", String(16), primary_key=True),
    Column("period", String(16), primary_key=True),
    Column("recipient", String(320), primary_key=True),
    Column("destination", String(64), nullable=False),
    Column("status", String(8), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("sent_at", DateTime, nullable=False),
    Index(None, "sent_at"),
)

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


# --- The coaching loop (metrics.coaching, metrics.disputes): sessions, disputes, rescores, audit.
# Rows are written by the app and the CLI (or a bulk import of past sessions), never by the ingest.

coaching_sessions = Table(
    "coaching_sessions",
    metadata,
    Column("session_id", Integer, primary_key=True, autoincrement=True),
    Column("agent_id", ID, nullable=False),
    Column("session_date", Date, nullable=False),
    Column("coached_by", String(254), nullable=False),
    Column("notes", Text),
    Column("follow_up_on", Date),
    Column("source", String(8), nullable=False),
    Column("logged_by", String(254), nullable=False),
    Column("logged_at", DateTime, nullable=False),
    # one session per agent, day and coach: the key a re-import of the same file updates
    Index(None, "agent_id", "session_date", "coached_by", unique=True),
    Index(None, "session_date"),
)

coaching_session_criteria = Table(
    "coaching_session_criteria",
    metadata,
    Column("session_id", Integer, primary_key=True),
    Column("criterion", String(200), primary_key=True),
)

qa_disputes = Table(
    "qa_disputes",
    metadata,
    Column("dispute_id", Integer, primary_key=True, autoincrement=True),
    Column("evaluation_id", ID, nullable=False),
    Column("agent_id", ID, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raised_by", String(254), nullable=False),
    Column("raised_at", DateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(254)),
    Column("decided_at", DateTime),
    Column("decision_note", Text),
    Index(None, "evaluation_id"),
    Index(None, "status"),
)

qa_rescores = Table(
    "qa_rescores",
    metadata,
    Column("rescore_id", Integer, primary_key=True, autoincrement=True),
    Column("evaluation_id", ID, nullable=False),
    Column("criterion", String(200), nullable=False),
    Column("dispute_id", Integer),
    Column("score_before", Float, nullable=False),
    Column("score_after", Float, nullable=False),
    Column("rescored_by", String(254), nullable=False),
    Column("rescored_at", DateTime, nullable=False),
    # the latest rescore of an (evaluation, criterion) is its effective score
    Index(None, "evaluation_id", "criterion", "rescore_id"),
)

qa_audit = Table(
    "qa_audit",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(254), nullable=False),
    Column("role", String(16), nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", String(100), nullable=False),
    Column("agent_id", ID),
    Column("detail", Text),
    Index(None, "subject"),
    Index(None, "agent_id", "at"),
)
