"""The coaching loop (metrics.coaching, metrics.disputes): sessions, disputes, rescores, audit."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Float, Index, Integer, String, Table, Text

from sql.schema.base import ID, metadata

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
