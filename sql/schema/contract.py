"""The data contract's raw tables: roster, accounts, pauses, consents, calls, conversations, QA, reviews.

Raw tables carry `run_id`, the ingest run that last changed the row, and no foreign keys on
purpose: rosters lag behind telephony, so a call may name an agent we do not know yet.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Index, Integer, String, Table, Text

from sql.schema.base import ID, metadata

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
